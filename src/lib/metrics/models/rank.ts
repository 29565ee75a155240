import type { Db } from '../../db/types';
import { runMetric } from '../query';
import { candidateProfileQuery, rankCandidates, tableColumnsQuery, type RankedCandidate } from '../drivers/candidates';
import { ivRankingQuery } from '../drivers/woe';
import { MODEL_BASE } from './base';
import { DEV_SOURCE } from './develop';
import { suggestAttributes, type Suggestion } from './suggest';

export interface ModelCandidates {
  /** Genuine candidates by IV on the development sample, then the leaking ones. */
  ranked: RankedCandidate[];
  /** A first set, chosen among the genuine candidates only. */
  suggestion: Suggestion;
}

/** The scorecard builder's candidates on `model_base` (built beforehand): the same definition and leakage guard as Drivers. */
export async function rankModelCandidates(
  db: Db,
  mapped: ReadonlySet<string>,
  options: { bins: number; exclude?: readonly string[]; signal?: AbortSignal },
): Promise<ModelCandidates> {
  const run = { signal: options.signal };
  const columns = await runMetric(db, tableColumnsQuery(MODEL_BASE), run);
  const { attributes } = await runMetric(db, candidateProfileQuery(columns, mapped, { table: MODEL_BASE, bins: options.bins, exclude: options.exclude }), run);
  const tables = attributes.length ? await runMetric(db, ivRankingQuery(attributes, DEV_SOURCE), run) : [];
  const ranked = rankCandidates(attributes, tables);
  const suggestion = await suggestAttributes(db, ranked.filter((r) => !r.leakage).map((r) => r.table));
  return { ranked, suggestion };
}
