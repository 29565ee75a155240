import type { Pack } from '../../lib/metrics/cases/records';
import type { Screen } from '../../lib/routes';
import { router } from '../../lib/state/router.svelte';
import { viewParams } from './params';

export type PresentRole = 'trainer' | 'student';

/** Who is presenting: `as=student` in the URL (a student works alone), else the trainer. */
export const presentRole = (): PresentRole => (router.param('as') === 'student' ? 'student' : 'trainer');

/**
 * Shows step `index` of a pack: the step's own screen with its view parameters (filters, tab,
 * case), plus `pack`, `step` (and `as=student`) so that the shell draws the presenter over the
 * screen and a reload or a shared link resumes the presentation.
 */
export function startPresenting(pack: Pack, index: number, role: PresentRole = presentRole()): void {
  const step = pack.steps[index];
  if (!step) return;
  const { screen, params } = viewParams(step.view);
  params.set('pack', pack.id);
  params.set('step', String(index + 1));
  if (role === 'student') params.set('as', 'student');
  router.go((screen || 'cases') as Screen, params);
}

export function stopPresenting(): void {
  router.go('cases', new URLSearchParams({ tab: 'packs' }));
}
