import { metricName } from '../metricName';

/**
 * A pivot layout as data: row levels × column levels (up to three each) and the measures in
 * each cell. A level is a `loan_facts` column, or a date (origination or snapshot) by a grain.
 * Layouts travel in the URL as text (`industry,origination_date~quarter`), so this module also
 * reads and writes that text.
 */
export const GRAINS = ['month', 'quarter', 'year'] as const;
export type Grain = (typeof GRAINS)[number];

/** Date fields a level may group by a grain. `snapshot_date` takes the book's monthly snapshots. */
export const DATE_LEVELS = ['origination_date', 'snapshot_date'] as const;
export type DateLevel = (typeof DATE_LEVELS)[number];

export interface PivotLevel {
  field: string;
  /** Only for a date level. */
  grain?: Grain;
}

/**
 * The measures a cell can show, each the metric layer's own definition:
 * overview figures (portfolio/overview.ts FIGURES) plus the breakdown's share and lift
 * (portfolio/breakdown.ts: share of the filtered population's balance; lift = default rate ÷ the
 * filtered population's default rate).
 */
export const PIVOT_MEASURES = [
  'loans', 'outstandingBalance', 'balanceShare', 'nplRatioBalance', 'nplRatioCount', 'defaultRate', 'expectedLoss', 'weightedInterestRate', 'lift',
] as const;
export type PivotMeasure = (typeof PIVOT_MEASURES)[number];

export const MAX_LEVELS = 3;

export interface PivotLayout {
  rows: PivotLevel[];
  columns: PivotLevel[];
  measures: PivotMeasure[];
}

/** The figure's data-metric name (same as on Overview and Structure). */
export function measureMetric(m: PivotMeasure): string {
  return metricName(m);
}

/** How a measure is written: a count, an amount, a rate (2 decimals), a share (1 decimal), a ratio of rates. */
export type MeasureKind = 'count' | 'amount' | 'rate' | 'share' | 'ratio';
export const MEASURE_KIND: Record<PivotMeasure, MeasureKind> = {
  loans: 'count',
  outstandingBalance: 'amount',
  balanceShare: 'share',
  nplRatioBalance: 'rate',
  nplRatioCount: 'rate',
  defaultRate: 'rate',
  expectedLoss: 'amount',
  weightedInterestRate: 'rate',
  lift: 'ratio',
};

export function isDateLevel(field: string): field is DateLevel {
  return (DATE_LEVELS as readonly string[]).includes(field);
}

/** `industry` or `origination_date~quarter`. */
export function formatLevel(l: PivotLevel): string {
  return l.grain ? `${l.field}~${l.grain}` : l.field;
}

/** A level from its text; undefined when it is not one. A date without a grain is by month. */
export function parseLevel(raw: string): PivotLevel | undefined {
  const [field, grain, extra] = raw.split('~');
  if (extra !== undefined || !/^\w+$/.test(field)) return undefined;
  if (isDateLevel(field)) {
    const g = grain ?? 'month';
    return (GRAINS as readonly string[]).includes(g) ? { field, grain: g as Grain } : undefined;
  }
  return grain === undefined ? { field } : undefined;
}

/** Levels from `a,b~year`: at most three, no field twice; undefined when any is invalid. */
export function parseLevels(raw: string): PivotLevel[] | undefined {
  if (raw === '') return [];
  const levels = raw.split(',').map(parseLevel);
  if (levels.some((l) => l === undefined) || levels.length > MAX_LEVELS) return undefined;
  const fields = levels.map((l) => l!.field);
  return new Set(fields).size === fields.length ? (levels as PivotLevel[]) : undefined;
}

export function formatLevels(levels: readonly PivotLevel[]): string {
  return levels.map(formatLevel).join(',');
}

export function parseMeasures(raw: string): PivotMeasure[] | undefined {
  const ms = raw.split(',');
  if (ms.length === 0 || ms.some((m) => !(PIVOT_MEASURES as readonly string[]).includes(m))) return undefined;
  return new Set(ms).size === ms.length ? (ms as PivotMeasure[]) : undefined;
}

/** The same field on both axes would cross a dimension with itself. */
export function layoutValid(l: PivotLayout): boolean {
  const fields = [...l.rows, ...l.columns].map((x) => x.field);
  return new Set(fields).size === fields.length && l.measures.length > 0;
}
