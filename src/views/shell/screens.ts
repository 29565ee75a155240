import type { Component } from 'svelte';
import type { Screen } from '../../lib/routes';

type Loader = () => Promise<{ default: Component }>;

/**
 * Each screen is its own chunk, fetched when first shown, so the first page load carries only the
 * shell and the Data screen (charts, the notebook editor and the models stay out of it).
 */
export const SCREEN_MODULES: Record<Exclude<Screen, 'data'>, Loader> = {
  overview: () => import('../overview/OverviewScreen.svelte'),
  structure: () => import('../structure/StructureScreen.svelte'),
  pivot: () => import('../pivot/PivotScreen.svelte'),
  ecl: () => import('../ecl/EclScreen.svelte'),
  cases: () => import('../cases/CasesScreen.svelte'),
  causes: () => import('../causes/CausesScreen.svelte'),
  process: () => import('../process/ProcessScreen.svelte'),
  models: () => import('../models/ModelsScreen.svelte'),
  report: () => import('../report/ReportScreen.svelte'),
  notebook: () => import('../notebook/NotebookScreen.svelte'),
  publish: () => import('../publish/PublishScreen.svelte'),
};

const loaded = new Map<string, Promise<{ default: Component }>>();

/** The screen's module, fetched once. */
export function loadScreen(screen: Exclude<Screen, 'data'>): Promise<{ default: Component }> {
  let p = loaded.get(screen);
  if (!p) {
    p = SCREEN_MODULES[screen]();
    p.catch(() => loaded.delete(screen));
    loaded.set(screen, p);
  }
  return p;
}
