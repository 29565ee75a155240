import type { Db } from '../db/types';
import { column as columnValues } from '../db/rows';
import { nextTask } from '../next-task';
import { ident } from '../sql/quote';
import type { RawTable } from '../ingest/raw-table';
import { TABLES, type CanonicalTable, type FieldDef } from './canonical';
import type { FieldMapping, Mapping, TableMapping } from './mapping';
import {
  DEFAULT_FALSE_VALUES,
  DEFAULT_TRUE_VALUES,
  defaultParser,
  detectDateFormat,
  detectDecimalSeparator,
  normaliseLabel,
  type DecimalSeparator,
  type ParserSpec,
} from './parsers';
import { SYNONYMS, headerUnit, normaliseHeader } from './synonyms';
import { VOCABULARIES } from './vocabulary';
import { recodeParser, valueCounts } from './values';

export type ValueKind = 'empty' | 'date' | 'number' | 'class' | 'flag' | 'text';

/** What a raw column holds, from its first rows: shown beside the mapping with sample values. */
export interface ColumnProfile {
  column: string;
  /** Distinct non-empty values from the first rows, most frequent first. */
  samples: string[];
  kind: ValueKind;
  /** Distinct non-empty values among the profiled rows (capped). */
  distinctInSample: number;
  /** The decimal separator its numbers use, when they tell (see detectDecimalSeparator). */
  decimal?: DecimalSeparator;
}

const PROFILE_ROWS = 2000;

/** Profiles each column from the first rows; one column a task, so a wide file never blocks the page. */
export async function profileColumns(db: Db, raw: string, columns: readonly string[], decimalFallback: DecimalSeparator = '.'): Promise<ColumnProfile[]> {
  const head = await db.query(`SELECT ${columns.length ? columns.map(ident).join(', ') : '_row'} FROM ${ident(raw)} ORDER BY _row LIMIT ${PROFILE_ROWS}`);
  const out: ColumnProfile[] = [];
  for (const column of columns) {
    await nextTask();
    const counts = new Map<string, number>();
    for (const v of columnValues(head, column)) {
      if (v === null || v === undefined || String(v).trim() === '') continue;
      counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
    }
    const samples = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([v]) => v);
    out.push({
      column,
      samples: samples.slice(0, 12),
      kind: kindOf(samples.slice(0, 200)),
      distinctInSample: samples.length,
      decimal: detectDecimalSeparator(samples, decimalFallback),
    });
  }
  return out;
}

/** The kind of values a column holds, judged in TS on distinct sample values (the SQL parsers decide for real). */
export function kindOf(values: readonly string[]): ValueKind {
  if (values.length === 0) return 'empty';
  const share = (test: (v: string) => boolean) => values.filter(test).length / values.length;
  if (values.length <= 20 && values.every(isClassLabel) && values.some((v) => /\D/.test(v))) return 'class';
  if (values.length <= 3 && values.every(isFlagValue)) return 'flag';
  if (share((v) => DATE_TEXT.test(v.trim())) >= 0.9) return 'date';
  if (share((v) => NUMBER_TEXT.test(v.trim())) >= 0.9) return 'number';
  return 'text';
}

