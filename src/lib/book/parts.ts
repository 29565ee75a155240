import type { Db } from '../db/types';
import { ident } from '../sql/quote';

/** Rows per kept part: some 20 MB of Arrow for a wide loan table, far less for snapshots. */
export const PART_ROWS = 50_000;

/** File of a kept table's part: `<table>.arrow` first (what single-file books were), then `<table>.<n>.arrow`. */
export const partName = (table: string, part: number): string => (part === 0 ? `${table}.arrow` : `${table}.${part}.arrow`);

/**
 * Consecutive rowid ranges [from, to) of at most `partRows` rowids covering the table (fewer rows
 * where rows were deleted); none when it is empty. A rowid range is a cheap scan in DuckDB.
 */
export async function rowidRanges(db: Db, table: string, partRows = PART_ROWS): Promise<[number, number][]> {
  const bounds = (await db.query(`SELECT min(rowid)::DOUBLE AS lo, max(rowid)::DOUBLE AS hi FROM ${ident(table)}`)).get(0);
  if (bounds?.lo === null || bounds?.lo === undefined) return [];
  const lo = Number(bounds.lo);
  const hi = Number(bounds.hi);
  const ranges: [number, number][] = [];
  for (let from = lo; from <= hi; from += partRows) ranges.push([from, Math.min(from + partRows, hi + 1)]);
  return ranges;
}
