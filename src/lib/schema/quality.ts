import type { Db, SqlParam } from '../db/types';
import { rows } from '../db/rows';
import { ident } from '../sql/quote';
import { TABLES, type CanonicalTable } from './canonical';
import { fieldExpr } from './field-expr';
import { blankSql, NO_PLAIN_SOURCES, plainSources, rawBlankSql, rawTextSql, type PlainSources } from './plain';
import { typedColumn, typedColumns } from '../ingest/raw-table';
import { mappedSource, type Mapping, type TableMapping } from './mapping';
import { withParserMacros } from './parsers';
import { REJECT_RULES, type RejectRule } from './row-rules';
import { plausibilityChecks } from './plausibility';

/** Before mapping: one raw column. */
export interface RawColumnQuality {
  column: string;
  rows: number;
  /** NULL or blank. */
  nulls: number;
  distinct: number;
}

/** After mapping: one canonical field, counted over every source row (accepted or not). */
export interface FieldQuality {
  table: CanonicalTable;
  field: string;
  source: string;
  nulls: number;
  /** Non-blank source values the parser could not read. */
  invalid: number;
  /** Distinct parsed values. */
  distinct: number;
  invalidExamples: string[];
}

export type { CheckKey, QualityCheck } from './quality-check';
import type { CheckKey, QualityCheck } from './quality-check';


export interface TableQuality {
  table: CanonicalTable;
  rowsIn: number;
  accepted: number;
  rejected: number;
  rejectedByField: { field: string; count: number }[];
  /** Rows each row rule rejected (see row-rules.ts), in the order the rules apply. */
  rejectedByRule: { rule: RejectRule; count: number }[];
  rejectExamples: { row: number; reason: string }[];
  fields: FieldQuality[];
}

export interface QualityReport {
  tables: TableQuality[];
  checks: QualityCheck[];
}

const num = (v: unknown) => Number(v ?? 0);

/**
 * Columns counted per scan: a distinct count holds a hash table per column, and 600 of them at
 * once ran the engine out of memory on a 352 KB file.
 */
export const RAW_QUALITY_BATCH = 32;

/** Null and distinct counts of every column of a raw table, one scan per batch of columns. */
export async function rawQuality(db: Db, raw: string, columns: readonly string[], batch = RAW_QUALITY_BATCH): Promise<RawColumnQuality[]> {
  const out: RawColumnQuality[] = [];
  // A typed column is counted as itself (its text is a function of it): no value is cast to text.
  const typed = await typedColumns(db, raw);
  const own = (c: string) => ident(typed.has(c) ? typedColumn(c) : c);
  for (let start = 0; start < columns.length || start === 0; start += batch) {
    const part = columns.slice(start, start + batch);
    const aggregates = part.flatMap((c, i) => [
      `count(*) FILTER (WHERE ${typed.has(c) ? `${own(c)} IS NULL` : blankSql(ident(c))})::DOUBLE AS n${i}`,
      `count(DISTINCT ${own(c)})::DOUBLE AS d${i}`,
    ]);
    const [r] = rows(await db.query(`SELECT ${['count(*)::DOUBLE AS rows', ...aggregates].join(', ')} FROM ${ident(raw)}`));
    out.push(...part.map((column, i) => ({ column, rows: num(r.rows), nulls: num(r[`n${i}`]), distinct: num(r[`d${i}`]) })));
    if (columns.length === 0) break;
  }
  return out;
}

/**
 * Per mapped field of one table, straight from its raw table: nulls, values the parser cannot
 * read (with examples) and distinct parsed values. Needs no build: the report before importing.
 */
export function mappedFieldQuality(db: Db, tm: TableMapping, options: { signal?: AbortSignal } = {}): Promise<FieldQuality[]> {
  return withParserMacros(db, async () => fieldQuality(db, tm, undefined, options.signal, await plainSources(db, tm, options.signal)));
}

/**
 * Counts of every mapped field in one scan, each value parsed once; examples only for fields with
 * unreadable values. `parsedFrom` is a table that already holds the parsed values by `_row` (the
 * build's intermediate table), else they are parsed from the raw table here.
 */
