import { packFile, parsePackFile, validPack, type LocalText, type Pack, type PackFile } from '../metrics/cases/records';
import { newRecordId, readStoredList, writeStored } from './stored';
import { DASHBOARD_META } from '../publish/dashboard-config.mjs';

const STORAGE_KEY = 'lbl.packs';

/**
 * Whether this page may hold the sample packs: not a masked or aggregate dashboard, which must
 * carry no sample loan ids (its publisher leaves the packs' chunk out, see app-layout.mjs).
 */
function bundledPacksAllowed(): boolean {
  const mode = globalThis.document?.querySelector(`meta[name="${DASHBOARD_META}"]`)?.getAttribute('data-mode');
  return !mode || mode === 'loans';
}

/**
 * Case-study packs a trainer builds: saved in the browser as they are edited, exported and
 * imported as JSON files.
 */
class Packs {
  saved = $state<Pack[]>(readStoredList(STORAGE_KEY, (entry) => parsePackFile(JSON.stringify(entry))));
  /** Packs that ship with the app (read-only; a trainer copies one to change it), in a chunk of their own. */
  bundled = $state<readonly Pack[]>([]);
  /** Resolves once the bundled packs are listed (at once where they are not allowed). */
  readonly bundledReady: Promise<void> = bundledPacksAllowed()
    ? import('./bundled-packs').then((m) => void (this.bundled = m.BUNDLED_PACKS))
    : Promise.resolve();

  get all(): Pack[] {
    return [...this.saved, ...this.bundled];
  }

  find(id: string | null): Pack | undefined {
    return id ? this.all.find((p) => p.id === id) : undefined;
  }

  isBundled(id: string): boolean {
    return this.bundled.some((p) => p.id === id);
  }

  create(fields: Partial<Pack> = {}): Pack {
    const pack = validPack({ title: '', narrative: '', book: { kind: 'sample' }, steps: [], ...fields, id: newRecordId('pack'), updated: new Date().toISOString() });
    this.saved = [pack, ...this.saved];
    this.persist();
    return pack;
  }

  /** A saved copy of any pack (to edit a bundled one). */
  duplicate(id: string, title?: LocalText): Pack | undefined {
    const source = this.find(id);
    return source && this.create({ ...$state.snapshot(source), title: title ?? source.title });
  }

  update(id: string, change: (pack: Pack) => Pack): void {
    this.saved = this.saved.map((p) => (p.id === id ? validPack({ ...change($state.snapshot(p) as Pack), id, updated: new Date().toISOString() }) : p));
    this.persist();
  }

  remove(id: string): void {
    this.saved = this.saved.filter((p) => p.id !== id);
    this.persist();
  }

  export(id: string): PackFile | undefined {
    const pack = this.find(id);
    return pack && packFile($state.snapshot(pack) as Pack);
  }

  /** Adds a pack from a file; an id already in use gets a fresh one, so nothing is overwritten. */
  import(text: string): Pack {
    const pack = parsePackFile(text);
    const taken = this.all.some((p) => p.id === pack.id);
    const added = { ...pack, id: taken ? newRecordId('pack') : pack.id };
    this.saved = [added, ...this.saved];
    this.persist();
    return added;
  }

  private persist(): void {
    writeStored(STORAGE_KEY, $state.snapshot(this.saved).map((p) => packFile(p as Pack)));
  }
}

export const packs = new Packs();
