import { ImportError, formatBytes } from '../ingest/errors';
import { openWorkbook, type Workbook } from '../ingest/read-xlsx';
import { readFile, type ReadOptions } from '../ingest/read';
import { sniffFile, type FileSniff } from '../ingest/sniff';
import { dropRaw, type RawTable } from '../ingest/raw-table';
import { DbError, type Db } from '../db/types';
import { ident } from '../sql/quote';
import { rows } from '../db/rows';
import type { CanonicalTable } from '../schema/canonical';
import { buildBook } from '../schema/build';
import { qualityReport, rawQuality, type FieldQuality, type QualityReport, type RawColumnQuality } from '../schema/quality';
import type { Mapping } from '../schema/mapping';
import { BOOK_TABLES, BOOK_FIELDS_TABLE, SETTINGS_TABLE, STAGE_PREFIX } from './activate';

/**
 * The import pipeline, step by step, with no UI state: sniff a file, read it into a raw table,
 * propose a mapping (schema/propose.ts), check it (a build into `check_*` tables that leaves the open book alone) and
 * stage the checked tables for `activateStaged`. `state/import.svelte.ts` drives it and holds what
 * the Data screen shows.
 */

/** Tables a check writes; staged (renamed to `stage_*`) when the user imports. */
export const CHECK_PREFIX = 'check_';
const BUILT_TABLES = [...BOOK_TABLES, BOOK_FIELDS_TABLE, SETTINGS_TABLE];

/** Which canonical table a file probably holds, from its name. */
export function guessRole(fileName: string, taken: readonly CanonicalTable[]): CanonicalTable {
  if (/snapshot|快照|月度|monthly|history|月末/i.test(fileName)) return 'snapshots';
  if (/inspect|检查|贷后|visit/i.test(fileName)) return 'inspections';
  return taken.includes('loans') && !/loan|贷款|借据/i.test(fileName) ? 'snapshots' : 'loans';
}

/**
 * Any failure as an ImportError, so the UI can say what is wrong and what to do. `step` says
 * whether the file was still being read or had been read and the book was being built from it.
 */
export function asImportError(e: unknown, fileSize = 0, step: 'read' | 'build' = 'read'): ImportError {
  if (e instanceof ImportError) return e;
  if (e instanceof DOMException && e.name === 'AbortError') return new ImportError('cancelled');
  const outOfMemory = () => new ImportError('out_of_memory', {}, `${step}${fileSize ? `, ${formatBytes(fileSize)}` : ''}: ${e instanceof DbError ? e.detail : e instanceof Error ? e.message : String(e)}`);
  if (e instanceof DbError) {
    if (e.kind === 'cancelled') return new ImportError('cancelled');
    if (e.kind === 'memory') return outOfMemory();
    return new ImportError(step === 'build' ? 'build_failed' : 'read_failed', { reason: e.message }, e.detail);
  }
  const message = e instanceof Error ? e.message : String(e);
  if (/out of memory|allocation failed|Array buffer allocation/i.test(message)) return outOfMemory();
  return new ImportError(step === 'build' ? 'build_failed' : 'read_failed', { reason: message }, message);
}

/** What a file is, and for a workbook its sheets and the one to read first (the biggest); the app opens workbooks in a worker. */
export async function sniffSource(
  file: File,
  name: string,
  open: (file: Blob) => Promise<Workbook> = openWorkbook,
): Promise<{ sniff: FileSniff; workbook: Workbook | null; sheet?: string }> {
  const sniff = await sniffFile(file, name);
  if (sniff.format !== 'xlsx') return { sniff, workbook: null };
  const workbook = await open(file);
  const biggest = [...workbook.sheets].sort((a, b) => b.rowCount - a.rowCount)[0];
  return { sniff, workbook, sheet: biggest?.name };
}

export interface ReadSource {
  raw: RawTable;
  columns: RawColumnQuality[];
  preview: Record<string, unknown>[];
}

/** Reads a sniffed file into a raw table with its column quality and first rows; a cancelled read leaves no table. */
export async function readSource(db: Db, file: File, sniff: FileSniff, options: ReadOptions): Promise<ReadSource> {
  const raw = await readFile(db, file, sniff, options);
  if (options.signal?.aborted) {
    await dropTables(db, [raw.table]);
    throw new ImportError('cancelled');
  }
  const columns = await rawQuality(db, raw.table, raw.columns);
  const preview = rows(await db.query(`SELECT ${raw.columns.map(ident).join(', ')} FROM ${ident(raw.table)} ORDER BY _row LIMIT 5`));
  return { raw, columns, preview };
}

/**
 * Builds the mapping into `check_*` tables and reports quality: nothing changes in the open book.
 * `knownFields`: the field quality already counted for this mapping (see fieldQualityKey), not counted again.
 */
export async function checkMapping(db: Db, mapping: Mapping, signal?: AbortSignal, knownFields?: readonly FieldQuality[]): Promise<{ fields: FieldQuality[]; report: QualityReport }> {
  const counts = await buildBook(db, mapping, { prefix: CHECK_PREFIX, signal, fieldQuality: true, knownFields });
  const fields = counts.flatMap((c) => c.fields ?? []);
  return { fields, report: await qualityReport(db, mapping, { prefix: CHECK_PREFIX, fields }) };
}

/** What field quality depends on: each table's raw table and field mappings. Equal keys, equal counts. */
export function fieldQualityKey(mapping: Mapping): string {
  return JSON.stringify(mapping.tables.map((t) => ({ table: t.table, raw: t.raw, fields: t.fields })));
}

/** An import that would accept no loan never replaces the open book: the refusal, or null. */
export async function nothingAccepted(db: Db): Promise<ImportError | null> {
  const [r] = rows(await db.query(`SELECT (SELECT count(*) FROM ${ident(`${CHECK_PREFIX}loans`)})::DOUBLE AS accepted, (SELECT count(*) FROM rejects WHERE table_name = 'loans')::DOUBLE AS rejected`));
  const accepted = Number(r.accepted);
  const rejected = Number(r.rejected);
  return accepted > 0 ? null : new ImportError('nothing_accepted', { rows: accepted + rejected, rejected });
}

/** The checked tables (`check_*`) become the staged ones (`stage_*`) that `activateStaged` swaps in. */
export async function stageChecked(db: Db): Promise<void> {
  const sql = BUILT_TABLES.map((t) => `DROP TABLE IF EXISTS ${ident(STAGE_PREFIX + t)}; ALTER TABLE ${ident(CHECK_PREFIX + t)} RENAME TO ${ident(STAGE_PREFIX + t)}`);
  await db.exec(sql.join(';\n'));
}

/** Every table an import may have left: its raw tables, a check, the rejects. */
export function importTables(rawTables: readonly string[]): string[] {
  return [...rawTables, ...BUILT_TABLES.map((t) => CHECK_PREFIX + t), 'rejects'];
}

/** Drops tables one by one (a typed source's raw view with its data); a table already gone is not an error. */
export async function dropTables(db: Db, tables: readonly string[]): Promise<void> {
  for (const t of tables) await dropRaw(db, t);
}
