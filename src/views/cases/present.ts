import type { Pack } from '../../lib/metrics/cases/records';
import { router } from '../../lib/state/router.svelte';
import { viewParams } from './params';

/**
 * Shows step `index` of a pack: the step's own view parameters (filters, list, case) on the cases
 * screen, plus `pack` and `step` so that a reload or a shared link resumes the presentation.
 */
export function startPresenting(pack: Pack, index: number): void {
  const step = pack.steps[index];
  if (!step) return;
  const { screen, params } = viewParams(step.view);
  const next = screen === 'cases' ? params : new URLSearchParams();
  next.set('pack', pack.id);
  next.set('step', String(index + 1));
  router.go('cases', next);
}

export function stopPresenting(): void {
  router.go('cases', new URLSearchParams({ tab: 'packs' }));
}
