import { copyNotebook, newNotebook, sqlCell, type Notebook } from './model';
import { NotebookStorage, type NotebookEntry } from './storage';

const CURRENT_KEY = 'lbl.notebook.current';
const SAVE_DELAY_MS = 400;

/**
 * The user's notebooks and the one open on screen. Every change to the open notebook is saved
 * a moment later, without a save button.
 */
class NotebookLibrary {
  entries = $state<NotebookEntry[]>([]);
  current = $state<Notebook | null>(null);
  /** False when the browser refused the last save (storage full). */
  saved = $state(true);
  private storage = new NotebookStorage(globalThis.localStorage);
  private timer: ReturnType<typeof setTimeout> | undefined;
  private started = false;

  /** Loads the list and the last open notebook, and starts autosaving. Safe to call again. */
  start(defaultTitle: string): void {
    if (this.started) return;
    this.started = true;
    this.entries = this.storage.list();
    const last = localStorage.getItem(CURRENT_KEY);
    const nb = (last && this.storage.load(last)) || (this.entries[0] && this.storage.load(this.entries[0].id));
    if (nb) this.current = nb;
    else this.create(defaultTitle);
    $effect.root(() => {
      $effect(() => {
        const nb = this.current;
        if (!nb) return;
        // Stringifying reads every field through the proxy, so any edit anywhere re-runs this.
        const snapshot = JSON.parse(JSON.stringify(nb)) as Notebook;
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.write(snapshot), SAVE_DELAY_MS);
      });
    });
    addEventListener('pagehide', () => this.flush());
  }

  /** Saves now instead of after the delay (before leaving, exporting or sharing). */
  flush(): void {
    clearTimeout(this.timer);
    if (this.current) this.write($state.snapshot(this.current) as Notebook);
  }

  private write(nb: Notebook): void {
    this.saved = this.storage.save(nb);
    this.entries = this.storage.list();
    localStorage.setItem(CURRENT_KEY, nb.id);
  }

  open(id: string): void {
    if (id === this.current?.id) return;
    this.flush();
    const nb = this.storage.load(id);
    if (nb) this.current = nb;
  }

  create(title: string): Notebook {
    return this.add(newNotebook(title, [sqlCell('SELECT 42 AS answer')]));
  }

  /** Adds a notebook from a file, link or starter as a new copy, and opens it. */
  add(nb: Notebook): Notebook {
    this.flush();
    const copy = this.entries.some((e) => e.id === nb.id) ? copyNotebook(nb) : nb;
    this.current = copy;
    this.write(copy);
    return copy;
  }

  remove(id: string, fallbackTitle: string): void {
    this.storage.remove(id);
    this.entries = this.storage.list();
    if (this.current?.id === id) {
      clearTimeout(this.timer);
      this.current = null;
      const next = this.entries[0] && this.storage.load(this.entries[0].id);
      if (next) this.current = next;
      else this.create(fallbackTitle);
    }
  }
}

export const library = new NotebookLibrary();
