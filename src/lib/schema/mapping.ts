import { TABLES, type CanonicalTable, type FieldDef } from './canonical';
import type { ParserSpec } from './parsers';
import type { RowRules } from './row-rule-choices';

/** One canonical field: the source column feeding it (null = not mapped) and how to parse it. */
export interface FieldMapping {
  source: string | null;
  parser: ParserSpec;
  /** Why the mapping step proposed this column (absent once the user chose it). */
  why?: ProposalReason;
}

/** A header synonym ('synonym' is the name that matched), the column's values, or the only column of its kind. */
export type ProposalReason =
  | { by: 'header'; synonym: string }
  | { by: 'values'; kind: string }
  | { by: 'only_date'; from: string };

/** How one raw table becomes one canonical table. Fields absent from `fields` are unmapped. */
export interface TableMapping {
  table: CanonicalTable;
  /** The raw table (`raw_<n>`) read from the file. */
  raw: string;
  /** Every column of the raw table, in order (without `_row`). */
  rawColumns: string[];
  fields: Partial<Record<string, FieldMapping>>;
}

/**
 * A whole book: `loans` is required, `snapshots` and `inspections` optional. The tables join on
 * `loan_id` (snapshots.loan_id and inspections.loan_id → loans.loan_id).
 */
export interface Mapping {
  version: 1;
  tables: TableMapping[];
  /** The user's choices for rows that should not enter the book; absent ones take DEFAULT_ROW_RULES. */
  rules?: Partial<RowRules>;
  /** The book's currency (ISO 4217), proposed from the export (schema/currency.ts) and kept in `book_settings`. */
  currency?: string | null;
}

export const JOIN_KEY = 'loan_id';

/** Fields whose values decide whether a loan defaulted; one of them must be mapped. */
export const OUTCOME_FIELDS = ['default_flag', 'dpd', 'five_class'] as const;

export const REQUIRED_FIELDS: Record<CanonicalTable, readonly string[]> = {
  loans: ['amount'],
  snapshots: ['loan_id', 'snapshot_date'],
  inspections: ['loan_id', 'inspection_date'],
};

export type FieldStatus = 'mapped' | 'derived' | 'generated' | 'missing';

export interface FieldInfo {
  table: CanonicalTable;
  field: string;
  status: FieldStatus;
  source: string | null;
  /** Why a derived or generated field has its values. */
  note?: string;
}

export function fieldDefs(table: CanonicalTable): readonly FieldDef[] {
  return TABLES[table];
}

export function mappedSource(tm: TableMapping, field: string): string | null {
  const fm = tm.fields[field];
  return fm && fm.source !== null && tm.rawColumns.includes(fm.source) ? fm.source : null;
}

/** What each canonical field will hold once the mapping is built (also written to `book_fields`). */
export function fieldStatuses(mapping: Mapping): FieldInfo[] {
  const out: FieldInfo[] = [];
  for (const table of Object.keys(TABLES) as CanonicalTable[]) {
    const tm = mapping.tables.find((t) => t.table === table);
    for (const def of TABLES[table]) {
      const source = tm ? mappedSource(tm, def.name) : null;
      let status: FieldStatus = source ? 'mapped' : 'missing';
      let note: string | undefined;
      if (!source && tm && table === 'loans' && def.name === 'loan_id') {
        status = 'generated';
        note = "'row-' followed by the source row number";
      }
      out.push({ table, field: def.name, status, source, note });
    }
  }
  return out;
}

export interface MappingProblem {
  table: CanonicalTable;
  /** The canonical fields of which one must be mapped (several: any one of them). */
  fields: string[];
  /** The same in words, for English messages outside the app ('default_flag, default_date, dpd or five_class'). */
  field: string;
  /** Words for the message: what the table needs. */
  need: string;
}

/** Required fields that are not mapped. An empty list means the mapping can be built. */
export function mappingProblems(mapping: Mapping): MappingProblem[] {
  const problems: MappingProblem[] = [];
  const loans = mapping.tables.find((t) => t.table === 'loans');
  if (!loans) return [{ table: 'loans', fields: ['amount'], field: 'amount', need: 'a loans table with an amount and an outcome' }];
  for (const tm of mapping.tables) {
    for (const field of REQUIRED_FIELDS[tm.table]) {
      if (!mappedSource(tm, field)) problems.push({ table: tm.table, fields: [field], field, need: needOf(tm.table) });
    }
  }
  const outcome = ['default_flag', 'default_date', 'dpd', 'five_class'];
  if (!outcome.some((f) => mappedSource(loans, f))) {
    problems.push({ table: 'loans', fields: outcome, field: 'default_flag, default_date, dpd or five_class', need: needOf('loans') });
  }
  return problems;
}

function needOf(table: CanonicalTable): string {
  return table === 'loans'
    ? 'an amount and an outcome (default flag, days past due or five-category class)'
    : `a loan id (to join to loans on loan_id) and a ${table === 'snapshots' ? 'snapshot' : 'inspection'} date`;
}

/** The parameters of a missing-field ImportError: English words, and the table and fields for the app to name in its language. */
export function problemParams(p: MappingProblem): Record<string, string> {
  return { field: `${p.table}.${p.field}`, need: p.need, table: p.table, fields: p.fields.join(',') };
}
