import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import type { ChartContext } from '../charts/types';
import type { Row } from '../db/rows';
import type { ChartSpec } from './model';
import type { ResultColumn } from './run';
import { formatYear, isYearColumn } from '../i18n/format';

/** Why a spec cannot be drawn from these columns, as an i18n key, or null when it can. */
export function specProblem(spec: ChartSpec, columns: readonly ResultColumn[]): string | null {
  const names = new Set(columns.map((c) => c.name));
  if (!spec.x || !spec.y) return 'nb.chart.pickXY';
  for (const field of [spec.x, spec.y, spec.color, spec.facet]) if (field && !names.has(field)) return 'nb.chart.missingColumn';
  return null;
}

/** A first guess from a result: first text column on x, first numeric one on y. */
export function guessSpec(columns: readonly ResultColumn[]): Partial<ChartSpec> {
  const numeric = columns.filter((c) => c.numeric);
  const other = columns.filter((c) => !c.numeric);
  const x = other[0]?.name ?? columns[0]?.name ?? '';
  const y = numeric.find((c) => c.name !== x)?.name ?? columns[1]?.name ?? '';
  return { x, y, mark: other.length ? 'barY' : 'line' };
}

/** Observable Plot options for a notebook chart, through the app's Chart component. */
export function plotOptions(spec: ChartSpec, rows: readonly Row[], ctx: ChartContext, columns: readonly ResultColumn[] = []): PlotOptions {
  const { x, y, color, facet } = spec;
  const fill = color ?? ctx.colors.accent;
  const stroke = color ?? ctx.colors.accent;
  const years = (field: string | undefined) => (field && isYearColumn(field) ? yearFormat : undefined);
  const tipFormat = Object.fromEntries(
    Object.entries({ x: spec.mark === 'barX' ? y : x, y: spec.mark === 'barX' ? x : y, fill: color, stroke: color, fx: facet, fy: facet })
      .filter(([, f]) => years(f))
      .map(([channel]) => [channel, yearFormat]),
  );
  const tip = { tip: { format: tipFormat } };
  const marks: Plot.Markish[] = [];
  switch (spec.mark) {
    case 'barY':
      marks.push(Plot.barY(rows, { x, y, fill, fx: facet, ...tip }), Plot.ruleY([0]));
      break;
    case 'barX':
      marks.push(Plot.barX(rows, { y: x, x: y, fill, fy: facet, ...tip }), Plot.ruleX([0]));
      break;
    case 'line':
      marks.push(Plot.lineY(rows, { x, y, stroke, fx: facet, ...tip }));
      break;
    case 'area':
      marks.push(Plot.areaY(rows, { x, y, fill, fillOpacity: 0.6, fx: facet, ...tip }));
      break;
    case 'dot':
      marks.push(Plot.dot(rows, { x, y, fill: color, stroke: color ? undefined : stroke, fx: facet, ...tip }));
      break;
    case 'cell':
      marks.push(Plot.cell(rows, { x, y, fill: color ?? y, fx: facet, ...tip }));
      break;
  }
  const horizontal = spec.mark === 'barX';
  // Category labels on x (bars, heatmap columns) are often long: slant them.
  const slanted = spec.mark === 'barY' || spec.mark === 'cell';
  return {
    marks,
    marginLeft: horizontal ? 110 : 60,
    marginBottom: slanted ? 72 : 44,
    x: { label: horizontal ? y : x, tickRotate: slanted ? -30 : 0, tickFormat: years(horizontal ? y : x), ...yearTicks(horizontal ? y : x, rows, slanted) },
    y: { label: horizontal ? x : y, grid: true, tickFormat: years(horizontal ? x : y), ...yearTicks(horizontal ? x : y, rows, horizontal) },
    ...(facet ? { fx: { tickFormat: years(facet) }, fy: { tickFormat: years(facet) } } : {}),
    color: colorScale(spec, columns),
    height: spec.mark === 'cell' ? Math.max(280, 26 * new Set(rows.map((r) => r[y])).size + 110) : facet ? 320 : 280,
  };
}

/** A year on an axis or in a tip reads 2006, never Plot's default count format 2,006. */
const yearFormat = (v: unknown) => (typeof v === 'number' ? formatYear(v) : String(v));

/** A continuous year axis ticks whole years only (never 2021.5 shown as a second "2021"). */
function yearTicks(field: string, rows: readonly Row[], banded: boolean): { ticks?: number[] } {
  if (banded || !isYearColumn(field)) return {};
  const values = [...new Set(rows.map((r) => r[field]).filter((v): v is number => typeof v === 'number' && Number.isInteger(v)))].sort((a, b) => a - b);
  return values.length && values.length <= 30 ? { ticks: values } : {};
}

/** Categories (text, or codes like vintage years) get distinct colours; numbers a sequential scale. */
function colorScale(spec: ChartSpec, columns: readonly ResultColumn[]): PlotOptions['color'] {
  const field = spec.color ?? (spec.mark === 'cell' ? spec.y : undefined);
  if (!field) return undefined;
  const numeric = columns.find((c) => c.name === field)?.numeric;
  if (numeric === false) return { legend: true, type: 'categorical' };
  return { legend: true, scheme: 'blues' };
}
