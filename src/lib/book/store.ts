import { tableToIPC } from 'apache-arrow';
import type { Db } from '../db/types';
import { ident } from '../sql/quote';
import { BOOK_TABLES, SETTINGS_TABLE, STAGE_PREFIX } from './activate';
import { partName, rowidRanges } from './parts';

/** Tables kept per book: the canonical ones and the book's settings. */
const KEPT_TABLES = [...BOOK_TABLES, SETTINGS_TABLE];

/**
 * Imported books kept in the Origin Private File System, one folder per book with each canonical
 * table as Arrow IPC streams: `<table>.arrow`, then `<table>.1.arrow`, `<table>.2.arrow` … of at
 * most PART_ROWS rows each (parts.ts), so saving and reopening hold one part in JS at a time whatever the
 * book's size (13M snapshot rows in one stream were gigabytes of heap). Chosen over DuckDB's own
 * OPFS database because restoring Arrow is fast, several books sit side by side as plain files, and
 * it avoids the write-ahead-log losses measured with DuckDB-WASM 1.32's OPFS mode (STACK.md).
 */
export interface StoredBook {
  id: string;
  name: string;
  importedAt: string;
  loans: number;
  bytes: number;
}

export class StorageError extends Error {
  constructor(
    readonly kind: 'unavailable' | 'quota' | 'missing',
    message: string,
  ) {
    super(message);
  }
}

const ROOT = 'books';
const META = 'meta.json';

async function root(): Promise<FileSystemDirectoryHandle> {
  if (!navigator.storage?.getDirectory) throw new StorageError('unavailable', 'This browser cannot keep files (no Origin Private File System).');
  return (await navigator.storage.getDirectory()).getDirectoryHandle(ROOT, { create: true });
}

export async function listBooks(): Promise<StoredBook[]> {
  const dir = await root();
  const out: StoredBook[] = [];
  for await (const [, handle] of dir as unknown as AsyncIterable<[string, FileSystemHandle]>) {
    if (handle.kind !== 'directory') continue;
    try {
      const file = await (await (handle as FileSystemDirectoryHandle).getFileHandle(META)).getFile();
      out.push(JSON.parse(await file.text()) as StoredBook);
    } catch {
      // A folder without metadata is an interrupted save; it is not listed.
    }
  }
  return out.sort((a, b) => b.importedAt.localeCompare(a.importedAt));
}

/** Saves the active book's tables under a new id. */
export async function saveActiveBook(db: Db, name: string, loans: number): Promise<StoredBook> {
  const dir = await root();
  const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const folder = await dir.getDirectoryHandle(id, { create: true });
  let bytes = 0;
  try {
    for (const table of KEPT_TABLES) {
      const ranges = await rowidRanges(db, table);
      // An empty table is not kept: activation recreates empty optional tables.
      for (const [part, [from, to]] of ranges.entries()) {
        const result = await db.query(`SELECT * FROM ${ident(table)} WHERE rowid >= ${from} AND rowid < ${to} ORDER BY rowid`);
        const ipc = tableToIPC(result, 'stream');
        await writeFile(folder, partName(table, part), ipc);
        bytes += ipc.byteLength;
      }
    }
    const meta: StoredBook = { id, name, importedAt: new Date().toISOString(), loans, bytes };
    await writeFile(folder, META, new TextEncoder().encode(JSON.stringify(meta)));
    return meta;
  } catch (e) {
    await dir.removeEntry(id, { recursive: true }).catch(() => {});
    if (e instanceof DOMException && e.name === 'QuotaExceededError') {
      throw new StorageError('quota', 'The browser has no room left to keep this book. Delete a kept book or free disk space; the book stays open for this session.');
    }
    throw e;
  }
}

/** Stages a kept book's tables for activation. */
export async function stageStoredBook(db: Db, id: string): Promise<void> {
  const folder = await (await root()).getDirectoryHandle(id).catch(() => {
    throw new StorageError('missing', 'This kept book is no longer in the browser storage.');
  });
  for (const table of KEPT_TABLES) {
    await db.exec(`DROP TABLE IF EXISTS ${ident(STAGE_PREFIX + table)}`);
    for (let part = 0; ; part++) {
      const handle = await folder.getFileHandle(partName(table, part)).catch(() => null);
      if (!handle) break;
      const file = await handle.getFile();
      await db.insertArrowIPC(STAGE_PREFIX + table, new Uint8Array(await file.arrayBuffer()), { create: part === 0 });
    }
  }
}

/** Rewrites a kept book's settings from the open book's (after the user changed a rule or the currency). */
export async function saveBookSettings(db: Db, id: string): Promise<void> {
  const folder = await (await root()).getDirectoryHandle(id);
  await writeFile(folder, `${SETTINGS_TABLE}.arrow`, tableToIPC(await db.query(`SELECT * FROM ${ident(SETTINGS_TABLE)}`), 'stream'));
}

export async function renameBook(id: string, name: string): Promise<void> {
  const folder = await (await root()).getDirectoryHandle(id);
  const meta = JSON.parse(await (await (await folder.getFileHandle(META)).getFile()).text()) as StoredBook;
  await writeFile(folder, META, new TextEncoder().encode(JSON.stringify({ ...meta, name })));
}

export async function deleteBook(id: string): Promise<void> {
  await (await root()).removeEntry(id, { recursive: true });
}

async function writeFile(folder: FileSystemDirectoryHandle, name: string, bytes: Uint8Array): Promise<void> {
  const writable = await (await folder.getFileHandle(name, { create: true })).createWritable();
  await writable.write(bytes as Uint8Array<ArrayBuffer>);
  await writable.close();
}
