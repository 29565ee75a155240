import { DataType, type Table } from 'apache-arrow';
import { rows, type Row } from '../db/rows';
import { DbError, classifyDbError, type Db } from '../db/types';
import { viewName, type Notebook, type SqlCell } from './model';
import { dependencyOrder, isQueryLike, trimStatement } from './references';

/** More rows than this are not brought into the tab; the table says so. */
export const MAX_RESULT_ROWS = 100_000;

export interface ResultColumn {
  name: string;
  numeric: boolean;
}

export interface CellResult {
  /** The Arrow table as DuckDB returned it, kept for Parquet export. */
  arrow: Table;
  columns: ResultColumn[];
  rows: Row[];
  /** True when the query had more than MAX_RESULT_ROWS rows and only the first ones are here. */
  truncated: boolean;
  ms: number;
}

/** A problem in the notebook itself (not in DuckDB): `key` is an i18n key, `vars` its placeholders. */
export class NotebookRunError extends Error {
  constructor(
    readonly key: string,
    readonly vars: Record<string, string> = {},
    readonly detail = '',
  ) {
    super(key);
    this.name = 'NotebookRunError';
  }
}

export type CellError = DbError | NotebookRunError;

/**
 * Runs a SQL cell: (re)creates the views of the cells it reads, then its own view when it is
 * named, then its query. Errors come back as DbError (DuckDB's words) or NotebookRunError.
 */
export async function runSqlCell(
  db: Db,
  notebook: Notebook,
  cell: SqlCell,
  options: { signal?: AbortSignal; maxRows?: number } = {},
): Promise<CellResult> {
  const { signal, maxRows = MAX_RESULT_ROWS } = options;
  const sql = trimStatement(cell.source);
  if (!sql.trim()) throw new NotebookRunError('nb.error.empty');
  const started = performance.now();
  let deps: SqlCell[];
  try {
    deps = dependencyOrder(notebook, cell);
  } catch (e) {
    throw new NotebookRunError('nb.error.cycle', { path: e instanceof Error && 'path' in e ? (e.path as string[]).map(viewName).join(' → ') : '' });
  }
  for (const dep of deps) {
    if (!isQueryLike(dep.source)) throw new NotebookRunError('nb.error.depNotQuery', { view: viewName(dep.name) });
    try {
      await db.exec(createView(dep), [], { signal });
    } catch (e) {
      const err = classifyDbError(e);
      if (err.kind === 'cancelled') throw err;
      throw new NotebookRunError('nb.error.depFailed', { view: viewName(dep.name), message: err.message }, err.detail);
    }
  }
  let arrow: Table;
  try {
    if (isQueryLike(sql)) {
      if (cell.name) await db.exec(createView(cell), [], { signal });
      arrow = await db.query(`SELECT * FROM (\n${sql}\n) LIMIT ${maxRows + 1}`, [], { signal });
    } else {
      arrow = await db.query(sql, [], { signal });
    }
  } catch (e) {
    throw classifyDbError(e, sql);
  }
  const truncated = arrow.numRows > maxRows;
  if (truncated) arrow = arrow.slice(0, maxRows);
  return { arrow, columns: columnsOf(arrow), rows: rows(arrow), truncated, ms: performance.now() - started };
}

function createView(cell: SqlCell): string {
  return `CREATE OR REPLACE VIEW ${viewName(cell.name)} AS\n${trimStatement(cell.source)}\n`;
}

export function columnsOf(table: Table): ResultColumn[] {
  return table.schema.fields.map((f) => ({
    name: f.name,
    numeric: DataType.isInt(f.type) || DataType.isFloat(f.type) || DataType.isDecimal(f.type),
  }));
}

/** Message and detail of any error a cell run can end with, for the cell's error box. */
export function describeError(e: unknown, t: (key: string, vars?: Record<string, string>) => string): { message: string; detail: string; cancelled: boolean } {
  if (e instanceof NotebookRunError) return { message: t(e.key, e.vars), detail: e.detail, cancelled: false };
  const err = classifyDbError(e);
  if (err.kind === 'cancelled') return { message: t('nb.cancelled'), detail: '', cancelled: true };
  const structured = structuredError(err.detail);
  if (structured) return { message: structured.message, detail: structured.detail, cancelled: false };
  return { message: err.message, detail: err.detail, cancelled: false };
}

/**
 * DuckDB-WASM in the browser reports some errors as JSON (`{"exception_type":"Parser",
 * "exception_message":"syntax error at or near …"}`): the person reads the message, not the JSON.
 */
export function structuredError(detail: string): { message: string; detail: string } | null {
  if (!detail.trimStart().startsWith('{')) return null;
  try {
    const o = JSON.parse(detail) as { exception_type?: unknown; exception_message?: unknown };
    if (typeof o.exception_message !== 'string') return null;
    const type = typeof o.exception_type === 'string' ? `${o.exception_type} Error: ` : '';
    return { message: o.exception_message.split('\n')[0], detail: `${type}${o.exception_message}` };
  } catch {
    return null;
  }
}
