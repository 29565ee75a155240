import { rows, type Value } from '../../db/rows';
import type { FilterSet } from '../../sql/filters';
import { ident } from '../../sql/quote';
import type { MetricQuery } from '../query';
import { scope, type ScopeOptions } from './sql';
import { firstRow, num, numOrNull, ratio } from './values';
import { sourceField } from '../../schema/facts-columns';

export interface Hhi {
  dimension: string;
  /** Segments with a positive balance (loans with no value in the dimension form one segment). */
  segments: number;
  /** H = Σ sᵢ² over segment balance shares, 0–1. */
  raw: number | null;
  /** H × 10,000, the regulators' scale. */
  raw10000: number | null;
  /** (H − 1/n) ÷ (1 − 1/n); null for fewer than two segments. */
  normalised: number | null;
  /** Shannon entropy −Σ sᵢ ln sᵢ (natural log): 0 for one segment, ln n for equal shares. */
  entropy: number | null;
  /** Theil index ln n − entropy: 0 for equal shares, up to ln n. */
  theil: number | null;
  /** The largest segment's share. */
  largest: number | null;
}

/** Normalised HHI from raw H and the number of segments (DOMAIN.md). */
export function normalisedHhi(raw: number | null, segments: number): number | null {
  if (raw === null || segments < 2) return null;
  return (raw - 1 / segments) / (1 - 1 / segments);
}

export interface DimensionOptions extends ScopeOptions {
  dimension: string;
}

/**
 * Herfindahl–Hirschman index of exposure (balance; original amount in a closed book, facts.ts) across
 * the values of a dimension, raw and normalised, with the Shannon entropy and Theil index of the same shares.
 * Over `group_id` it is the concentration by borrower group.
 */
export function hhiQuery(filters: FilterSet, options: DimensionOptions): MetricQuery<Hhi> {
  return hhiOver(filters, options, ident(options.dimension), options.dimension, [sourceField(options.dimension)]);
}

/** The dimension name of the borrower-group HHI (Hhi.dimension). */
export const BORROWER_GROUP = 'borrower_group';

/**
 * HHI, Shannon entropy and Theil index over borrower groups: a loan counts with its group where it
 * has a group id, else with its borrower (a borrower outside any group is a group of its own), else
 * alone. Without that rule the loans without a group id would form one giant segment.
 */
export function borrowerGroupHhiQuery(filters: FilterSet, options: ScopeOptions = {}): MetricQuery<Hhi> {
  const key = `coalesce('G:' || CAST(group_id AS VARCHAR), 'B:' || CAST(borrower_id AS VARCHAR), 'L:' || CAST(loan_id AS VARCHAR))`;
  return hhiOver(filters, options, key, BORROWER_GROUP, ['group_id']);
}

function hhiOver(filters: FilterSet, options: ScopeOptions, key: string, dimension: string, needs: string[]): MetricQuery<Hhi> {
  const base = scope(filters, options);
  return {
    needs,
    sql: `${base.sql},
seg AS (SELECT ${key} AS value, sum(exposure) AS balance FROM f GROUP BY ALL HAVING sum(exposure) > 0),
shares AS (SELECT balance / sum(balance) OVER () AS share FROM seg)
SELECT count(*) AS segments, sum(share * share) AS hhi, -sum(share * ln(share)) AS entropy, max(share) AS largest FROM shares`,
    params: base.params,
    shape(table) {
      const row = firstRow(rows(table));
      const segments = num(row.segments);
      const raw = numOrNull(row.hhi);
      const entropy = segments > 0 ? Math.max(0, num(row.entropy)) : null;
      return {
        dimension,
        segments,
        raw,
        raw10000: raw === null ? null : raw * 10000,
        normalised: normalisedHhi(raw, segments),
        entropy,
        theil: entropy === null ? null : Math.log(segments) - entropy,
        largest: numOrNull(row.largest),
      };
    },
  };
}

export interface RankedExposure {
  key: Value;
  balance: number;
  /** Share of the filtered population's balance. */
  share: number | null;
}

export interface ConcentrationRatio {
  /** The grouping column; 'borrower_id' for borrower concentration. */
  dimension: string;
  n: number;
  /** The N largest, largest first. */
  top: RankedExposure[];
  /** CR-N: combined share of the N largest. */
  crN: number | null;
  totalBalance: number;
}

export interface ConcentrationRatioOptions extends DimensionOptions {
  n: number;
}

/** CR-N over the segments of a dimension (loans with no value form one segment). */
export function concentrationRatioQuery(filters: FilterSet, options: ConcentrationRatioOptions): MetricQuery<ConcentrationRatio> {
  return rankedQuery(filters, options, false);
}

/**
 * CR-N over borrowers (balance summed per borrower_id). Loans without a borrower id are not ranked
 * (they are not one borrower) but their balance stays in the total.
 */
export function borrowerConcentrationQuery(filters: FilterSet, options: ScopeOptions & { n: number }): MetricQuery<ConcentrationRatio> {
  return rankedQuery(filters, { ...options, dimension: 'borrower_id' }, true);
}

function rankedQuery(filters: FilterSet, options: ConcentrationRatioOptions, skipNull: boolean): MetricQuery<ConcentrationRatio> {
  const base = scope(filters, options);
  const dim = ident(options.dimension);
  const n = Math.max(0, Math.floor(options.n));
  return {
    needs: [sourceField(options.dimension)],
    sql: `${base.sql},
tot AS (SELECT coalesce(sum(exposure), 0) AS total FROM f),
seg AS (SELECT ${dim} AS key, coalesce(sum(exposure), 0) AS balance FROM f ${skipNull ? `WHERE ${dim} IS NOT NULL` : ''} GROUP BY ${dim}),
top AS (SELECT * FROM seg ORDER BY balance DESC, key NULLS LAST LIMIT ?)
SELECT top.key, top.balance, tot.total FROM tot LEFT JOIN top ON true ORDER BY top.balance DESC, top.key NULLS LAST`,
    params: [...base.params, n],
    shape(table) {
      const rs = rows(table);
      const totalBalance = num(rs[0]?.total);
      const top = rs
        .filter((r) => r.balance !== null)
        .map((r) => ({ key: r.key, balance: num(r.balance), share: ratio(num(r.balance), totalBalance) }));
      return {
        dimension: options.dimension,
        n,
        top,
        crN: ratio(top.reduce((s, t) => s + t.balance, 0), totalBalance),
        totalBalance,
      };
    },
  };
}
