import example from '../../../data-samples/packs/bank-a-planted-problems.json';
import bankB from '../../../data-samples/packs/bank-b-rural-shocks.json';
import { packFile, parsePackFile, validPack, type LocalText, type Pack, type PackFile } from '../metrics/cases/records';
import { newRecordId, readStoredList, writeStored } from './stored';

const STORAGE_KEY = 'lbl.packs';

/** Packs that ship with the app (read-only; a trainer copies one to change it). */
export const BUNDLED_PACKS: readonly Pack[] = [parsePackFile(JSON.stringify(example)), parsePackFile(JSON.stringify(bankB))];

/**
 * Case-study packs a trainer builds: saved in the browser as they are edited, exported and
 * imported as JSON files.
 */
class Packs {
  saved = $state<Pack[]>(readStoredList(STORAGE_KEY, (entry) => parsePackFile(JSON.stringify(entry))));

  get all(): Pack[] {
    return [...this.saved, ...BUNDLED_PACKS];
  }

  find(id: string | null): Pack | undefined {
    return id ? this.all.find((p) => p.id === id) : undefined;
  }

  isBundled(id: string): boolean {
    return BUNDLED_PACKS.some((p) => p.id === id);
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
