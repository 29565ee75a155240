import type { BinKey } from '../drivers/binning';
import type { ScorecardScaling, WoeModel } from '../../models/scorecard';
import type { FeatureSpec } from './features';
import type { BinningChoice, OutcomeSpec, SplitSpec } from './spec';

export interface ModelBin {
  key: BinKey;
  /** ln(%good ÷ %bad) in the development sample; null for a skipped zero cell (scored as 0). */
  woe: number | null;
  count: number;
  bads: number;
}

export interface ModelTerm {
  column: string;
  coefficient: number;
  standardError: number;
  pValue: number;
  iv: number;
  binning: BinningChoice;
  bins: ModelBin[];
}

export interface SampleFigures {
  auc: number | null;
  gini: number | null;
  ks: number | null;
  loans: number;
  bads: number;
}

/**
 * A developed WoE scorecard, as saved and exported: enough to rebuild its scoring SQL on any
 * book with the same columns (features are rebuilt from their specs).
 */
export interface ScorecardModel extends WoeModel {
  id: string;
  name: string;
  created: string;
  outcome: OutcomeSpec;
  split: SplitSpec;
  scaling: ScorecardScaling;
  features: FeatureSpec[];
  interceptError: number;
  terms: ModelTerm[];
  /** Score quantiles of the development sample, ascending: band A above the last, H below the first. */
  bandCuts: number[];
  /** Development loans per band (the PSI baseline) and their bad rate (PD by band). */
  devBands: Record<string, { loans: number; bads: number }>;
  dev: SampleFigures;
  val: SampleFigures;
}

export const MODEL_FILE_FORMAT = 'loanbook-lab.scorecard';
