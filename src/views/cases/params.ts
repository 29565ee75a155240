import { CASE_SORTS, CASE_STATUSES, type CaseListMode, type CaseSort, type CaseStatus } from '../../lib/metrics/cases/list';
import { router } from '../../lib/state/router.svelte';

/** The cases screen's own URL parameters (besides the app-wide filter set `f`). */
export const CASE_PARAMS = ['loan', 'borrower', 'q', 'status', 'sort', 'dir', 'mode', 'tab', 'pack', 'step', 'edit'] as const;

/** Parameters that describe a view worth saving in a pack step (not the pack machinery itself). */
export const VIEW_PARAMS = ['f', 'loan', 'borrower', 'q', 'status', 'sort', 'dir', 'mode'] as const;

export function listStatus(): CaseStatus {
  const s = router.param('status');
  return (CASE_STATUSES as readonly string[]).includes(s ?? '') ? (s as CaseStatus) : 'all';
}

export function listSort(): CaseSort {
  const s = router.param('sort');
  return (CASE_SORTS as readonly string[]).includes(s ?? '') ? (s as CaseSort) : 'balance';
}

export function listMode(): CaseListMode {
  return router.param('mode') === 'borrowers' ? 'borrowers' : 'loans';
}

/** The current cases view as an app hash, without pack and editing parameters. */
export function currentView(): string {
  const params = new URLSearchParams();
  for (const k of VIEW_PARAMS) {
    const v = router.param(k);
    if (v) params.set(k, v);
  }
  const q = params.toString();
  return `#/cases${q ? `?${q}` : ''}`;
}

/** The parameters of a saved view (`#/cases?…`), or null for another screen's view. */
export function viewParams(view: string): { screen: string; params: URLSearchParams } {
  const body = view.replace(/^#\/?/, '');
  const [screen, query = ''] = body.split('?', 2);
  return { screen, params: new URLSearchParams(query) };
}

/** A column of the virtualised case list. */
export interface Column<Row> {
  key: string;
  label: string;
  numeric?: boolean;
  sort?: CaseSort;
  cell: (row: Row) => string;
}
