import { oneOf, text, urlParam, valuesOf } from '../../lib/state/url-param';

export const MODEL_TABS = ['build', 'scores', 'warning', 'monitor', 'stress'] as const;
export type ModelTab = (typeof MODEL_TABS)[number];

/** Screen-local URL parameters of the Models screen, each with its default (never written to the URL). */
export const modelUrl = {
  tab: urlParam<ModelTab>('tab', 'build', oneOf(MODEL_TABS)),
  /** The saved model in view on the scores, early-warning and stress tabs. */
  model: urlParam('model', null, text),
  scenario: urlParam('scenario', null, text),
  /** The monitoring tab's baseline origination year (default: the first year of the book). */
  baseline: urlParam('base', null, text),
};

/** Screen-local URL state of the Models screen. */
export const modelParams = valuesOf(modelUrl);
