import { activateStaged, availableFields, describeBook, discardStaged, type BookShape } from '../book/activate';
import { rememberOpenBook } from './last-book';
import { writeBookSettings, type BookSettings } from '../book/settings';
import { classifyDbError, type DbError } from '../db/types';
import { SAMPLES, stageSample, type SampleId } from '../book/sample';
import { db } from './engine';
import { i18n } from '../i18n/index.svelte';

type Status = 'none' | 'loading' | 'ready' | 'error';

/**
 * The active loan book. A load stages new tables and swaps them in only when complete, so a
 * failed or cancelled load leaves the previous book open.
 */
class Book {
  status = $state<Status>('none');
  name = $state<string | null>(null);
  shape = $state<BookShape | null>(null);
  error = $state<DbError | null>(null);
  /** Bumped on every change of the tables, so cached query results are keyed to it. */
  version = $state(0);
  /** Fields with values, plus OUTCOME_NEED when the book's outcome can be decided. */
  readonly mapped: ReadonlySet<string> = $derived(this.shape ? availableFields(this.shape) : new Set<string>());
  private loading?: AbortController;

  get isOpen(): boolean {
    return this.shape !== null;
  }

  /** Opens a sample book (Bank A unless told). */
  openSample(id: SampleId = 'bank-a'): Promise<void> {
    return this.load(SAMPLES[id].name, (signal) => stageSample(db, signal, id));
  }

  /**
   * Stages tables with `stage` and activates them; on failure the previous book stays. `keptId` names the
   * kept book being opened (a reload reopens it); any other book opened forgets it, `undefined` leaves it.
   */
  async load(name: string, stage: (signal: AbortSignal) => Promise<void>, keptId: string | null | undefined = null): Promise<void> {
    this.loading?.abort();
    const ctl = (this.loading = new AbortController());
    const previous = this.status === 'loading' ? 'none' : this.status;
    this.status = 'loading';
    this.error = null;
    try {
      await stage(ctl.signal);
      if (ctl.signal.aborted) throw new DOMException('cancelled', 'AbortError');
      const shape = await activateStaged(db);
      this.shape = shape;
      i18n.currency = shape.settings.currency;
      this.name = name;
      this.version++;
      this.status = 'ready';
      if (keptId !== undefined) rememberOpenBook(keptId);
    } catch (e) {
      await discardStaged(db).catch(() => {});
      if (ctl.signal.aborted) {
        this.status = this.shape ? 'ready' : previous === 'error' ? 'none' : previous;
        return;
      }
      this.error = classifyDbError(e);
      this.status = this.shape ? 'ready' : 'error';
    } finally {
      if (this.loading === ctl) this.loading = undefined;
    }
  }

  /**
   * Opens a book that has no loan rows here (an aggregate dashboard): `prepare` creates what its
   * figures read, and the book describes itself with the shape it was published with.
   */
  async openPublished(name: string, shape: BookShape, prepare: () => Promise<void>): Promise<void> {
    this.status = 'loading';
    this.error = null;
    try {
      await prepare();
      this.shape = shape;
      i18n.currency = shape.settings.currency;
      this.name = name;
      this.version++;
      this.status = 'ready';
    } catch (e) {
      this.error = classifyDbError(e);
      this.status = 'error';
    }
  }

  /** Changes the open book's outcome rule or currency; every figure is recomputed. */
  async changeSettings(change: Partial<BookSettings>): Promise<void> {
    if (!this.shape) return;
    await writeBookSettings(db, change);
    this.shape = await describeBook(db);
    i18n.currency = this.shape.settings.currency;
    this.version++;
  }

  cancel(): void {
    this.loading?.abort();
  }
}

export const book = new Book();
