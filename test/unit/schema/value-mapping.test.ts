import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { openNodeDb } from '../../../src/lib/db/node';
import type { Db } from '../../../src/lib/db/types';
import { rows, scalar } from '../../../src/lib/db/rows';
import { sniffFile } from '../../../src/lib/ingest/sniff';
import { readFile } from '../../../src/lib/ingest/read';
import { proposeMapping } from '../../../src/lib/schema/propose';
import { buildBook } from '../../../src/lib/schema/build';
import { buildFacts, inclusiveBasis } from '../../../src/lib/metrics/facts';
import { FLAG_RULES } from '../../../src/lib/metrics/flags/rules';
import { mappedValue, valueCounts, withValue } from '../../../src/lib/schema/values';
import { canonicalValue } from '../../../src/lib/schema/vocabulary';
import type { Mapping } from '../../../src/lib/schema/mapping';
import { applyProfile, makeProfile, parseProfiles, serialiseProfiles } from '../../../src/lib/schema/profiles';

const FILE = join(__dirname, '../../fixtures/core-export/core-export-gbk.csv');
// Columns of the raw export, by position (see generate.mjs).
const RAW = iconv.decode(readFileSync(FILE), 'gbk').trimEnd().split('\r\n').slice(1, -1).map((l) => l.split(','));

let db: Db;
let mapping: Mapping;
let rawTable: string;
beforeAll(async () => {
  db = await openNodeDb();
  const file = new Blob([readFileSync(FILE)]);
  const raw = await readFile(db, file, await sniffFile(file, 'core-export-gbk.csv'), { raggedRows: 'pad' });
  rawTable = raw.table;
  mapping = (await proposeMapping(db, [{ raw, table: 'loans' }])).mapping;
  await buildBook(db, mapping);
  await buildFacts(db);
});
afterAll(async () => db.close());