export async function fieldQuality(db: Db, tm: TableMapping, parsedFrom?: string, signal?: AbortSignal, plain: PlainSources = NO_PLAIN_SOURCES): Promise<FieldQuality[]> {
  const mapped = TABLES[tm.table].flatMap((def) => {
    const source = mappedSource(tm, def.name);
    return source ? [{ def, source, raw: rawTextSql(source, plain), blank: rawBlankSql(source, plain), parsed: parsedFrom ? `p.${ident(def.name)}` : fieldExpr(tm, def, plain) }] : [];
  });
  if (mapped.length === 0) return [];
  const from = parsedFrom ? `${ident(tm.raw)} r JOIN ${ident(parsedFrom)} p USING (_row)` : `${ident(tm.raw)} r`;
  const inner = mapped.flatMap(({ blank, parsed }, i) => [`${blank} AS b${i}`, `${parsed} AS v${i}`]);
  const aggregates = mapped.flatMap((_, i) => [
    `count(*) FILTER (WHERE b${i})::DOUBLE AS n${i}`,
    `count(*) FILTER (WHERE NOT b${i} AND v${i} IS NULL)::DOUBLE AS i${i}`,
    `count(DISTINCT v${i})::DOUBLE AS d${i}`,
  ]);
  const [q] = rows(await db.query(`SELECT ${aggregates.join(', ')} FROM (SELECT ${inner.join(', ')} FROM ${from})`, [], { signal }));
  const out: FieldQuality[] = [];
  for (const [i, { def, source, raw, blank, parsed }] of mapped.entries()) {
    const invalid = num(q[`i${i}`]);
    const examples = invalid
      ? rows(await db.query(`SELECT DISTINCT ${raw} AS v FROM ${from} WHERE NOT ${blank} AND ${parsed} IS NULL ORDER BY 1 LIMIT 5`)).map((e) => String(e.v))
      : [];
    out.push({ table: tm.table, field: def.name, source, nulls: num(q[`n${i}`]), invalid, distinct: num(q[`d${i}`]), invalidExamples: examples });
  }
  return out;
}

async function tableQuality(db: Db, tm: TableMapping, prefix: string, known?: FieldQuality[]): Promise<TableQuality> {
  const [c] = rows(
    await db.query(
      `SELECT (SELECT count(*) FROM ${ident(tm.raw)})::DOUBLE AS rows_in, (SELECT count(*) FROM ${ident(prefix + tm.table)})::DOUBLE AS accepted, (SELECT count(*) FROM rejects WHERE table_name = ?)::DOUBLE AS rejected`,
      [tm.table],
    ),
  );
  const byField = rows(
    await db.query(
      `SELECT rtrim(split_part(reason, ' ', 1), ':') AS field, count(*)::DOUBLE AS n FROM rejects WHERE table_name = ? GROUP BY 1 ORDER BY 2 DESC, 1`,
      [tm.table],
    ),
  ).map((r) => ({ field: String(r.field), count: num(r.n) }));
  const byRule = rows(await db.query('SELECT rule, count(*)::DOUBLE AS n FROM rejects WHERE table_name = ? GROUP BY 1', [tm.table]));
  const rejectedByRule = REJECT_RULES.map((rule) => ({ rule, count: num(byRule.find((r) => r.rule === rule)?.n) }));
  const examples = rows(await db.query('SELECT _row, reason FROM rejects WHERE table_name = ? ORDER BY _row LIMIT 20', [tm.table])).map((r) => ({
    row: num(r._row),
    reason: String(r.reason),
  }));
  return {
    table: tm.table,
    rowsIn: num(c.rows_in),
    accepted: num(c.accepted),
    rejected: num(c.rejected),
    rejectedByField: byField,
    rejectedByRule,
    rejectExamples: examples,
    fields: known ?? (await fieldQuality(db, tm, undefined, undefined, await plainSources(db, tm))),
  };
}

interface RuleDef {
  key: CheckKey;
  needs: string[];
  where: string;
  message: string;
}

