import { db } from './engine';
import type { Notebook, SqlCell } from '../notebook/model';
import { runSqlCell, type CellResult } from '../notebook/run';

export type CellRun =
  | { status: 'running'; started: number; previous?: CellResult }
  | { status: 'done'; result: CellResult }
  | { status: 'error'; error: unknown };

/**
 * Results of the open notebook's cells in this tab. Not saved: a notebook keeps its queries,
 * the tab keeps their results until the notebook changes or the page reloads.
 */
class NotebookSession {
  /** Raw (not deeply reactive): results may hold 100,000 rows. */
  runs = $state.raw<Record<string, CellRun>>({});
  private controllers = new Map<string, AbortController>();
  private notebookId: string | null = null;
  private batch: AbortController | null = null;

  get busy(): boolean {
    return Object.values(this.runs).some((r) => r.status === 'running');
  }

  /** Forgets results when another notebook is opened. */
  follow(notebook: Notebook): void {
    if (notebook.id === this.notebookId) return;
    this.cancelAll();
    this.notebookId = notebook.id;
    this.runs = {};
  }

  result(cellId: string): CellResult | undefined {
    const r = this.runs[cellId];
    return r?.status === 'done' ? r.result : r?.status === 'running' ? r.previous : undefined;
  }

  /** Runs one SQL cell; resolves true when it succeeded. */
  async run(notebook: Notebook, cell: SqlCell): Promise<boolean> {
    this.controllers.get(cell.id)?.abort();
    const ctl = new AbortController();
    this.controllers.set(cell.id, ctl);
    this.set(cell.id, { status: 'running', started: performance.now(), previous: this.result(cell.id) });
    try {
      const result = await runSqlCell(db, $state.snapshot(notebook) as Notebook, $state.snapshot(cell) as SqlCell, { signal: ctl.signal });
      if (this.controllers.get(cell.id) === ctl) this.set(cell.id, { status: 'done', result });
      return true;
    } catch (error) {
      if (this.controllers.get(cell.id) === ctl) this.set(cell.id, { status: 'error', error });
      return false;
    } finally {
      if (this.controllers.get(cell.id) === ctl) this.controllers.delete(cell.id);
    }
  }

  /** Runs the SQL cells from `fromId` (or the first) to the end, in order, stopping at an error. */
  async runFrom(notebook: Notebook, fromId?: string): Promise<void> {
    this.batch?.abort();
    const batch = (this.batch = new AbortController());
    const start = fromId ? notebook.cells.findIndex((c) => c.id === fromId) : 0;
    for (const cell of notebook.cells.slice(Math.max(0, start))) {
      if (batch.signal.aborted || notebook.id !== this.notebookId) return;
      if (cell.kind !== 'sql') continue;
      if (!(await this.run(notebook, cell))) return;
    }
    if (this.batch === batch) this.batch = null;
  }

  cancel(cellId: string): void {
    this.batch?.abort();
    this.controllers.get(cellId)?.abort();
  }

  cancelAll(): void {
    this.batch?.abort();
    for (const c of this.controllers.values()) c.abort();
  }

  forget(cellId: string): void {
    this.controllers.get(cellId)?.abort();
    const { [cellId]: _, ...rest } = this.runs;
    this.runs = rest;
  }

  private set(cellId: string, run: CellRun): void {
    this.runs = { ...this.runs, [cellId]: run };
  }
}

export const session = new NotebookSession();
