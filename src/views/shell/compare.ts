import { i18n } from '../../lib/i18n/index.svelte';
import { change, type Baseline, type ChangeKind } from '../../lib/metrics/compare';
import type { FilterSet } from '../../lib/sql/filters';
import type { TileComparison } from '../../lib/ui/tile-comparison';

/** A change as UX.md states it: +0.42 pp for ratios, +12.3 % for amounts, +1,234 for counts. */
export function formatChange(kind: ChangeKind, delta: number | null): string {
  if (delta === null || !Number.isFinite(delta)) return '–';
  // A change that rounds to nothing is shown as none (not "-0.00 pp").
  if (kind === 'ratio') return i18n.points(shown(kind, delta)).replace(/^-/, '−');
  delta = shown(kind, delta);
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
  if (kind === 'amount') return `${sign}${(Math.abs(delta) * 100).toFixed(1)} %`;
  return `${sign}${i18n.count(Math.abs(delta))}`;
}

/** The change as far as its text shows it: 0 when it rounds to 0.00 pp, 0.0 % or 0. */
function shown(kind: ChangeKind, delta: number): number {
  const unit = kind === 'count' ? 0.5 : kind === 'ratio' ? 0.00005 : 0.0005;
  return Math.abs(delta) < unit ? 0 : delta;
}

export function direction(kind: ChangeKind, delta: number | null): TileComparison['direction'] {
  if (delta === null) return null;
  const d = shown(kind, delta);
  return d > 0 ? 'up' : d < 0 ? 'down' : 'flat';
}

/** The segment a `rest` baseline takes out: "Branch = 杭州城西支行". */
export function segmentLabel(dimension: string, set: FilterSet): string {
  const clause = set.find((c) => c.dimension === dimension);
  const values = clause ? clause.values.map((v) => i18n.dimensionValue(dimension, v)).join(' / ') : '';
  return `${i18n.dimension(dimension)} = ${values}`;
}

/** "vs 2024-06-30:" or "vs the rest:". */
export function vsLabel(baseline: Baseline): string {
  return baseline.kind === 'asof' ? i18n.t('compare.vs.asOf', { date: i18n.date(baseline.date) }) : i18n.t('compare.vs.rest');
}

/** The sentence a compared chart or table states under it. */
export function compareCaption(baseline: Baseline, set: FilterSet): string {
  return baseline.kind === 'asof'
    ? i18n.t('compare.caption.asOf', { date: i18n.date(baseline.date) })
    : i18n.t('compare.caption.rest', { segment: segmentLabel(baseline.dimension, set) });
}

/** A tile's comparison: the baseline figure formatted as the tile's own, and the change in the kind's unit. */
export function tileComparison(
  baseline: Baseline,
  kind: ChangeKind,
  current: number | null,
  base: number | null,
  format: (v: number | null) => string,
): TileComparison {
  const delta = change(kind, current, base);
  return { value: base, formatted: format(base), change: delta, changeText: formatChange(kind, delta), direction: direction(kind, delta), vsLabel: vsLabel(baseline) };
}
