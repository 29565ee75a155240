import { rows } from '../../db/rows';
import type { FilterSet } from '../../sql/filters';
import { ident, literal } from '../../sql/quote';
import type { MetricQuery } from '../query';
import { binKeyOf, binnedAggregate, compareBins, type Attribute, type BinKey } from '../drivers/binning';
import { psiFromCounts, type Psi } from '../drivers/psi';
import { fromWhere } from '../drivers/source';
import { DEFAULT_ZERO_CELL_RULE, type ZeroCellRule } from '../drivers/woe';
import { num } from '../portfolio/values';

/**
 * Characteristic stability by vintage (monitoring, issue 21): for each characteristic, the PSI of
 * its distribution among the loans originated in each year against a baseline year, the bins cut
 * at the baseline's quantiles (categories as they are), zero cells by the WoE rule (0.5 added).
 * Verdict bands as psiBand: < 0.10 stable, 0.10–0.25 investigate, ≥ 0.25 shifted.
 */

export interface VintageCount {
  vintage: number;
  loans: number;
}

/** Loans per origination year of the filtered book (loans without an origination date left out). */
export function vintageCountsQuery(filters: FilterSet, table = 'loan_facts'): MetricQuery<VintageCount[]> {
  const from = fromWhere({ filters, table });
  return {
    needs: ['origination_date'],
    sql: `SELECT vintage_year AS v, count(*) AS n FROM (SELECT vintage_year ${from.sql}) WHERE vintage_year IS NOT NULL GROUP BY ALL ORDER BY v`,
    params: from.params,
    shape: (t) => rows(t).map((r) => ({ vintage: num(r.v), loans: num(r.n) })),
  };
}

export interface CharacteristicStability {
  column: string;
  /** PSI of each year against the baseline year, the baseline itself left out, oldest first. */
  vintages: { vintage: number; loans: number; psi: Psi<BinKey> }[];
  /** The largest of the years' PSI (null with no year to compare). */
  worst: number | null;
}

export interface StabilityOptions {
  filters?: FilterSet;
  /** The baseline origination year. */
  baseline: number;
  table?: string;
  zeroCell?: ZeroCellRule;
}

const year = (y: number): string => {
  if (!Number.isInteger(y)) throw new Error(`Not a year: ${y}`);
  return String(y);
};

/** Counts per (characteristic, bin, vintage) in one query; PSI per characteristic and year against the baseline. */
export function characteristicStabilityQuery(attributes: readonly Attribute[], options: StabilityOptions): MetricQuery<CharacteristicStability[]> {
  if (!attributes.length) return { needs: [], sql: 'SELECT NULL AS attr WHERE FALSE', params: [], shape: () => [] };
  const from = fromWhere({ filters: options.filters, table: options.table });
  const baseline = year(options.baseline);
  const parts = attributes.map((a) => {
    const binned = binnedAggregate(
      a.binning,
      { sql: `SELECT * FROM (SELECT ${ident(a.column)} AS x, vintage_year AS v ${from.sql}) WHERE v IS NOT NULL`, params: from.params },
      'v, count(*) AS n',
      `v = ${baseline}`,
    );
    return { sql: `SELECT ${literal(a.column)} AS attr, * FROM (${binned.sql})`, params: binned.params };
  });
  return {
    needs: ['origination_date'],
    sql: parts.map((p) => p.sql).join('\nUNION ALL\n'),
    params: parts.flatMap((p) => p.params),
    shape(table) {
      const all = rows(table);
      return attributes.map((a) => {
        const mine = all.filter((r) => r.attr === a.column).map((r) => ({ key: binKeyOf(r), v: num(r.v), n: num(r.n) }));
        const keys: BinKey[] = [];
        for (const r of mine) if (!keys.some((k) => sameBin(k, r.key))) keys.push(r.key);
        keys.sort(compareBins);
        const count = (k: BinKey, v: number) => mine.filter((r) => r.v === v && sameBin(r.key, k)).reduce((s, r) => s + r.n, 0);
        const years = [...new Set(mine.map((r) => r.v))].filter((v) => v !== options.baseline).sort((x, y) => x - y);
        const vintages = years.map((v) => ({
          vintage: v,
          loans: mine.filter((r) => r.v === v).reduce((s, r) => s + r.n, 0),
          // Bins of the two years compared: a bin empty in both (a category of a third year) is no bin here.
          psi: psiFromCounts(
            keys.map((key) => ({ key, expected: count(key, options.baseline), actual: count(key, v) })).filter((b) => b.expected + b.actual > 0),
            options.zeroCell ?? DEFAULT_ZERO_CELL_RULE,
          ),
        }));
        return { column: a.column, vintages, worst: vintages.length ? Math.max(...vintages.map((x) => x.psi.psi)) : null };
      });
    },
  };
}

function sameBin(a: BinKey, b: BinKey): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'value' && b.kind === 'value') return a.value === b.value;
  if (a.kind === 'range' && b.kind === 'range') return a.lo === b.lo && a.hi === b.hi;
  return true;
}
