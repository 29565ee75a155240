import { baselinePopulation, formatBaseline, parseBaseline, type Baseline, type Population } from '../metrics/compare';
import type { ScopeOptions } from '../metrics/portfolio/sql';
import type { FilterSet } from '../sql/filters';
import { filters } from './filters.svelte';
import { router } from './router.svelte';
import { urlParam } from './url-param';

/** `cmp=asof:2024-06-30` or `cmp=rest:branch`; absent: no comparison. */
const param = urlParam<Baseline | null>('cmp', null, { parse: parseBaseline, format: (b) => (b ? formatBaseline(b) : '') });

/**
 * Compare mode, stored only in the URL (it travels between screens with the filter set). A view
 * builds its baseline Metric with the same query builder over `population(…)`: the same metric,
 * another scope.
 */
class Compare {
  private readonly text = $derived(router.param('cmp'));
  readonly baseline: Baseline | null = $derived(param.parse(this.text));

  /** The baseline population of the app's filter set under `scope`, or null when there is none to compare with. */
  population<S extends ScopeOptions>(scope: S, set: FilterSet = filters.set): Population<S> | null {
    return baselinePopulation(this.baseline, set, scope);
  }

  set(baseline: Baseline | null): void {
    param.set(baseline);
  }
}

export const compare = new Compare();
