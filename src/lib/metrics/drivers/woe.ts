import type { Table } from 'apache-arrow';
import { rows } from '../../db/rows';
import { ident, type Fragment } from '../../sql/quote';
import type { MetricQuery } from '../query';
import { binKeyOf, binLabel, binnedAggregate, compareBins, type Attribute, type BinKey } from './binning';
import { canonicalNeeds, defaultOutcome, outcomeAsInteger, type Outcome } from './outcome';
import { fromWhere, sqlNumber, type DriverSource } from './source';

/**
 * What to do with a bin that has no goods or no bads (WoE would be ±∞):
 * - add (default, addend 0.5): add `addend` to BOTH the good and the bad count of that bin;
 *   the %good / %bad denominators are the adjusted totals, so each distribution sums to 1;
 * - skip: the bin gets no WoE and contributes 0 to IV; the denominators stay the raw totals.
 */
export type ZeroCellRule = { kind: 'add'; addend: number } | { kind: 'skip' };
export const DEFAULT_ZERO_CELL_RULE: ZeroCellRule = { kind: 'add', addend: 0.5 };

export type IvBand = 'useless' | 'weak' | 'medium' | 'strong';

/** < 0.02 useless, 0.02–0.1 weak, 0.1–0.3 medium, > 0.3 strong. */
export function ivBand(iv: number): IvBand {
  if (iv < 0.02) return 'useless';
  if (iv < 0.1) return 'weak';
  if (iv <= 0.3) return 'medium';
  return 'strong';
}

export interface WoeOptions extends DriverSource {
  /** Bad = true; default the book outcome `is_defaulted`. */
  outcome?: Outcome;
  zeroCell?: ZeroCellRule;
}

export interface WoeBin {
  key: BinKey;
  label: string;
  count: number;
  goods: number;
  bads: number;
  /** bads ÷ count. */
  badRate: number;
  /** badRate ÷ the attribute's overall bad rate. */
  lift: number | null;
  /** Shares after the zero-cell rule. */
  pctGood: number;
  pctBad: number;
  /** ln(%good ÷ %bad); null for a skipped zero cell. */
  woe: number | null;
  ivContribution: number;
  zeroCell: boolean;
}

export interface WoeTable {
  attribute: string;
  bins: WoeBin[];
  iv: number;
  band: IvBand;
  count: number;
  goods: number;
  bads: number;
}

/** WoE, IV, default rate and lift per bin of one attribute. */
export function woeQuery(attribute: Attribute, options: WoeOptions = {}): MetricQuery<WoeTable> {
  const q = ivRankingQuery([attribute], options);
  return { ...q, shape: (t) => q.shape(t)[0] ?? emptyTable(attribute.column) };
}

/** WoE tables of several attributes in one query, strongest IV first. */
export function ivRankingQuery(attributes: readonly Attribute[], options: WoeOptions = {}): MetricQuery<WoeTable[]> {
  if (attributes.length === 0) throw new Error('IV ranking needs at least one attribute');
  const outcome = options.outcome ?? defaultOutcome();
  const rule = options.zeroCell ?? DEFAULT_ZERO_CELL_RULE;
  const counts = attributes.map((a) => attributeCounts(a, outcome, options));
  const addend = rule.kind === 'add' ? sqlNumber(rule.addend) : '0';
  const skip = rule.kind === 'skip' ? 'TRUE' : 'FALSE';
  const sql = `WITH counts AS (${counts.map((c) => c.sql).join('\nUNION ALL\n')}),
flagged AS (SELECT *, n - bads AS goods, (n = bads OR bads = 0) AS zero_cell FROM counts),
adjusted AS (
  SELECT *,
    CAST(goods AS DOUBLE) + CASE WHEN zero_cell THEN ${addend} ELSE 0 END AS g_adj,
    CAST(bads AS DOUBLE) + CASE WHEN zero_cell THEN ${addend} ELSE 0 END AS b_adj
  FROM flagged),
shares AS (
  SELECT *,
    g_adj / nullif(sum(g_adj) OVER w, 0) AS pct_good,
    b_adj / nullif(sum(b_adj) OVER w, 0) AS pct_bad,
    CAST(bads AS DOUBLE) / n AS bad_rate,
    CAST(sum(bads) OVER w AS DOUBLE) / sum(n) OVER w AS overall_rate
  FROM adjusted WINDOW w AS (PARTITION BY attribute)),
woe AS (
  SELECT *, CASE WHEN (${skip} AND zero_cell) OR pct_good = 0 OR pct_bad = 0 THEN NULL ELSE ln(pct_good / pct_bad) END AS woe
  FROM shares)
SELECT attribute, bin_kind, bin_value, bin_lo, bin_hi, n, goods, bads, zero_cell, pct_good, pct_bad, bad_rate,
  bad_rate / nullif(overall_rate, 0) AS lift, woe, coalesce((pct_good - pct_bad) * woe, 0) AS iv_part
FROM woe`;
  return {
    needs: [...new Set([...outcome.needs, ...attributes.flatMap((a) => canonicalNeeds(a.column))])],
    sql,
    params: counts.flatMap((c) => c.params),
    shape: (t) => shapeTables(t, attributes),
  };
}

function attributeCounts(attribute: Attribute, outcome: Outcome, source: DriverSource): Fragment {
  const y = outcomeAsInteger(outcome);
  const from = fromWhere(source);
  const rowsSql: Fragment = {
    sql: `SELECT * FROM (SELECT ${ident(attribute.column)} AS x, ${y.sql} AS y ${from.sql}) WHERE y IS NOT NULL`,
    params: [...y.params, ...from.params],
  };
  const binned = binnedAggregate(attribute.binning, rowsSql, 'count(*) AS n, count(*) FILTER (WHERE y = 1) AS bads');
  return { sql: `SELECT ? AS attribute, * FROM (${binned.sql})`, params: [attribute.column, ...binned.params] };
}

function shapeTables(t: Table, attributes: readonly Attribute[]): WoeTable[] {
  const byAttribute = new Map<string, WoeBin[]>(attributes.map((a) => [a.column, []]));
  for (const r of rows(t)) {
    const key = binKeyOf(r);
    byAttribute.get(String(r.attribute))?.push({
      key,
      label: binLabel(key),
      count: r.n as number,
      goods: r.goods as number,
      bads: r.bads as number,
      badRate: r.bad_rate as number,
      lift: r.lift as number | null,
      pctGood: r.pct_good as number,
      pctBad: r.pct_bad as number,
      woe: r.woe as number | null,
      ivContribution: r.iv_part as number,
      zeroCell: r.zero_cell as boolean,
    });
  }
  const tables = [...byAttribute].map(([attribute, bins]) => {
    bins.sort((a, b) => compareBins(a.key, b.key));
    const iv = bins.reduce((s, b) => s + b.ivContribution, 0);
    const goods = bins.reduce((s, b) => s + b.goods, 0);
    const bads = bins.reduce((s, b) => s + b.bads, 0);
    return { attribute, bins, iv, band: ivBand(iv), count: goods + bads, goods, bads };
  });
  return tables.sort((a, b) => b.iv - a.iv);
}

function emptyTable(attribute: string): WoeTable {
  return { attribute, bins: [], iv: 0, band: 'useless', count: 0, goods: 0, bads: 0 };
}
