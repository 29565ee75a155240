import {
  formatLevels, parseLevels, parseMeasures, PIVOT_MEASURES, type PivotLevel, type PivotMeasure,
} from '../../lib/metrics/pivot/layout';
import type { SortOrder } from '../../lib/pivot/grid';
import { oneOf, setParams, urlParam, valuesOf, type ParamCodec } from '../../lib/state/url-param';

/**
 * The pivot's layout in the URL (`#/pivot?pr=industry,branch&pc=origination_date~year&pm=loans,defaultRate`).
 * Only what differs from the default is written, so a copied link rebuilds the same table.
 */
const levels: ParamCodec<PivotLevel[]> = { parse: parseLevels, format: formatLevels };
const measures: ParamCodec<PivotMeasure[]> = { parse: parseMeasures, format: (m) => m.join(',') };
/** Collapsed groups by id (grid.ts nodeId), as JSON. */
const collapsed: ParamCodec<string[]> = {
  parse: (raw) => {
    try {
      const v: unknown = JSON.parse(raw);
      return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined;
    } catch {
      return undefined;
    }
  },
  format: (v) => (v.length ? JSON.stringify(v) : ''),
};

export const DEFAULT_ROWS: PivotLevel[] = [{ field: 'industry' }];
export const DEFAULT_COLUMNS: PivotLevel[] = [{ field: 'origination_date', grain: 'year' }];
export const DEFAULT_MEASURES: PivotMeasure[] = ['loans', 'defaultRate'];
export type Heat = PivotMeasure | 'none';

export const params = {
  rows: urlParam('pr', DEFAULT_ROWS, levels),
  columns: urlParam('pc', DEFAULT_COLUMNS, levels),
  measures: urlParam('pm', DEFAULT_MEASURES, measures),
  sort: urlParam<SortOrder>('ps', 'label', oneOf(['label', 'desc', 'asc'] as const)),
  heat: urlParam<Heat>('ph', 'defaultRate', oneOf(['none', ...PIVOT_MEASURES] as const)),
  collapsed: urlParam<string[]>('px', [], collapsed),
};

export const view = valuesOf(params);

/** Writes layout changes in one history step; a value equal to its default leaves the URL. */
export function change(values: {
  rows?: PivotLevel[]; columns?: PivotLevel[]; measures?: PivotMeasure[]; sort?: SortOrder; heat?: Heat; collapsed?: string[];
}): void {
  const changes: Record<string, string | null>[] = [];
  const same = <T>(a: T, b: T) => JSON.stringify(a) === JSON.stringify(b);
  const put = <T>(p: { change(v: T): Record<string, string | null>; fallback: T; name: string }, v: T | undefined) => {
    if (v !== undefined) changes.push(same(v, p.fallback) ? { [p.name]: null } : p.change(v));
  };
  put(params.rows, values.rows);
  put(params.columns, values.columns);
  put(params.measures, values.measures);
  put(params.sort, values.sort);
  put(params.heat, values.heat);
  put(params.collapsed, values.collapsed);
  // A new layout has new groups: what was collapsed no longer means anything.
  if ((values.rows || values.columns) && values.collapsed === undefined) changes.push({ px: null });
  setParams(changes);
}
