import { i18n } from '../../lib/i18n/index.svelte';
import { pointsTableOf, type ScorecardModel } from '../../lib/metrics/models';
import { toCsv } from '../../lib/charts/export';
import type { BinKey } from '../../lib/metrics/drivers';
import { binText } from '../causes/drivers/binText';
import { ruleLabel } from '../causes/labels';
import { ruleSettings } from '../../lib/state/rules.svelte';

/** A red flag's name with the thresholds in force (own rules by their own name). */
export function flagLabel(id: string): string {
  const active = ruleSettings.selection.active.find((a) => a.rule.id === id);
  if (active) return ruleLabel(active.rule, active.thresholds);
  const rule = ruleSettings.all.find((r) => r.id === id);
  return rule ? ruleLabel(rule) : id;
}

/** An attribute as a reader knows it: a red flag by its rule name, a column by its dimension name. */
export function attributeLabel(column: string): string {
  if (column.startsWith('flag_')) return `${i18n.t('models.flagPrefix')}${flagLabel(column.slice(5))}`;
  const own = i18n.message(`models.attr.${column}`);
  return own === `models.attr.${column}` ? i18n.dimension(column) : own;
}

/** An attribute in a bin, as a reason: a fired flag by its name, a yes/no column as yes or no, else "attribute: bin". */
export function reasonLabel(column: string, bin: BinKey): string {
  if (column.startsWith('flag_') && bin.kind === 'value' && bin.value === 'true') return flagLabel(column.slice(5));
  return `${attributeLabel(column)}: ${binLabelText(column, bin)}`;
}

/** A bin's text, reading 'true' / 'false' values as yes / no. */
export function binLabelText(column: string, bin: BinKey): string {
  if (bin.kind === 'value' && (bin.value === 'true' || bin.value === 'false')) return i18n.dimensionValue(column, bin.value === 'true');
  return binText(column, bin);
}

export const fixed = (x: number | null | undefined, digits = 3) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits));

export function pValueText(p: number): string {
  if (!Number.isFinite(p)) return '–';
  return p < 0.0001 ? '< 0.0001' : p.toFixed(4);
}

/** The points table as CSV: base points, then every bin of every attribute. */
export function pointsCsv(model: ScorecardModel): string {
  const table = pointsTableOf(model);
  const rows: Record<string, unknown>[] = [{ attribute: i18n.t('models.points.base'), bin: '', woe: '', points: table.basePoints.toFixed(2), loans: '', bads: '' }];
  for (const term of model.terms) {
    const points = table.rows.filter((r) => r.column === term.column);
    term.bins.forEach((b, i) =>
      rows.push({ attribute: term.column, bin: binLabelText(term.column, b.key), woe: b.woe?.toFixed(6) ?? '', points: points[i].points.toFixed(2), loans: b.count, bads: b.bads }),
    );
    rows.push({ attribute: term.column, bin: i18n.t('models.points.other'), woe: 0, points: table.otherPoints[term.column].toFixed(2), loans: '', bads: '' });
  }
  return toCsv(
    [
      { key: 'attribute', label: i18n.t('models.col.attribute') },
      { key: 'bin', label: i18n.t('models.col.bin') },
      { key: 'woe', label: 'WoE' },
      { key: 'points', label: i18n.t('models.col.points') },
      { key: 'loans', label: i18n.t('models.col.devLoans') },
      { key: 'bads', label: i18n.t('models.col.devBads') },
    ],
    rows,
  );
}

export function safeName(name: string): string {
  return name.replace(/[\\/:*?"<>|\s]+/g, '-').slice(0, 60) || 'scorecard';
}
