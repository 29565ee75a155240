import { CASE_SORTS, CASE_STATUSES, type CaseListMode, type CaseSort, type CaseStatus } from '../../lib/metrics/cases/list';
import { router } from '../../lib/state/router.svelte';
import { oneOf, text, urlParam } from '../../lib/state/url-param';

/** The cases screen's own URL parameters (besides the app-wide filter set `f`). */
export const CASE_PARAMS = ['loan', 'borrower', 'q', 'status', 'sort', 'dir', 'mode', 'tab', 'pack', 'step', 'edit'] as const;

/** Parameters that describe a view worth saving in a pack step (not the pack machinery itself). */
export const VIEW_PARAMS = ['f', 'loan', 'borrower', 'q', 'status', 'sort', 'dir', 'mode'] as const;

/** The case list's URL parameters, each with its default (never written to the URL). */
export const caseUrl = {
  tab: urlParam<'cases' | 'packs'>('tab', 'cases', oneOf(['cases', 'packs'] as const)),
  status: urlParam<CaseStatus>('status', 'all', oneOf(CASE_STATUSES)),
  sort: urlParam<CaseSort>('sort', 'balance', oneOf(CASE_SORTS)),
  direction: urlParam<'asc' | 'desc'>('dir', 'desc', oneOf(['asc', 'desc'] as const)),
  mode: urlParam<CaseListMode>('mode', 'loans', oneOf(['loans', 'borrowers'] as const)),
  search: urlParam('q', null, text),
};

export function listStatus(): CaseStatus {
  return caseUrl.status.value;
}

export function listSort(): CaseSort {
  return caseUrl.sort.value;
}

export function listMode(): CaseListMode {
  return caseUrl.mode.value;
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
