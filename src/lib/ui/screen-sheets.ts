import { getContext, onDestroy, setContext } from 'svelte';
import type { SheetSource } from '../workbook/model';

/**
 * The tables and charts of the screen being shown, for its workbook download: the screen frame
 * provides the registry, each Chart and each DataTable given a `sheet` registers a getter of its
 * current data while it is mounted, in mount order (the order on the page).
 */
export class ScreenSheets {
  #getters = new Map<symbol, () => SheetSource | null>();
  register(get: () => SheetSource | null): () => void {
    const id = Symbol();
    this.#getters.set(id, get);
    return () => this.#getters.delete(id);
  }
  /** The data of every registered part that has some now. */
  sources(): SheetSource[] {
    return [...this.#getters.values()].map((g) => g()).filter((s): s is SheetSource => s !== null);
  }
}

const KEY = Symbol('screen-sheets');

/** In the screen frame's init: a registry for the parts inside it. */
export function provideScreenSheets(): ScreenSheets {
  return setContext(KEY, new ScreenSheets());
}

/** In a table or chart's init: registers its data with the enclosing screen, if any, until it unmounts. */
export function registerScreenSheet(get: () => SheetSource | null): void {
  const sheets = getContext<ScreenSheets | undefined>(KEY);
  if (!sheets) return;
  onDestroy(sheets.register(get));
}
