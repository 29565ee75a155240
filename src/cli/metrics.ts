import type { Db } from '../lib/db/types';
import { overviewQuery, OVERVIEW_FIGURES, type Overview } from '../lib/metrics/portfolio/overview';
import { runMetric } from '../lib/metrics/query';
import { metricName } from '../lib/metrics/metricName';
import type { FilterSet } from '../lib/sql/filters';
import { availableFields, type BookShape } from '../lib/book/activate';

export interface HeadlineFigures {
  /** Per figure, under the `data-metric` name the Overview shows it with: the raw value, and the fields it lacks. */
  figures: Record<string, { value: number | null; missing: string[] }>;
  inclusiveTolerance: Overview['inclusiveTolerance'];
}

/** The Overview's headline figures for a filter set: the same `overviewQuery` the app runs. */
export async function headlineFigures(db: Db, shape: BookShape, filters: FilterSet, asOf?: string): Promise<HeadlineFigures> {
  const overview = await runMetric(db, overviewQuery(filters, { mapped: availableFields(shape), ...(asOf ? { asOf } : {}) }));
  return {
    figures: Object.fromEntries(OVERVIEW_FIGURES.map((k) => [metricName(k), { value: overview.figures[k].value, missing: overview.figures[k].missing }])),
    inclusiveTolerance: overview.inclusiveTolerance,
  };
}
