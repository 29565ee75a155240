import { rows, type Row } from '../../db/rows';
import type { FilterSet } from '../../sql/filters';
import type { MetricQuery } from '../query';
import { DPD_BUCKETS, dpdBucketIndexSql, type DpdBucket } from '../dpd';
import { scope } from './sql';
import { num, ratio } from './values';

export interface RollRateStep {
  from: DpdBucket;
  to: DpdBucket;
}

/** The four roll steps k → k+1. */
export const ROLL_STEPS: readonly RollRateStep[] = DPD_BUCKETS.slice(0, -1).map((from, k) => ({ from, to: DPD_BUCKETS[k + 1] }));

export interface RollRateMonth {
  /** Month t (first day of the month, 'YYYY-MM-DD'); the rates compare t − 1 with t. */
  month: string;
  /** rates[k]: roll rate from bucket k to k+1; null when bucket k was empty at t − 1. */
  rates: (number | null)[];
  /** Balance in bucket k at t − 1 (the denominators). */
  openingBalances: number[];
}

export interface TransitionTableRow {
  from: DpdBucket;
  loans: number;
  openingBalance: number;
  /** To buckets 0..4 at t, then the loans with no snapshot at t. */
  counts: number[];
  balances: number[];
  exitedCount: number;
  exitedBalance: number;
  /** Balance-weighted row rates (opening balance), with `exitedRate` summing to 1. */
  rates: (number | null)[];
  exitedRate: number | null;
}

export interface RollRates {
  steps: readonly RollRateStep[];
  months: RollRateMonth[];
  /** Mean of the monthly rates (months where the rate exists), per step. */
  meanRates: (number | null)[];
  /** Σ numerators ÷ Σ denominators over all months, per step. */
  pooledRates: (number | null)[];
  /** Bucket-to-bucket transitions pooled over all consecutive months. */
  transitions: TransitionTableRow[];
}

/**
 * Roll rates between DPD buckets from consecutive monthly snapshots (DOMAIN.md): from k to k+1 at
 * month t = balance in k+1 at t of loans that were in k at t − 1 ÷ balance in k at t − 1. The
 * denominator keeps loans that left the book by t. Months are calendar months of snapshot_date, and
 * a month t counts only when the book has snapshots in both t − 1 and t.
 * The transition table weights each loan by its balance at t − 1, so its rows sum to 1.
 */
export function rollRateQuery(filters: FilterSet): MetricQuery<RollRates> {
  const base = scope(filters);
  return {
    needs: ['dpd', 'balance'],
    sql: `${base.sql},
s AS (
  SELECT s.loan_id, CAST(date_trunc('month', s.snapshot_date) AS DATE) AS m, coalesce(s.balance, 0) AS balance,
    ${dpdBucketIndexSql('s.dpd')} AS b
  FROM snapshots s WHERE s.dpd IS NOT NULL AND s.loan_id IN (SELECT loan_id FROM f)),
months AS (SELECT DISTINCT m FROM s),
pairs AS (
  SELECT CAST(p.m + INTERVAL 1 MONTH AS DATE) AS month, p.b AS from_b, p.balance AS from_balance,
    c.b AS to_b, c.balance AS to_balance, c.loan_id IS NULL AS exited
  FROM s p
  JOIN months nm ON nm.m = CAST(p.m + INTERVAL 1 MONTH AS DATE)
  LEFT JOIN s c ON c.loan_id = p.loan_id AND c.m = nm.m)
SELECT month, from_b, to_b, exited, count(*) AS n, sum(from_balance) AS from_balance, sum(to_balance) AS to_balance
FROM pairs GROUP BY ALL ORDER BY month`,
    params: base.params,
    shape(table) {
      return shapeRollRates(rows(table));
    },
  };
}

function shapeRollRates(cells: Row[]): RollRates {
  const monthKeys = [...new Set(cells.map((c) => String(c.month)))].sort();
  const months = monthKeys.map((month) => {
    const mine = cells.filter((c) => c.month === month);
    const openingBalances = DPD_BUCKETS.map((_, k) => sum(mine.filter((c) => c.from_b === k), 'from_balance'));
    const rolled = ROLL_STEPS.map((_, k) => sum(mine.filter((c) => c.from_b === k && c.to_b === k + 1), 'to_balance'));
    return { month, openingBalances, rates: rolled.map((n, k) => ratio(n, openingBalances[k])), rolled };
  });
  const meanRates = ROLL_STEPS.map((_, k) => {
    const defined = months.map((m) => m.rates[k]).filter((r): r is number => r !== null);
    return defined.length ? defined.reduce((a, b) => a + b, 0) / defined.length : null;
  });
  const pooledRates = ROLL_STEPS.map((_, k) =>
    ratio(months.reduce((s, m) => s + m.rolled[k], 0), months.reduce((s, m) => s + m.openingBalances[k], 0)),
  );
  return {
    steps: ROLL_STEPS,
    months: months.map(({ month, rates, openingBalances }) => ({ month, rates, openingBalances })),
    meanRates,
    pooledRates,
    transitions: DPD_BUCKETS.map((from, k) => transitionRow(from, cells.filter((c) => c.from_b === k))),
  };
}

function transitionRow(from: DpdBucket, mine: Row[]): TransitionTableRow {
  const stayed = mine.filter((c) => c.exited === false);
  const exited = mine.filter((c) => c.exited === true);
  const counts = DPD_BUCKETS.map((_, j) => sum(stayed.filter((c) => c.to_b === j), 'n'));
  const balances = DPD_BUCKETS.map((_, j) => sum(stayed.filter((c) => c.to_b === j), 'from_balance'));
  const openingBalance = sum(mine, 'from_balance');
  const exitedBalance = sum(exited, 'from_balance');
  return {
    from,
    loans: sum(mine, 'n'),
    openingBalance,
    counts,
    balances,
    exitedCount: sum(exited, 'n'),
    exitedBalance,
    rates: balances.map((b) => ratio(b, openingBalance)),
    exitedRate: ratio(exitedBalance, openingBalance),
  };
}

function sum(rs: Row[], key: string): number {
  return rs.reduce((s, r) => s + num(r[key]), 0);
}