describe('value mapping of categorical fields', () => {
  it('proposes canonical values from Chinese words: sizes, guarantees, repayment, products', () => {
    const f = mapping.tables[0].fields;
    expect(f.enterprise_size?.parser).toEqual({ kind: 'text', recode: { 小型: 'small', 微型: 'micro', 中型: 'medium', 个体工商户: 'micro' } });
    expect(f.guarantee_type?.parser).toMatchObject({ kind: 'text', recode: { 信用: 'none', 保证: 'third_party', 抵押: 'mortgage', 质押: 'pledge' } });
    expect(f.repayment_method?.parser).toMatchObject({ kind: 'text', recode: { 等额本息: 'equal_installment', 等额本金: 'equal_principal', 按月付息到期还本: 'interest_only', 利随本清: 'bullet' } });
    expect(Object.keys((f.product?.parser as { recode: Record<string, string> }).recode).sort()).toEqual(['个人经营贷', '固定资产贷款', '普惠信用贷', '流动资金贷款']);
    expect(f.is_renewal?.parser).toEqual({ kind: 'flag', trueValues: ['是'], falseValues: ['否'] });
  });

  it('the book holds the canonical values, counted like the raw file', async () => {
    const bySize = Object.fromEntries(rows(await db.query('SELECT enterprise_size AS s, count(*)::DOUBLE AS n FROM loans GROUP BY 1')).map((r) => [r.s, r.n]));
    const accepted = new Set(rows(await db.query('SELECT _row FROM loans')).map((r) => Number(r._row)));
    const rawCount = (words: string[]) => RAW.filter((r, i) => accepted.has(i + 1) && words.includes(r[3])).length;
    expect(bySize).toEqual({ micro: rawCount(['微型', '个体工商户']), small: rawCount(['小型']), medium: rawCount(['中型']) });
  });

  it('inclusive SME counts 微型/小型 (and 个体工商户) by the borrower’s total credit: a share of about two thirds, not 0', async () => {
    expect(inclusiveBasis(new Set(['borrower_id']))).toBe('borrower_total');
    expect(inclusiveBasis(new Set(['borrower_id', 'credit_line']))).toBe('credit_line');
    expect(inclusiveBasis(new Set([]))).toBe('loan_amount');
    // Reference from the raw rows: borrower total of amounts (万元 × 10000) over accepted rows.
    const accepted = new Set(rows(await db.query('SELECT _row FROM loans')).map((r) => Number(r._row)));
    const kept = RAW.map((r, i) => ({ r, row: i + 1 })).filter((x) => accepted.has(x.row));
    const total = new Map<string, number>();
    for (const { r } of kept) total.set(r[1], (total.get(r[1]) ?? 0) + Number(r[9]) * 10000);
    const inclusive = kept.filter(({ r }) => ['微型', '小型', '个体工商户'].includes(r[3]) && total.get(r[1])! <= 10_000_000);
    const share = inclusive.reduce((s, { r }) => s + Number(r[10]), 0) / kept.reduce((s, { r }) => s + Number(r[10]), 0);
    const got = await scalar(db, 'SELECT sum(balance) FILTER (WHERE is_inclusive_sme) / sum(balance) FROM loan_facts');
    expect(got).toBeCloseTo(share, 9);
    expect(share).toBeGreaterThan(0.3);
    expect(await scalar(db, "SELECT bool_and(is_inclusive_sme) FROM loan_facts WHERE enterprise_size = 'micro' AND amount < 100000")).toBe(true);
  });

  it('the no-guarantee rule flags the 信用 loans, also in a book imported without value mapping', async () => {
    const rule = FLAG_RULES.find((r) => r.id === 'no_guarantee')!;
    const cond = rule.condition({}).sql;
    const accepted = new Set(rows(await db.query('SELECT _row FROM loans')).map((r) => Number(r._row)));
    const credit = RAW.filter((r, i) => accepted.has(i + 1) && r[12] === '信用').length;
    expect(credit).toBeGreaterThan(10);
    expect(await scalar(db, `SELECT count(*) FROM loan_facts WHERE ${cond}`)).toBe(credit);
    await db.exec("CREATE OR REPLACE TABLE unmapped AS SELECT * REPLACE (CASE guarantee_type WHEN 'none' THEN '信用' ELSE guarantee_type END AS guarantee_type) FROM loan_facts");
    expect(await scalar(db, `SELECT count(*) FROM unmapped WHERE ${cond}`)).toBe(credit);
  });

  it('lists each distinct value with its count; an edit maps one value and is saved with the profile', async () => {
    const source = mapping.tables[0].fields.guarantee_type!.source!;
    const { values, more } = await valueCounts(db, rawTable, source);
    expect(more).toBe(false);
    expect(values.map((v) => v.value).sort()).toEqual(['保证', '信用', '抵押', '质押']);
    expect(values.reduce((s, v) => s + v.count, 0)).toBe(RAW.filter((r) => r[12]).length);
    const spec = mapping.tables[0].fields.guarantee_type!.parser;
    expect(mappedValue(spec, '信用')).toBe('none');
    const edited = withValue(spec, '抵押', 'third_party');
    expect(mappedValue(edited, '抵押')).toBe('third_party');
    expect(mappedValue(withValue(edited, '抵押', ''), '抵押')).toBe('抵押');
    const flag = mapping.tables[0].fields.is_renewal!.parser;
    expect([mappedValue(flag, '是'), mappedValue(flag, '否'), mappedValue(flag, 'x')]).toEqual(['true', 'false', null]);
    expect(mappedValue(withValue({ kind: 'class' }, 'XYZ', '3'), 'XYZ')).toBe('3');

    const changed: Mapping = { ...mapping, rules: { duplicateId: 'reject_all' }, tables: [{ ...mapping.tables[0], fields: { ...mapping.tables[0].fields, guarantee_type: { source, parser: edited } } }] };
    const [back] = parseProfiles(serialiseProfiles([makeProfile('core', changed)]));
    const reapplied = applyProfile(back, [{ table: rawTable, columns: mapping.tables[0].rawColumns }]);
    expect(reapplied.tables[0].fields.guarantee_type!.parser).toEqual(edited);
    expect(reapplied.rules).toEqual({ duplicateId: 'reject_all' });
  });

  it('knows English words too', () => {
    expect(['Micro', 'small enterprise', 'Unsecured', 'Equal Installment'].map((v, i) => canonicalValue(['enterprise_size', 'enterprise_size', 'guarantee_type', 'repayment_method'][i], v))).toEqual([
      'micro', 'small', 'none', 'equal_installment',
    ]);
  });
});
