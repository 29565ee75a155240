import type { Db } from '../db/types';
import { ident } from '../sql/quote';
import { STAGE_PREFIX } from '../book/activate';
import { TABLES, sqlType, type CanonicalTable } from '../schema/canonical';
import type { ParquetSource } from './parquet-source';

const PART = 'pub_part';

/**
 * `SELECT` list giving a canonical table from `source`: every canonical column in schema order,
 * cast to its type, NULL when not (yet) fetched, then the book's own extra columns.
 */
export function canonicalSelect(table: CanonicalTable, fetched: readonly string[], from: (column: string) => string = ident): string {
  const have = new Set(fetched);
  const canonical = TABLES[table].map((f) => `CAST(${have.has(f.name) ? from(f.name) : 'NULL'} AS ${sqlType(f.type)}) AS ${ident(f.name)}`);
  const names = new Set(TABLES[table].map((f) => f.name));
  const extras = fetched.filter((c) => !names.has(c)).map((c) => `${from(c)} AS ${ident(c)}`);
  return [...canonical, ...extras].join(', ');
}

/** Stages `table` from the chosen columns of a published file (all when `columns` is omitted). */
export async function stageColumns(db: Db, table: CanonicalTable, source: ParquetSource, columns?: readonly string[], signal?: AbortSignal): Promise<void> {
  const wanted = columns ?? source.columns();
  await db.exec(`DROP TABLE IF EXISTS ${PART}`);
  await db.insertArrowIPC(PART, await source.readIPC(columns));
  if (signal?.aborted) throw new DOMException('cancelled', 'AbortError');
  await db.exec(`CREATE OR REPLACE TABLE ${ident(STAGE_PREFIX + table)} AS SELECT ${canonicalSelect(table, wanted)} FROM ${PART}; DROP TABLE ${PART}`);
}

/**
 * Stages the full loans table from the active `loans` (holding `fetched` columns) and the rest
 * read now, side by side row for row: both come from the same file in its order.
 */
export async function stageRemainingLoans(db: Db, source: ParquetSource, fetched: readonly string[], signal?: AbortSignal): Promise<void> {
  const have = new Set(fetched);
  const rest = source.columns().filter((c) => !have.has(c));
  if (rest.length === 0) return stageColumns(db, 'loans', source, undefined, signal);
  await db.exec(`DROP TABLE IF EXISTS ${PART}`);
  await db.insertArrowIPC(PART, await source.readIPC(rest));
  if (signal?.aborted) throw new DOMException('cancelled', 'AbortError');
  const from = (c: string) => `${have.has(c) ? 'l' : 'r'}.${ident(c)}`;
  await db.exec(
    `CREATE OR REPLACE TABLE ${ident(STAGE_PREFIX + 'loans')} AS SELECT ${canonicalSelect('loans', source.columns(), from)} FROM loans l POSITIONAL JOIN ${PART} r; DROP TABLE ${PART}`,
  );
}
