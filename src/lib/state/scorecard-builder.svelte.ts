import { classifyDbError, type DbError } from '../db/types';
import { runMetric } from '../metrics/query';
import { tableColumnsQuery, type CandidateAttribute, type Leakage, type WoeTable } from '../metrics/drivers';
import {
  DEFAULT_OUTCOME,
  DEFAULT_SPLIT,
  availableFeatureSpecs,
  developScorecard,
  modelBaseSql,
  rankModelCandidates,
  splitColumnsQuery,
  type SplitColumn,
  type BinningChoice,
  type Development,
  type FeatureSpec,
  type OutcomeSpec,
  type SplitSpec,
} from '../metrics/models';
import { DEFAULT_SCALING, type ScorecardScaling } from '../models/scorecard';
import { fitInWorker } from '../workers/fit';
import { book } from './book.svelte';
import { db } from './engine';
import { ruleSettings } from './rules.svelte';

/** Quantile bins used to rank attributes and as the default binning of numbers. */
export const RANKING_BINS = 10;

export interface Candidate extends CandidateAttribute {
  table: WoeTable;
  /** Why the column restates the outcome; such candidates are never suggested, only ticked by hand. */
  leakage: Leakage | null;
  /** Stronger attribute whose WoE moves with this one (left out of the suggestion). */
  twin?: string;
}

type Status = 'idle' | 'preparing' | 'ready' | 'fitting' | 'error';

/**
 * The scorecard being built: outcome, split, scaling and attribute choices; the development table
 * and IV ranking they give; the last fit. Lives as long as the tab, so switching screens keeps it.
 */
class Builder {
  outcome = $state<OutcomeSpec>(DEFAULT_OUTCOME);
  split = $state<SplitSpec>(DEFAULT_SPLIT);
  scaling = $state<ScorecardScaling>({ ...DEFAULT_SCALING });
  /** Column → binning, for the attributes in the model (in IV order). */
  chosen = $state<Record<string, BinningChoice>>({});
  candidates = $state.raw<Candidate[]>([]);
  status = $state<Status>('idle');
  error = $state<DbError | null>(null);
  result = $state.raw<Development | null>(null);
  /** Columns of the export that look like its own development / validation split. */
  splitColumns = $state.raw<SplitColumn[]>([]);
  /** The numeric attribute whose bins are being edited. */
  editing = $state<string | null>(null);
  private lastName = '';
  /** The book version and settings `model_base` was built for. */
  private preparedFor = $state<string | null>(null);
  private features: FeatureSpec[] = [];
  private running?: AbortController;

  get settingsKey(): string {
    return `${book.version}|${JSON.stringify(this.outcome)}|${JSON.stringify(this.split)}`;
  }

  get stale(): boolean {
    return this.preparedFor !== this.settingsKey;
  }

  get busy(): boolean {
    return this.status === 'preparing' || this.status === 'fitting';
  }

  /** Builds `model_base` for the outcome and split, ranks the attributes by IV on the development sample, and suggests a first set. */
  async prepare(): Promise<void> {
    const ctl = this.restart();
    this.status = 'preparing';
    this.error = null;
    this.result = null;
    this.editing = null;
    const key = this.settingsKey;
    try {
      const mapped = book.mapped;
      this.features = availableFeatureSpecs(mapped, ruleSettings.data.thresholds);
      const base = modelBaseSql(this.features, $state.snapshot(this.outcome) as OutcomeSpec, $state.snapshot(this.split) as SplitSpec, (book.shape?.snapshots ?? 0) > 0);
      await db.exec(base.sql, base.params, { signal: ctl.signal });
      this.splitColumns = await runMetric(db, splitColumnsQuery(await runMetric(db, tableColumnsQuery('loan_facts'), { signal: ctl.signal })), { signal: ctl.signal });
      // A split column marks samples, it does not describe the loan.
      const exclude = this.splitColumns.map((c) => c.column);
      const { ranked, suggestion } = await rankModelCandidates(db, mapped, { bins: RANKING_BINS, exclude, signal: ctl.signal });
      if (ctl.signal.aborted) return;
      this.candidates = ranked.map((r) => ({ ...r.attribute, table: r.table, leakage: r.leakage, twin: suggestion.redundant[r.attribute.column] }));
      this.chosen = Object.fromEntries(suggestion.picked.map((c) => [c, monotonicOrCategorical(this.candidates.find((x) => x.column === c)!)]));
      this.preparedFor = key;
      this.status = 'ready';
    } catch (e) {
      if (!ctl.signal.aborted) this.fail(e);
    }
  }

  toggle(column: string, on: boolean): void {
    const next = { ...this.chosen };
    const candidate = this.candidates.find((c) => c.column === column);
    if (on && candidate) next[column] = monotonicOrCategorical(candidate);
    else delete next[column];
    this.chosen = next;
  }

  setBinning(column: string, binning: BinningChoice): void {
    this.chosen = { ...this.chosen, [column]: binning };
  }

  /** The bins an edit starts from: the last fit's development bins. */
  binsOf(column: string): WoeTable | undefined {
    return this.result?.tables.find((t) => t.attribute === column);
  }

  /** New cut points for an attribute from the bin editor, then the scorecard fitted again. */
  async editBins(column: string, cuts: number[]): Promise<void> {
    if (!this.result) return;
    this.setBinning(column, { kind: 'cuts', cuts });
    await this.fit(this.lastName || this.result.model.name);
  }

  /** Categories merged into groups by the bin editor (or split again), then the scorecard fitted again. */
  async editGroups(column: string, groups: string[][]): Promise<void> {
    if (!this.result) return;
    this.setBinning(column, { kind: 'categorical', groups });
    await this.fit(this.lastName || this.result.model.name);
  }

  /** Fits the scorecard on the chosen attributes (in a worker) and evaluates it on both samples. */
  async fit(name: string): Promise<void> {
    this.lastName = name;
    if (this.stale) await this.prepare();
    const ctl = this.restart();
    this.status = 'fitting';
    this.error = null;
    try {
      const order = this.candidates.map((c) => c.column).filter((c) => c in this.chosen);
      const result = await developScorecard(db, {
        features: this.features,
        outcome: $state.snapshot(this.outcome) as OutcomeSpec,
        split: $state.snapshot(this.split) as SplitSpec,
        attributes: order.map((column) => ({ column, binning: $state.snapshot(this.chosen[column]) as BinningChoice })),
        scaling: $state.snapshot(this.scaling),
        name,
        fitter: (x, y, names) => fitInWorker(x, y, names, ctl.signal),
        signal: ctl.signal,
      });
      if (ctl.signal.aborted) return;
      this.result = result;
      this.status = 'ready';
    } catch (e) {
      if (!ctl.signal.aborted) this.fail(e);
    }
  }

  cancel(): void {
    this.running?.abort();
    this.status = this.stale ? 'idle' : 'ready';
  }

  private restart(): AbortController {
    this.running?.abort();
    return (this.running = new AbortController());
  }

  private fail(e: unknown): void {
    this.error = classifyDbError(e);
    this.status = 'error';
  }
}

function monotonicOrCategorical(a: CandidateAttribute): BinningChoice {
  return a.numeric ? { kind: 'monotonic', bins: RANKING_BINS } : { kind: 'categorical' };
}

export const builder = new Builder();