const DATE_TEXT = /^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?([ T].*)?$|^(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/;
const NUMBER_TEXT = /^[(（+-]?\s*(RMB|CNY|USD|[¥$￥])?\s*[\d.,，]+(e[+-]?\d+)?\s*(%|％|万元|万|亿元|亿|千元|元)?[)）]?$/i;

const CLASS_WORDS = new Set(['正常', '关注', '次级', '可疑', '损失', 'normal', 'pass', 'special mention', 'substandard', 'doubtful', 'loss']);
const isClassLabel = (v: string) => CLASS_WORDS.has(normaliseLabel(v)) || /^[1-5]$/.test(v.trim());
const isFlagValue = (v: string) => [...DEFAULT_TRUE_VALUES, ...DEFAULT_FALSE_VALUES].includes(normaliseLabel(v));

/** A proposed mapping for one raw table, with the profiles it was based on. */
export interface Proposal {
  mapping: TableMapping;
  profiles: ColumnProfile[];
}

/**
 * Maps columns to canonical fields by header name (canonical names, English and Chinese
 * synonyms), then a five-category column by its content; picks each field's parser from the
 * column's values (date format, unit from the header, flag values). The user edits the result.
 */
export async function proposeTableMapping(db: Db, raw: RawTable, table: CanonicalTable = 'loans'): Promise<Proposal> {
  const profiles = await profileColumns(db, raw.table, raw.columns, raw.decimalHint);
  const byColumn = new Map(profiles.map((p) => [p.column, p]));
  const used = new Set<string>();
  const fields: Partial<Record<string, FieldMapping>> = {};
  const synonyms = SYNONYMS[table];
  const normalised = raw.columns.map((c) => ({ column: c, key: normaliseHeader(c) }));
  for (const def of TABLES[table]) {
    const names = [def.name, ...(synonyms[def.name] ?? [])];
    for (const name of names) {
      const hit = normalised.find((n) => n.key === normaliseHeader(name) && !used.has(n.column));
      if (hit) {
        used.add(hit.column);
        fields[def.name] = { source: hit.column, parser: parserFor(def, hit.column, byColumn.get(hit.column)!), why: { by: 'header', synonym: name } };
        break;
      }
    }
  }
  // A disbursement date is the start of the loan when the export has no other date for it.
  if (table === 'loans' && !fields.origination_date && fields.disbursement_date?.source) {
    const source = fields.disbursement_date.source;
    fields.origination_date = { source, parser: parserFor(TABLES.loans.find((d) => d.name === 'origination_date')!, source, byColumn.get(source)!), why: { by: 'only_date', from: 'disbursement_date' } };
  }
  if (!fields.five_class && TABLES[table].some((d) => d.name === 'five_class')) {
    const classColumn = profiles.find((p) => p.kind === 'class' && !used.has(p.column) && p.samples.some((v) => /\D/.test(v)));
    if (classColumn) {
      used.add(classColumn.column);
      fields.five_class = { source: classColumn.column, parser: { kind: 'class' }, why: { by: 'values', kind: 'class' } };
    }
  }
  // Value mappings from every distinct value of the column, not only the profiled rows'.
  for (const [field, fm] of Object.entries(fields)) {
    if (!fm?.source || !(field in VOCABULARIES)) continue;
    const { values, more } = await valueCounts(db, raw.table, fm.source);
    if (!more) fm.parser = recodeParser(field, values);
  }
  return { mapping: { table, raw: raw.table, rawColumns: [...raw.columns], fields }, profiles };
}

/** Proposes a whole book; the first table is the loans table unless said otherwise. */
export async function proposeMapping(db: Db, tables: readonly { raw: RawTable; table: CanonicalTable }[]): Promise<{ mapping: Mapping; proposals: Proposal[] }> {
  const proposals: Proposal[] = [];
  for (const t of tables) proposals.push(await proposeTableMapping(db, t.raw, t.table));
  return { mapping: { version: 1, tables: proposals.map((p) => p.mapping) }, proposals };
}

/** The parser for `def` given the column's header and profile. */
export function parserFor(def: FieldDef, header: string, profile: ColumnProfile): ParserSpec {
  switch (def.type) {
    case 'date':
      return { kind: 'date', format: detectDateFormat(profile.samples) };
    case 'double':
    case 'integer': {
      const decimal = profile.decimal ?? '.';
      const number = (unit: number): ParserSpec => (decimal === ',' ? { kind: 'number', unit, decimal } : { kind: 'number', unit });
      const unit = headerUnit(header);
      if (unit !== null) return number(unit);
      if (def.name === 'interest_rate' || def.name === 'pd' || def.name === 'lgd') {
        const plain = (s: string) => (decimal === ',' ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, ''));
        const nums = profile.samples.map((s) => Number(plain(s.replace(/[%\s]/g, '')))).filter((n) => Number.isFinite(n));
        if (nums.length && !profile.samples.some((s) => s.includes('%')) && nums.some((n) => n > 1)) return number(0.01);
      }
      return number(1);
    }
    case 'boolean':
      return flagParser(profile.samples);
    case 'text':
      return def.name in VOCABULARIES ? recodeParser(def.name, profile.samples.map((value) => ({ value, count: 0 }))) : defaultParser(def.type);
    default:
      return defaultParser(def.type);
  }
}

/** A flag parser for a column's values: the values found in the default lists, the rest left for the user. */
export function flagParser(samples: readonly string[]): ParserSpec {
  const distinct = [...new Set(samples.map(normaliseLabel))];
  const trues = distinct.filter((v) => DEFAULT_TRUE_VALUES.includes(v));
  const falses = distinct.filter((v) => DEFAULT_FALSE_VALUES.includes(v));
  if (distinct.length > 0 && trues.length + falses.length === distinct.length && distinct.length <= 20) {
    return { kind: 'flag', trueValues: trues, falseValues: falses };
  }
  return { kind: 'flag', trueValues: [...DEFAULT_TRUE_VALUES], falseValues: [...DEFAULT_FALSE_VALUES] };
}