const LOAN_RULES: RuleDef[] = [
  { key: 'negative_amounts', needs: ['amount'], where: 'amount < 0', message: 'Loans with a negative amount' },
  { key: 'zero_amounts', needs: ['amount'], where: 'amount = 0', message: 'Loans with an amount of zero' },
  { key: 'approval_before_application', needs: ['application_date', 'approval_date'], where: 'approval_date < application_date', message: 'Approved before the application date' },
  { key: 'disbursement_before_approval', needs: ['approval_date', 'disbursement_date'], where: 'disbursement_date < approval_date', message: 'Disbursed before approval' },
  { key: 'default_before_origination', needs: ['origination_date', 'default_date'], where: 'default_date < origination_date', message: 'Defaulted before origination' },
  { key: 'maturity_before_origination', needs: ['origination_date', 'maturity_date'], where: 'maturity_date < origination_date', message: 'Matures before origination' },
  {
    key: 'dpd_class_mismatch',
    needs: ['dpd', 'five_class'],
    where: 'five_class < CASE WHEN dpd > 360 THEN 5 WHEN dpd > 270 THEN 4 WHEN dpd > 90 THEN 3 WHEN dpd > 0 THEN 2 ELSE 1 END',
    message: 'Class better than days past due allow (any overdue ≥ special mention, > 90 ≥ substandard, > 270 ≥ doubtful, > 360 loss)',
  },
];

async function countWhere(db: Db, table: string, where: string, params: SqlParam[] = []): Promise<{ count: number; examples: string[] }> {
  const [c] = rows(await db.query(`SELECT count(*)::DOUBLE AS n FROM ${ident(table)} WHERE ${where}`, params));
  const examples = num(c.n)
    ? rows(await db.query(`SELECT loan_id FROM ${ident(table)} WHERE ${where} ORDER BY _row LIMIT 5`, params)).map((r) => String(r.loan_id))
    : [];
  return { count: num(c.n), examples };
}

async function loanChecks(db: Db, tm: TableMapping, prefix: string): Promise<QualityCheck[]> {
  const checks: QualityCheck[] = [];
  const loans = ident(`${prefix}loans`);
  const dup = rows(
    await db.query(`SELECT count(*)::DOUBLE AS ids, coalesce(sum(n), 0)::DOUBLE AS rows FROM (SELECT loan_id, count(*) AS n FROM ${loans} GROUP BY 1 HAVING count(*) > 1)`),
  )[0];
  const dupExamples = rows(await db.query(`SELECT loan_id FROM ${loans} GROUP BY 1 HAVING count(*) > 1 ORDER BY 1 LIMIT 5`)).map((r) => String(r.loan_id));
  checks.push({ key: 'duplicate_loan_ids', table: 'loans', count: num(dup.ids), rows: num(dup.rows), examples: dupExamples, message: 'Loan ids that appear more than once' });
  if (mappedSource(tm, 'loan_id')) {
    const g = await countWhere(db, `${prefix}loans`, `loan_id = 'row-' || CAST(_row AS VARCHAR) AND _row IN (SELECT _row FROM ${ident(tm.raw)} WHERE ${ident(mappedSource(tm, 'loan_id')!)} IS NULL)`);
    checks.push({ key: 'generated_loan_ids', table: 'loans', ...g, message: "Rows without a loan id, given 'row-<n>'" });
  }
  for (const rule of LOAN_RULES) {
    if (!rule.needs.every((f) => mappedSource(tm, f))) continue;
    checks.push({ key: rule.key, table: 'loans', ...(await countWhere(db, `${prefix}loans`, rule.where)), message: rule.message });
  }
  return checks;
}

async function orphanCheck(db: Db, table: CanonicalTable, prefix: string): Promise<QualityCheck> {
  const r = await countWhere(db, prefix + table, `loan_id NOT IN (SELECT loan_id FROM ${ident(`${prefix}loans`)})`);
  return { key: 'orphan_loan_ids', table, ...r, message: `${table} rows whose loan_id is not in loans` };
}

/** The data-quality report after `buildBook` (same `prefix`): rows in = accepted + rejected per table, field counts, warnings. */
export function qualityReport(db: Db, mapping: Mapping, options: { prefix?: string; fields?: FieldQuality[] } = {}): Promise<QualityReport> {
  const prefix = options.prefix ?? '';
  return withParserMacros(db, async () => {
    const tables: TableQuality[] = [];
    const checks: QualityCheck[] = [];
    for (const tm of mapping.tables) {
      const known = options.fields?.filter((f) => f.table === tm.table);
      tables.push(await tableQuality(db, tm, prefix, known?.length ? known : undefined));
      if (tm.table === 'loans') checks.push(...(await loanChecks(db, tm, prefix)));
      else checks.push(await orphanCheck(db, tm.table, prefix));
      checks.push(...(await plausibilityChecks(db, tm, prefix)));
    }
    return { tables, checks };
  });
}
