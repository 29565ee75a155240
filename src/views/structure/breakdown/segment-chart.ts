import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import type { ChartContext } from '../../../lib/charts/types';
import { i18n } from '../../../lib/i18n/index.svelte';
import { rateDomainMax, rateShort, type ColourRate, type SegmentDatum } from './segments';
import { squarify, type Tile } from './treemap';

/** What both breakdown charts draw from: the segments shown, the colour rate and the words for the share. */
export interface SegmentChartInput {
  shown: SegmentDatum[];
  colour: ColourRate;
  /** "Balance share", "Original-amount share" or "Count share". */
  shareLabel: string;
  exposureColumn: string;
  /** Area of a treemap tile: exposure or loan count. */
  weight: (d: SegmentDatum) => number;
}

const TREEMAP_HEIGHT = 420;

/** The one tooltip of a segment, on the bars and on the treemap. */
function segmentTip(d: SegmentDatum, input: SegmentChartInput): string {
  return [
    d.label,
    `${input.shareLabel}: ${i18n.percent(d.share, 1)}`,
    `${input.exposureColumn}: ${i18n.compact(d.exposure)}`,
    `${i18n.t('structure.col.loans')}: ${i18n.count(d.loans)}${d.weak ? ` (${i18n.t('structure.weak')})` : ''}`,
    `${i18n.t('structure.col.npl')}: ${i18n.percent(d.nplRatio)}`,
    `${i18n.t('structure.col.default')}: ${i18n.percent(d.defaultRate)}`,
    `${i18n.t('structure.col.lift')}: ${d.lift === null ? '–' : d.lift.toFixed(2)}`,
  ].join('\n');
}

/** Approximate pixel width of a label at the axis font: CJK and other wide characters take about twice a Latin one. */
export function labelPixels(label: string): number {
  let w = 0;
  for (const ch of label) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 13 : 6.6;
  return w;
}

const shareAndRate = (d: SegmentDatum, colour: ColourRate) => `${i18n.percent(d.share, 1)} · ${rateShort(colour)} ${i18n.percent(d.rate)}`;

/** Share of each segment as a bar, coloured by its rate; weak segments paler. */
export function barsSpec(input: SegmentChartInput, { colors }: ChartContext): PlotOptions {
  const { shown } = input;
  const labelWidth = Math.min(240, 24 + Math.max(...shown.map((d) => labelPixels(d.label)), 4 * 6.6));
  return {
    height: 50 + shown.length * 26,
    marginLeft: labelWidth,
    marginRight: 150,
    x: { label: `${input.shareLabel} (%)`, percent: true, grid: true },
    y: { label: null, domain: shown.map((d) => d.label) },
    color: { type: 'linear', domain: [0, rateDomainMax(shown.map((d) => d.rate))], range: [colors.seqLow, colors.seqHigh] },
    marks: [
      Plot.barX(shown, {
        x: 'share',
        y: 'label',
        fill: (d: SegmentDatum) => d.rate ?? 0,
        fillOpacity: (d: SegmentDatum) => (d.weak ? 0.45 : 1),
        stroke: (d: SegmentDatum) => (d.selected ? colors.accent : colors.muted),
        strokeWidth: (d: SegmentDatum) => (d.selected ? 3 : 0.5),
      }),
      Plot.text(shown, {
        x: 'share',
        y: 'label',
        text: (d: SegmentDatum) => shareAndRate(d, input.colour),
        dx: 5,
        textAnchor: 'start',
        fill: (d: SegmentDatum) => (d.weak ? colors.weak : colors.text),
      }),
      Plot.ruleX([0], { stroke: colors.muted }),
      Plot.tip(shown, Plot.pointerY({ x: 'share', y: 'label', title: (d: SegmentDatum) => segmentTip(d, input) })),
    ],
  };
}

type Cell = SegmentDatum & Tile<SegmentDatum> & { cx: number; cy: number };

/** Rough text width (CJK characters are about twice as wide as Latin ones at 12 px). */
const textWidth = (t: string) => [...t].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 12 : 6.8), 0);

/** Each segment as a rectangle whose area is its weight, coloured by its rate; labels only where they fit. */
export function treemapSpec(input: SegmentChartInput, { width, colors }: ChartContext): PlotOptions {
  const cells: Cell[] = squarify(input.shown, input.weight, width, TREEMAP_HEIGHT).map((t) => ({
    ...t.item, ...t, cx: (t.x1 + t.x2) / 2, cy: (t.y1 + t.y2) / 2,
  }));
  const max = rateDomainMax(cells.map((c) => c.rate));
  const fits = (c: Cell) => c.x2 - c.x1 > Math.max(textWidth(c.label), textWidth(shareAndRate(c, input.colour))) + 10 && c.y2 - c.y1 > 38;
  return {
    height: TREEMAP_HEIGHT,
    margin: 0,
    x: { domain: [0, width], axis: null },
    y: { domain: [0, TREEMAP_HEIGHT], axis: null, reverse: true },
    color: { type: 'linear', domain: [0, max], range: [colors.seqLow, colors.seqHigh] },
    marks: [
      Plot.rect(cells, {
        x1: 'x1', x2: 'x2', y1: 'y1', y2: 'y2',
        fill: (c: Cell) => c.rate ?? 0,
        fillOpacity: (c: Cell) => (c.weak ? 0.45 : 1),
        stroke: (c: Cell) => (c.selected ? colors.accent : colors.text),
        strokeWidth: (c: Cell) => (c.selected ? 4 : 0.5),
        inset: 0.5,
      }),
      Plot.text(cells.filter(fits), {
        x: (c: Cell) => c.x1 + 5, y: (c: Cell) => c.y1 + 4,
        text: (c: Cell) => `${c.label}\n${shareAndRate(c, input.colour)}`,
        textAnchor: 'start', lineAnchor: 'top',
        fill: (c: Cell) => ((c.rate ?? 0) / max > 0.5 ? colors.seqLow : colors.text),
      }),
      Plot.tip(cells, Plot.pointer({ x: 'cx', y: 'cy', maxRadius: 400, title: (c: Cell) => segmentTip(c, input) })),
    ],
  };
}
