import type { Table } from 'apache-arrow';
import { rows } from '../../db/rows';
import { ident, type Fragment } from '../../sql/quote';
import type { MetricQuery } from '../query';
import { binKeyOf, binLabel, binnedAggregate, compareBins, type Attribute, type BinKey } from './binning';
import { canonicalNeeds } from './outcome';
import { fromWhere, type DriverSource } from './source';
import { DEFAULT_ZERO_CELL_RULE, type ZeroCellRule } from './woe';

export type PsiBand = 'stable' | 'moderate shift' | 'significant shift';

/** Verdict bands (issue 21): < 0.10 stable, 0.10–0.25 investigate (moderate shift), ≥ 0.25 shifted. */
export function psiBand(psi: number): PsiBand {
  if (psi < 0.1) return 'stable';
  if (psi < 0.25) return 'moderate shift';
  return 'significant shift';
}

export interface PsiBinCounts {
  expected: number;
  actual: number;
}

export interface PsiBin<K = unknown> extends PsiBinCounts {
  key: K;
  /** Shares after the zero-cell rule. */
  expectedShare: number;
  actualShare: number;
  /** (A − E)·ln(A ÷ E); 0 for a skipped zero cell. */
  contribution: number;
  zeroCell: boolean;
}

export interface Psi<K = unknown> {
  psi: number;
  band: PsiBand;
  bins: PsiBin<K>[];
}

/**
 * PSI = Σ (Aᵢ − Eᵢ)·ln(Aᵢ ÷ Eᵢ) over shares of two count distributions on the same bins.
 * Zero cells follow the same rule as WoE (default: add 0.5 to both counts of that bin).
 */
export function psiFromCounts<K>(bins: readonly (PsiBinCounts & { key: K })[], zeroCell: ZeroCellRule = DEFAULT_ZERO_CELL_RULE): Psi<K> {
  const addend = zeroCell.kind === 'add' ? zeroCell.addend : 0;
  const adjusted = bins.map((b) => {
    const zero = b.expected === 0 || b.actual === 0;
    return { ...b, zero, e: b.expected + (zero ? addend : 0), a: b.actual + (zero ? addend : 0) };
  });
  const totalE = adjusted.reduce((s, b) => s + b.e, 0);
  const totalA = adjusted.reduce((s, b) => s + b.a, 0);
  const out = adjusted.map((b): PsiBin<K> => {
    const expectedShare = totalE > 0 ? b.e / totalE : 0;
    const actualShare = totalA > 0 ? b.a / totalA : 0;
    const usable = expectedShare > 0 && actualShare > 0 && !(zeroCell.kind === 'skip' && b.zero);
    return {
      key: b.key,
      expected: b.expected,
      actual: b.actual,
      expectedShare,
      actualShare,
      contribution: usable ? (actualShare - expectedShare) * Math.log(actualShare / expectedShare) : 0,
      zeroCell: b.zero,
    };
  });
  const psi = out.reduce((s, b) => s + b.contribution, 0);
  return { psi, band: psiBand(psi), bins: out };
}

export interface PsiOptions extends DriverSource {
  /** Boolean SQL over the table defining the expected (baseline) population. */
  baseline: Fragment;
  /** Boolean SQL defining the actual (comparison) population. */
  comparison: Fragment;
  zeroCell?: ZeroCellRule;
}

/** PSI of an attribute between two populations; quantile cut points come from the baseline. */
export function psiQuery(attribute: Attribute, options: PsiOptions): MetricQuery<Psi<{ bin: BinKey; label: string }>> {
  const from = fromWhere(options);
  const rowsSql: Fragment = {
    sql: `SELECT * FROM (SELECT ${ident(attribute.column)} AS x, coalesce((${options.baseline.sql}), FALSE) AS in_base,
  coalesce((${options.comparison.sql}), FALSE) AS in_comp ${from.sql}) WHERE in_base OR in_comp`,
    params: [...options.baseline.params, ...options.comparison.params, ...from.params],
  };
  const binned = binnedAggregate(
    attribute.binning,
    rowsSql,
    'count(*) FILTER (WHERE in_base) AS expected, count(*) FILTER (WHERE in_comp) AS actual',
    'in_base',
  );
  return {
    needs: canonicalNeeds(attribute.column),
    sql: binned.sql,
    params: binned.params,
    shape: (t: Table) => {
      const counts = rows(t)
        .map((r) => ({ bin: binKeyOf(r), expected: r.expected as number, actual: r.actual as number }))
        .sort((a, b) => compareBins(a.bin, b.bin))
        .map((c) => ({ key: { bin: c.bin, label: binLabel(c.bin) }, expected: c.expected, actual: c.actual }));
      return psiFromCounts(counts, options.zeroCell);
    },
  };
}
