import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openNativeDb, type NativeDb } from '../lib/db/native';

export interface EngineOptions {
  /** Folder for the engine's working files (default: the system's temp folder). */
  tempDir?: string;
  threads?: number;
  /** DuckDB memory limit, e.g. '16GB'; beyond it DuckDB spills to the working folder. */
  memoryLimit?: string;
}

export interface Engine {
  db: NativeDb;
  threads: number;
  workDir: string;
  /** Closes the engine and deletes its working folder (database file and spills). */
  close(): Promise<void>;
}

/**
 * Native DuckDB for one command: a database file in a fresh working folder, so the book's tables
 * live on disk and the book may be larger than memory; every core unless told otherwise.
 */
export async function openEngine(options: EngineOptions = {}): Promise<Engine> {
  const workDir = await mkdtemp(join(options.tempDir ?? tmpdir(), 'loanbook-'));
  const threads = options.threads ?? availableParallelism();
  try {
    const db = await openNativeDb({ path: join(workDir, 'book.duckdb'), tempDirectory: join(workDir, 'spill'), threads, memoryLimit: options.memoryLimit });
    return {
      db,
      threads,
      workDir,
      close: async () => {
        await db.close();
        await rm(workDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await rm(workDir, { recursive: true, force: true });
    throw e;
  }
}
