import { router } from '../../lib/state/router.svelte';

export const MODEL_TABS = ['build', 'scores', 'warning', 'stress'] as const;
export type ModelTab = (typeof MODEL_TABS)[number];

/** Screen-local URL state of the Models screen. */
export const modelParams = {
  get tab(): ModelTab {
    const t = router.param('tab');
    return (MODEL_TABS as readonly string[]).includes(t ?? '') ? (t as ModelTab) : 'build';
  },
  /** The saved model in view on the scores, early-warning and stress tabs. */
  get model(): string | null {
    return router.param('model');
  },
  get scenario(): string | null {
    return router.param('scenario');
  },
};
