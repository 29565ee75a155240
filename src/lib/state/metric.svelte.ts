import { classifyDbError, type DbError } from '../db/types';
import { missingFields, type MetricQuery } from '../metrics/query';
import { book } from './book.svelte';
import { db } from './engine';
import { QueryCache } from './query-cache';

export const cache = new QueryCache(db);

/**
 * A metric bound to the open book and whatever state `build` reads (filters, options): it re-runs
 * when those change, cancels the stale run, and exposes loading / error / missing-fields states.
 * Create it during component initialisation (it owns an effect).
 */
export class Metric<T> {
  data = $state<T | undefined>(undefined);
  error = $state<DbError | undefined>(undefined);
  loading = $state(false);
  missing = $state<string[]>([]);
  /** Milliseconds from request to result of the last run. */
  elapsed = $state(0);

  constructor(build: () => MetricQuery<T> | null) {
    $effect(() => {
      const q = book.isOpen ? build() : null;
      const version = book.version;
      if (!q) {
        this.data = undefined;
        this.loading = false;
        return;
      }
      const missing = missingFields(q.needs, book.mapped);
      this.missing = missing;
      if (missing.length) {
        this.data = undefined;
        this.loading = false;
        return;
      }
      const ctl = new AbortController();
      const started = performance.now();
      this.loading = true;
      this.error = undefined;
      cache
        .query(version, q.sql, q.params, { signal: ctl.signal })
        .then((table) => {
          if (ctl.signal.aborted) return;
          this.data = q.shape(table);
          this.elapsed = performance.now() - started;
          this.loading = false;
        })
        .catch((e) => {
          if (ctl.signal.aborted) return;
          this.error = classifyDbError(e, q.sql);
          this.loading = false;
        });
      return () => ctl.abort();
    });
  }
}
