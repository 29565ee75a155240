import { rows } from '../../db/rows';
import type { MetricQuery } from '../query';

/** Attributes a peer must share with the loan, from the strictest group to the loosest. */
export const PEER_TIERS = [
  ['industry', 'enterprise_size', 'product', 'vintage_year'],
  ['industry', 'enterprise_size', 'product'],
  ['industry', 'enterprise_size'],
  ['industry'],
] as const;

/** The strictest tier with at least this many peers is used; below it figures are shown as weak. */
export const MIN_PEERS = 30;

export const PEER_MEASURES = ['amount', 'interest_rate', 'ltv', 'months_to_default'] as const;
export type PeerMeasure = (typeof PEER_MEASURES)[number];

export interface PeerPosition {
  measure: PeerMeasure;
  /** This loan's value (null when not recorded, or not defaulted for time to default). */
  value: number | null;
  /** Share of peers below this loan's value, ties counting half (0–1). */
  percentile: number | null;
  median: number | null;
  /** Peer values, for the distribution chart. */
  values: number[];
}

export interface Peers {
  /** Index into PEER_TIERS of the group used. */
  tier: number;
  criteria: readonly string[];
  /** This loan's values of the criteria. */
  key: Record<string, string | number | null>;
  count: number;
  defaults: number;
  defaultRate: number | null;
  nplRatio: number | null;
  weak: boolean;
  positions: PeerPosition[];
}

const same = (c: string) => `p.${c} IS NOT DISTINCT FROM me.${c}`;

/** Similar loans (same industry, size, product, vintage; loosened until there are enough) and where this loan sits among them. */
export function peersQuery(loanId: string): MetricQuery<Peers | null> {
  const tierCase = PEER_TIERS.map((cols, i) => `WHEN ${cols.map(same).join(' AND ')} THEN ${i}`).join(' ');
  return {
    needs: ['loan_id', 'industry'],
    sql: `WITH me AS (SELECT * FROM loan_facts WHERE CAST(loan_id AS VARCHAR) = ? LIMIT 1),
cand AS (
  SELECT p.amount, p.interest_rate, p.ltv, p.months_to_default, p.is_defaulted, p.is_npl, p.balance,
    CASE ${tierCase} ELSE ${PEER_TIERS.length} END AS tier
  FROM loan_facts p, me
  WHERE ${same('industry')} AND p.loan_id IS DISTINCT FROM me.loan_id
),
chosen AS (
  SELECT CASE ${PEER_TIERS.map((_, i) => `WHEN count(*) FILTER (WHERE tier <= ${i}) >= ${MIN_PEERS} THEN ${i}`).join(' ')} ELSE ${PEER_TIERS.length - 1} END AS tier
  FROM cand
)
SELECT 'me' AS role, me.amount, me.interest_rate, me.ltv, me.months_to_default, me.is_defaulted, me.is_npl, me.balance,
  chosen.tier, me.industry, me.enterprise_size, me.product, me.vintage_year
FROM me, chosen
UNION ALL
SELECT 'peer', cand.amount, cand.interest_rate, cand.ltv, cand.months_to_default, cand.is_defaulted, cand.is_npl, cand.balance,
  chosen.tier, NULL, NULL, NULL, NULL
FROM cand, chosen WHERE cand.tier <= chosen.tier`,
    params: [loanId],
    shape: (t) => {
      const r = rows(t);
      const me = r.find((x) => x.role === 'me');
      if (!me) return null;
      const peers = r.filter((x) => x.role === 'peer');
      const tier = Number(me.tier);
      const criteria = PEER_TIERS[tier];
      const known = peers.filter((p) => p.is_defaulted !== null);
      const defaults = known.filter((p) => p.is_defaulted === true).length;
      const classed = peers.filter((p) => p.is_npl !== null && typeof p.balance === 'number');
      const classedBalance = classed.reduce((s, p) => s + (p.balance as number), 0);
      const nplBalance = classed.filter((p) => p.is_npl === true).reduce((s, p) => s + (p.balance as number), 0);
      return {
        tier,
        criteria,
        key: Object.fromEntries(criteria.map((c) => [c, (me[c] ?? null) as string | number | null])),
        count: peers.length,
        defaults,
        defaultRate: known.length ? defaults / known.length : null,
        nplRatio: classedBalance > 0 ? nplBalance / classedBalance : null,
        weak: peers.length < MIN_PEERS,
        positions: PEER_MEASURES.map((m) => position(m, me[m] as number | null, peers.map((p) => p[m]))),
      };
    },
  };
}

/** Where `value` sits among `values`: share below, ties counting half (the mid-rank percentile). */
export function position(measure: PeerMeasure, value: number | null, raw: unknown[]): PeerPosition {
  const values = raw.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  const mid = values.length ? (values.length % 2 ? values[(values.length - 1) / 2] : (values[values.length / 2 - 1] + values[values.length / 2]) / 2) : null;
  let percentile: number | null = null;
  if (value !== null && Number.isFinite(value) && values.length) {
    const below = values.filter((v) => v < value).length;
    const ties = values.filter((v) => v === value).length;
    percentile = (below + ties / 2) / values.length;
  }
  return { measure, value: value !== null && Number.isFinite(value) ? value : null, percentile, median: mid, values };
}
