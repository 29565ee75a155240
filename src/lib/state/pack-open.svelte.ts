import { parseHash } from '../routes';
import { book } from './book.svelte';
import { db } from './engine';
import { router } from './router.svelte';

/**
 * Opens a one-file pack dropped or chosen on the Data screen: its book (Parquet inside the zip,
 * nothing fetched) replaces the open one, its pack joins the saved packs, and its first step is
 * shown in student mode. The pack code loads only when a zip arrives.
 */
class PackOpener {
  status = $state<'idle' | 'opening' | 'error'>('idle');
  error = $state<string | null>(null);

  /** False when the file is not a one-file pack (the caller imports it as data). */
  async open(file: File): Promise<boolean> {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const { isPackBundle, readPackBundle, stagePackBundle } = await import('../publish/pack-bundle');
    if (!isPackBundle(bytes)) return false;
    this.status = 'opening';
    this.error = null;
    try {
      const bundle = readPackBundle(bytes);
      await book.load(bundle.bookName, (signal) => stagePackBundle(db, bundle, signal));
      if (book.name !== bundle.bookName) throw new Error(book.error?.message ?? 'the book did not open');
      const { packs } = await import('./packs.svelte');
      const { packFile } = await import('../metrics/cases/records');
      await packs.bundledReady;
      const pack = packs.find(bundle.pack.id) ?? packs.import(JSON.stringify(packFile(bundle.pack)));
      const first = pack.steps[0];
      if (first) {
        const { screen, params } = parseHash(first.view);
        params.set('pack', pack.id);
        params.set('step', '1');
        params.set('as', 'student');
        router.go(screen, params);
      } else router.go('cases', new URLSearchParams({ tab: 'packs' }));
      this.status = 'idle';
    } catch (e) {
      this.status = 'error';
      this.error = e instanceof Error ? e.message : String(e);
    }
    return true;
  }
}

export const packOpener = new PackOpener();

/** Files dropped or chosen on the Data screen: a single zip may be a one-file pack, the rest is data to import. */
export async function addDataFiles(files: File[], addFiles: (files: File[]) => Promise<void>): Promise<void> {
  if (files.length === 1 && /\.zip$/i.test(files[0].name) && (await packOpener.open(files[0]))) return;
  await addFiles(files);
}
