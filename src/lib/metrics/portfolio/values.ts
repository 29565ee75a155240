import type { Row, Value } from '../../db/rows';

/** A numeric cell, or null when the cell is null (e.g. a ratio whose denominator was zero). */
export function numOrNull(v: Value | undefined): number | null {
  if (v === null || v === undefined) return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

/** A numeric cell where null means "nothing": sums and counts over an empty set. */
export function num(v: Value | undefined): number {
  return numOrNull(v) ?? 0;
}

/** A boolean cell, null when unknown. */
export function boolOrNull(v: Value | undefined): boolean | null {
  return v === null || v === undefined ? null : Boolean(v);
}

/** The first row of a result, or an empty row when there is none. */
export function firstRow(rs: Row[]): Row {
  return rs[0] ?? {};
}

/** n ÷ d, null when the denominator is zero or unknown. */
export function ratio(n: number | null, d: number | null): number | null {
  return n === null || d === null || d === 0 ? null : n / d;
}
