import { ident, type Fragment } from '../../sql/quote';
import { whereClause, type FilterSet } from '../../sql/filters';

/** Where the rows come from: `loan_facts` unless a test or script names another table. */
export interface DriverSource {
  table?: string;
  filters?: FilterSet;
}

/** `FROM <table> WHERE <filters>` (the WHERE only when there are filters). */
export function fromWhere(source: DriverSource = {}): Fragment {
  const where = whereClause(source.filters ?? []);
  const from = `FROM ${ident(source.table ?? 'loan_facts')}`;
  return { sql: where.sql ? `${from} ${where.sql}` : from, params: where.params };
}

/** A filter set as a boolean condition (`TRUE` when empty), e.g. to define a PSI population. */
export function filterCondition(filters: FilterSet): Fragment {
  const where = whereClause(filters);
  return where.sql ? { sql: `(${where.sql.slice('WHERE '.length)})`, params: where.params } : { sql: 'TRUE', params: [] };
}

/** A finite number as a SQL literal; thresholds and cut points are inlined, never user text. */
export function sqlNumber(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`Not a finite number: ${value}`);
  return `CAST(${String(value)} AS DOUBLE)`;
}
