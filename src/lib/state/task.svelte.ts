import { classifyDbError, type Db, type DbError } from '../db/types';
import { db } from './engine';

/** A job on the tab's engine: it gets the engine and a signal that aborts when the task is run again or cancelled. */
export type EngineJob<T> = (db: Db, signal: AbortSignal) => Promise<T>;

/**
 * The one-shot way to get data, beside `Metric` (which re-runs when state changes): a job a person starts
 * (check a rule, apply a model, build a zip). Views start it and read `running` / `error` / `result`;
 * they never hold the engine. Running again cancels the previous run, whose outcome is then ignored.
 */
export class Task<T> {
  running = $state(false);
  result = $state.raw<T | undefined>(undefined);
  /** What the last run threw, as thrown (for a view that tells kinds of failure apart) and as a DbError. */
  thrown = $state.raw<unknown>(undefined);
  error = $state.raw<DbError | null>(null);
  private ctl?: AbortController;

  /** The job's result, or undefined when it failed or was cancelled. */
  async run(job: EngineJob<T>): Promise<T | undefined> {
    this.ctl?.abort();
    const ctl = (this.ctl = new AbortController());
    this.running = true;
    this.error = null;
    this.thrown = undefined;
    this.result = undefined;
    try {
      const result = await job(db, ctl.signal);
      if (ctl.signal.aborted) return undefined;
      this.result = result;
      return result;
    } catch (e) {
      if (ctl.signal.aborted) return undefined;
      this.thrown = e;
      this.error = classifyDbError(e);
      return undefined;
    } finally {
      if (this.ctl === ctl) {
        this.running = false;
        this.ctl = undefined;
      }
    }
  }

  cancel(): void {
    this.ctl?.abort();
  }
}
