import type { Fragment } from '../../sql/quote';
import { sqlNumber } from './source';

/**
 * How an attribute is cut into bins. Missing values always form their own bin.
 * - categorical: one bin per distinct value (compared as text), except the values of each of `groups`,
 *   which share one bin (the bin editor's merge of categories);
 * - quantile: N bins at the baseline's quantiles (`quantile_disc`, so cut points are observed
 *   values; tied values never straddle a cut, hence possibly fewer than N bins);
 * - cuts: the user's cut points.
 * Numeric bins are half-open [lo, hi); lo = null means −∞, hi = null means +∞.
 */
export type Binning =
  | { kind: 'categorical'; groups?: readonly (readonly string[])[] }
  | { kind: 'quantile'; bins: number }
  | { kind: 'cuts'; cuts: readonly number[] };

export interface Attribute {
  column: string;
  binning: Binning;
}

export type BinKey =
  /** One value, or with `members` the categories merged into one bin (`value` names them). */
  | { kind: 'value'; value: string; members?: string[] }
  | { kind: 'range'; lo: number | null; hi: number | null }
  | { kind: 'missing' };

/** The columns every binned aggregate returns before its own aggregates. */
export const BIN_COLUMNS = 'bin_kind, bin_value, bin_lo, bin_hi';

/**
 * One row per non-empty bin: `bin_kind` ('value' | 'range' | 'missing'), `bin_value`, `bin_lo`,
 * `bin_hi`, then `aggregates` (SQL over the rows of `rowsSql`, which must expose the attribute as
 * `x`). Quantile cut points are taken over the rows satisfying `quantileBase` (e.g. the PSI baseline).
 */
export function binnedAggregate(binning: Binning, rowsSql: Fragment, aggregates: string, quantileBase = 'TRUE'): Fragment {
  if (binning.kind === 'categorical') {
    // A merged group's bin carries its members as a JSON list in bin_value (bin_kind 'group').
    const groups = (binning.groups ?? []).filter((g) => g.length > 1);
    const member = (g: readonly string[]) => `CAST(x AS VARCHAR) IN (${g.map(() => '?').join(', ')})`;
    const kind = groups.map((g) => `WHEN ${member(g)} THEN 'group'`).join(' ');
    const value = groups.map((g) => `WHEN ${member(g)} THEN ?`).join(' ');
    return {
      sql: `WITH r AS (${rowsSql.sql})
SELECT CASE WHEN x IS NULL THEN 'missing' ${kind} ELSE 'value' END AS bin_kind, CASE ${value} WHEN true THEN CAST(x AS VARCHAR) END AS bin_value,
  CAST(NULL AS DOUBLE) AS bin_lo, CAST(NULL AS DOUBLE) AS bin_hi, ${aggregates}
FROM r GROUP BY ALL`,
      params: [...rowsSql.params, ...groups.flat(), ...groups.flatMap((g) => [...g, JSON.stringify([...g])])],
    };
  }
  return {
    sql: `WITH r AS (SELECT *, CAST(x AS DOUBLE) AS xd FROM (${rowsSql.sql})),
cuts AS (SELECT unnest(${cutList(binning, quantileBase)}) AS cut),
edges AS (
  SELECT lag(cut) OVER (ORDER BY cut NULLS LAST) AS lo, cut AS hi
  FROM (SELECT DISTINCT cut FROM cuts WHERE cut IS NOT NULL UNION ALL SELECT CAST(NULL AS DOUBLE)))
SELECT CASE WHEN r.xd IS NULL THEN 'missing' ELSE 'range' END AS bin_kind, CAST(NULL AS VARCHAR) AS bin_value,
  e.lo AS bin_lo, e.hi AS bin_hi, ${aggregates}
FROM r LEFT JOIN edges e
  ON r.xd IS NOT NULL AND (e.lo IS NULL OR r.xd >= e.lo) AND (e.hi IS NULL OR r.xd < e.hi)
GROUP BY ALL`,
    params: rowsSql.params,
  };
}

function cutList(binning: Exclude<Binning, { kind: 'categorical' }>, quantileBase: string): string {
  if (binning.kind === 'cuts') {
    return binning.cuts.length ? `[${binning.cuts.map(sqlNumber).join(', ')}]` : 'CAST([] AS DOUBLE[])';
  }
  const n = Math.floor(binning.bins);
  if (!(n >= 2)) return 'CAST([] AS DOUBLE[])';
  const probabilities = Array.from({ length: n - 1 }, (_, i) => sqlNumber((i + 1) / n)).join(', ');
  return `(SELECT quantile_disc(xd, [${probabilities}]) FROM r WHERE xd IS NOT NULL AND (${quantileBase}))`;
}

/** The bin of categories merged into one: named by its members, in order. */
export function groupKey(members: readonly string[]): BinKey {
  return { kind: 'value', value: members.join(' + '), members: [...members] };
}

/** Reads the bin columns of a result row. */
export function binKeyOf(row: Record<string, unknown>): BinKey {
  if (row.bin_kind === 'missing') return { kind: 'missing' };
  if (row.bin_kind === 'value') return { kind: 'value', value: String(row.bin_value) };
  if (row.bin_kind === 'group') return groupKey(JSON.parse(String(row.bin_value)) as string[]);
  return { kind: 'range', lo: (row.bin_lo as number | null) ?? null, hi: (row.bin_hi as number | null) ?? null };
}

export function binLabel(key: BinKey): string {
  switch (key.kind) {
    case 'missing':
      return 'missing';
    case 'value':
      return key.value;
    case 'range':
      if (key.lo === null && key.hi === null) return 'all';
      if (key.lo === null) return `< ${key.hi}`;
      if (key.hi === null) return `≥ ${key.lo}`;
      return `[${key.lo}, ${key.hi})`;
  }
}

/** Display order: values alphabetically, ranges ascending, missing last. */
export function compareBins(a: BinKey, b: BinKey): number {
  const rank = (k: BinKey) => (k.kind === 'missing' ? 1 : 0);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (a.kind === 'value' && b.kind === 'value') return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
  if (a.kind === 'range' && b.kind === 'range') return (a.lo ?? -Infinity) - (b.lo ?? -Infinity);
  return 0;
}

/** Boolean SQL: does `columnSql` fall in this bin? (The same half-open rule as the binning.) */
export function binConditionSql(columnSql: string, key: BinKey): Fragment {
  switch (key.kind) {
    case 'missing':
      return { sql: `${columnSql} IS NULL`, params: [] };
    case 'value':
      if (key.members) return { sql: `CAST(${columnSql} AS VARCHAR) IN (${key.members.map(() => '?').join(', ')})`, params: [...key.members] };
      return { sql: `CAST(${columnSql} AS VARCHAR) = ?`, params: [key.value] };
    case 'range': {
      const parts = [`${columnSql} IS NOT NULL`];
      if (key.lo !== null) parts.push(`CAST(${columnSql} AS DOUBLE) >= ${sqlNumber(key.lo)}`);
      if (key.hi !== null) parts.push(`CAST(${columnSql} AS DOUBLE) < ${sqlNumber(key.hi)}`);
      return { sql: `(${parts.join(' AND ')})`, params: [] };
    }
  }
}
