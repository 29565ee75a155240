import { ImportError, formatBytes } from '../ingest/errors';
import { openWorkbook, type Workbook } from '../ingest/read-xlsx';
import { readFile } from '../ingest/read';
import { sniffFile, type FileSniff, type RaggedRows } from '../ingest/sniff';
import type { TextEncodingName } from '../ingest/encoding';
import type { ImportProgress } from '../ingest/progress';
import type { RawTable } from '../ingest/raw-table';
import { parquetToIpcBrowser } from '../ingest/parquet-browser';
import { DbError } from '../db/types';
import { ident } from '../sql/quote';
import { rows } from '../db/rows';
import type { CanonicalTable } from '../schema/canonical';
import { proposeTableMapping, type ColumnProfile } from '../schema/propose';
import { buildBook } from '../schema/build';
import { mappedFieldQuality, qualityReport, rawQuality, type FieldQuality, type QualityReport, type RawColumnQuality } from '../schema/quality';
import { mappingProblems, type Mapping, type TableMapping } from '../schema/mapping';
import { rejectsCsv } from '../schema/rejects';
import { valueCounts, type ValueCount } from '../schema/values';
import { applyProfile, makeProfile, matchProfile, parseProfiles, serialiseProfiles, type MappingProfile } from '../schema/profiles';
import { BOOK_TABLES } from '../book/activate';
import { book } from './book.svelte';
import { db } from './engine';
import { library } from './library.svelte';

/** Tables a preview build writes; renamed to `stage_*` when the user imports. */
const CHECK_PREFIX = 'check_';

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

/** An import that would accept no loan never replaces the open book: the refusal, or null. */
async function nothingAccepted(engine: typeof db, loans: string): Promise<ImportError | null> {
  const [r] = rows(await engine.query(`SELECT (SELECT count(*) FROM ${ident(loans)})::DOUBLE AS accepted, (SELECT count(*) FROM rejects WHERE table_name = 'loans')::DOUBLE AS rejected`));
  const accepted = Number(r.accepted);
  const rejected = Number(r.rejected);
  return accepted > 0 ? null : new ImportError('nothing_accepted', { rows: accepted + rejected, rejected });
}

export type FileStatus = 'sniffing' | 'waiting' | 'reading' | 'read' | 'error';

/** One chosen file: what was sniffed, the user's overrides, and the raw table it was read into. */
export class ImportFile {
  readonly id = crypto.randomUUID();
  status = $state<FileStatus>('sniffing');
  role = $state<CanonicalTable>('loans');
  sniff = $state.raw<FileSniff | null>(null);
  workbook = $state.raw<Workbook | null>(null);
  encoding = $state<TextEncodingName | undefined>(undefined);
  delimiter = $state<string | undefined>(undefined);
  headerRow = $state<number | undefined>(undefined);
  sheet = $state<string | undefined>(undefined);
  raggedRows = $state<RaggedRows | undefined>(undefined);
  replaceUndecodable = $state<boolean | undefined>(undefined);
  progress = $state.raw<ImportProgress | null>(null);
  error = $state.raw<ImportError | null>(null);
  raw = $state.raw<RawTable | null>(null);
  columns = $state.raw<RawColumnQuality[]>([]);
  profiles = $state.raw<ColumnProfile[]>([]);
  preview = $state.raw<Record<string, unknown>[]>([]);

  constructor(readonly file: File) {}

  get name(): string {
    return this.file.name;
  }

  get shownEncoding(): TextEncodingName | undefined {
    return this.encoding ?? this.sniff?.encoding?.encoding;
  }

  get shownDelimiter(): string | undefined {
    return this.delimiter ?? this.sniff?.csv?.delimiter;
  }

  get shownHeaderRow(): number {
    if (this.headerRow !== undefined) return this.headerRow;
    if (this.sniff?.format === 'xlsx') return this.workbook?.sheets.find((s) => s.name === this.sheet)?.headerRow ?? 0;
    return this.sniff?.csv?.headerRow ?? 0;
  }
}

/**
 * One import from files to a kept book: sniff → read (with overrides, re-read on change) →
 * proposed mapping (edited by the user, or a saved profile) → quality check → import, which
 * stages the built tables and lets `book.load` swap them in, then keeps the book in the browser.
 */
class ImportSession {
  files = $state<ImportFile[]>([]);
  mapping = $state<Mapping | null>(null);
  /** Field quality of the current mapping straight from the raw tables (before import). */
  fieldQuality = $state.raw<FieldQuality[]>([]);
  /** The report of the last check, and whether the mapping changed since. */
  report = $state.raw<QualityReport | null>(null);
  checkedMapping = $state<string | null>(null);
  checking = $state(false);
  importing = $state(false);
  /** The name the imported book is kept under. */
  bookName = $state('');
  error = $state.raw<ImportError | null>(null);
  /** After a successful import: where the book was kept, or why it could not be. */
  imported = $state.raw<{ name: string; kept: boolean; keeping?: boolean; storageError?: string } | null>(null);
  offeredProfile = $state.raw<MappingProfile | null>(null);
  profiles = new MappingProfiles();
  private reading?: AbortController;
  private checkCtl?: AbortController;
  private qualityRun = 0;
  private qualityCtl?: AbortController;
  private resetting: Promise<void> = Promise.resolve();

  get busy(): boolean {
    return this.files.some((f) => f.status === 'reading' || f.status === 'sniffing') || this.checking || this.importing;
  }

  get ready(): boolean {
    return this.files.length > 0 && this.files.every((f) => f.status === 'read');
  }

  get problems() {
    return this.mapping ? mappingProblems(this.mapping) : [];
  }

  get checkIsCurrent(): boolean {
    return this.report !== null && this.mapping !== null && this.checkedMapping === JSON.stringify(this.mapping);
  }

  /** Adds files (a new import if the last one was finished) and reads them. */
  async addFiles(list: readonly File[]): Promise<void> {
    if (list.length === 0) return;
    if (this.imported) void this.reset();
    await this.resetting;
    this.error = null;
    const added = list.map((f) => new ImportFile(f));
    for (const f of added) f.role = guessRole(f.name, this.files.map((x) => x.role));
    this.files.push(...added);
    if (!this.bookName) this.bookName = (added.find((f) => f.role === 'loans') ?? added[0]).name.replace(/\.[^.]+$/, '');
    for (const f of added) await this.sniffAndRead(f);
    await this.proposeIfReady();
  }

  async removeFile(f: ImportFile): Promise<void> {
    this.files = this.files.filter((x) => x !== f);
    if (f.raw) await db.exec(`DROP TABLE IF EXISTS ${ident(f.raw.table)}`).catch(() => {});
    await this.proposeIfReady(true);
  }

  async setRole(f: ImportFile, role: CanonicalTable): Promise<void> {
    f.role = role;
    await this.proposeIfReady(true);
  }

  /** Applies a user override (encoding, delimiter, header row, sheet, ragged rows) and reads the file again. */
  async override(f: ImportFile, change: Partial<Pick<ImportFile, 'encoding' | 'delimiter' | 'headerRow' | 'sheet' | 'raggedRows' | 'replaceUndecodable'>>): Promise<void> {
    Object.assign(f, change);
    if (change.encoding !== undefined) f.replaceUndecodable = undefined;
    if (change.sheet !== undefined) f.headerRow = undefined;
    await this.read(f);
    await this.proposeIfReady(true);
  }

  private async sniffAndRead(f: ImportFile): Promise<void> {
    f.status = 'sniffing';
    try {
      f.sniff = await sniffFile(f.file, f.name);
      if (f.sniff.format === 'xlsx') {
        f.workbook = await openWorkbook(f.file);
        const biggest = [...f.workbook.sheets].sort((a, b) => b.rowCount - a.rowCount)[0];
        f.sheet = biggest?.name;
      }
    } catch (e) {
      f.error = asImportError(e, f.file.size);
      f.status = 'error';
      return;
    }
    if (f.sniff.problem) {
      // Ragged rows: the user decides (pad short rows, or fix the file) before anything is read.
      f.error = f.sniff.problem;
      f.status = 'waiting';
      return;
    }
    await this.read(f);
  }

  private async read(f: ImportFile): Promise<void> {
    if (!f.sniff) return;
    this.reading?.abort();
    const ctl = (this.reading = new AbortController());
    if (f.raw) await db.exec(`DROP TABLE IF EXISTS ${ident(f.raw.table)}`).catch(() => {});
    f.raw = null;
    f.error = null;
    f.status = 'reading';
    f.progress = { phase: 'reading', bytesRead: 0, totalBytes: f.file.size };
    try {
      const raw = await readFile(db, f.file, f.sniff, {
        encoding: f.encoding,
        delimiter: f.delimiter,
        headerRow: f.headerRow,
        raggedRows: f.raggedRows,
        replaceUndecodable: f.replaceUndecodable,
        sheet: f.sheet,
        workbook: f.workbook ?? undefined,
        parquetToIpc: parquetToIpcBrowser,
        signal: ctl.signal,
        onProgress: (p) => (f.progress = p),
      });
      if (ctl.signal.aborted) {
        await db.exec(`DROP TABLE IF EXISTS ${ident(raw.table)}`);
        throw new ImportError('cancelled');
      }
      f.raw = raw;
      f.columns = await rawQuality(db, raw.table, raw.columns);
      f.preview = rows(await db.query(`SELECT * EXCLUDE (_row) FROM ${ident(raw.table)} ORDER BY _row LIMIT 5`));
      f.status = 'read';
    } catch (e) {
      f.error = asImportError(e, f.file.size);
      f.status = f.error.key === 'ragged_rows' || f.error.key === 'wrong_encoding' ? 'waiting' : 'error';
    } finally {
      f.progress = null;
      if (this.reading === ctl) this.reading = undefined;
    }
  }

  /** Stops reading files, checking or importing. */
  cancel(): void {
    this.reading?.abort();
    this.checkCtl?.abort();
    if (this.importing) book.cancel();
  }

  /** Proposes a mapping once every file is read (a matching saved profile is offered, not forced). */
  private async proposeIfReady(force = false): Promise<void> {
    this.report = null;
    this.checkedMapping = null;
    if (!this.ready) {
      this.mapping = null;
      return;
    }
    if (this.mapping && !force) return;
    const ordered = this.orderedFiles();
    const tables: TableMapping[] = [];
    for (const f of ordered) {
      const proposal = await proposeTableMapping(db, f.raw!, f.role);
      f.profiles = proposal.profiles;
      tables.push(proposal.mapping);
    }
    this.mapping = { version: 1, tables };
    const match = matchProfile(this.profiles.list, ordered.map((f) => f.raw!.columns));
    this.offeredProfile = match?.profile ?? null;
    await this.refreshFieldQuality();
  }

  /** Files in mapping order: loans first, one file per table (the first of each role). */
  orderedFiles(): ImportFile[] {
    const out: ImportFile[] = [];
    for (const t of BOOK_TABLES) {
      const f = this.files.find((x) => x.role === t && x.raw);
      if (f) out.push(f);
    }
    return out;
  }

  fileOf(tm: TableMapping): ImportFile | undefined {
    return this.files.find((f) => f.raw?.table === tm.raw);
  }

  applyOfferedProfile(): void {
    if (!this.offeredProfile) return;
    this.mapping = applyProfile(this.offeredProfile, this.orderedFiles().map((f) => ({ table: f.raw!.table, columns: f.raw!.columns })));
    this.offeredProfile = null;
    void this.refreshFieldQuality();
  }

  saveProfile(name: string): void {
    if (!this.mapping || !name.trim()) return;
    this.profiles.save(makeProfile(name.trim(), $state.snapshot(this.mapping) as Mapping));
  }

  /** Null, invalid and distinct counts of the mapped fields, recomputed after each mapping change. */
  async refreshFieldQuality(): Promise<void> {
    const run = ++this.qualityRun;
    this.qualityCtl?.abort();
    const ctl = (this.qualityCtl = new AbortController());
    const mapping = this.mapping ? ($state.snapshot(this.mapping) as Mapping) : null;
    if (!mapping) return;
    try {
      const out: FieldQuality[] = [];
      for (const tm of mapping.tables) out.push(...(await mappedFieldQuality(db, tm, { signal: ctl.signal })));
      if (run === this.qualityRun) this.fieldQuality = out;
    } catch {
      // A mapping edited mid-run; the next run reports.
    }
  }

  /** Builds the mapping into `check_*` tables and reports quality: nothing changes in the open book. */
  async check(signal?: AbortSignal): Promise<boolean> {
    if (!this.mapping) return false;
    const own = signal ? undefined : (this.checkCtl = new AbortController());
    const mapping = $state.snapshot(this.mapping) as Mapping;
    this.qualityCtl?.abort(); // the check reports field quality itself
    this.checking = true;
    this.error = null;
    try {
      const counts = await buildBook(db, mapping, { prefix: CHECK_PREFIX, signal: signal ?? own!.signal, fieldQuality: true });
      const fields = counts.flatMap((c) => c.fields ?? []);
      this.fieldQuality = fields;
      this.report = await qualityReport(db, mapping, { prefix: CHECK_PREFIX, fields });
      this.checkedMapping = JSON.stringify(mapping);
      return true;
    } catch (e) {
      this.error = asImportError(e, 0, 'build');
      if (signal) throw e;
      return false;
    } finally {
      this.checking = false;
    }
  }

  /** Checks (if the mapping changed), swaps the book in through `book.load`, then keeps it in the browser. */
  async import(): Promise<void> {
    if (!this.mapping || this.problems.length) {
      const p = this.problems[0];
      this.error = new ImportError('missing_required_field', { field: p ? `${p.table}.${p.field}` : 'loans.amount', need: p?.need ?? '' });
      return;
    }
    const name = this.bookName.trim() || this.files[0]?.name || 'book';
    this.importing = true;
    this.error = null;
    let staged = false;
    const version = book.version;
    try {
      await book.load(name, async (signal) => {
        if (!this.checkIsCurrent) await this.check(signal);
        if (signal.aborted) throw new ImportError('cancelled');
        const refusal = await nothingAccepted(db, `${CHECK_PREFIX}loans`);
        if (refusal) throw (this.error = refusal);
        const sql = [...BOOK_TABLES, 'book_fields'].map(
          (t) => `DROP TABLE IF EXISTS ${ident(`stage_${t}`)}; ALTER TABLE ${ident(CHECK_PREFIX + t)} RENAME TO ${ident(`stage_${t}`)}`,
        );
        await db.exec(sql.join(';\n'));
        this.checkedMapping = null;
        staged = true;
      });
      if (book.error || !staged || book.version === version) {
        if (!this.error && book.error && staged) this.error = asImportError(book.error, 0, 'build');
        if (!this.error && !staged) this.error = new ImportError('cancelled');
        return;
      }
      await db.exec('DROP TABLE IF EXISTS book_fields; ALTER TABLE stage_book_fields RENAME TO book_fields').catch(() => {});
      this.imported = { name, kept: false, keeping: true };
      const kept = await library.keep(name, book.shape?.loans ?? 0);
      this.imported = kept.ok ? { name, kept: true } : { name, kept: false, storageError: kept.message };
    } finally {
      this.importing = false;
    }
  }

  /** The distinct values of a raw column with their counts, for the value mapping. */
  valueCounts(raw: string, column: string): Promise<{ values: ValueCount[]; more: boolean }> {
    return valueCounts(db, raw, column);
  }

  async rejectsCsv(tm: TableMapping): Promise<string> {
    return rejectsCsv(db, tm);
  }

  /** Forgets the files, their raw tables and any check, for a new import. */
  reset(): Promise<void> {
    this.cancel();
    const tables = [...this.files.map((f) => f.raw?.table).filter(Boolean), ...[...BOOK_TABLES, 'book_fields'].map((t) => CHECK_PREFIX + t), 'rejects'];
    // Cleared at once, so files added while the tables are dropped belong to the new import.
    this.files = [];
    this.mapping = null;
    this.fieldQuality = [];
    this.report = null;
    this.checkedMapping = null;
    this.error = null;
    this.imported = null;
    this.offeredProfile = null;
    this.bookName = '';
    this.resetting = (async () => {
      for (const t of tables) await db.exec(`DROP TABLE IF EXISTS ${ident(t!)}`).catch(() => {});
    })();
    return this.resetting;
  }
}

const PROFILES_KEY = 'lbl.mappingProfiles';

/** Saved mappings in localStorage, offered again for files with the same headers; exported and imported as JSON. */
export class MappingProfiles {
  list = $state.raw<MappingProfile[]>(load());

  save(profile: MappingProfile): void {
    this.list = [...this.list.filter((p) => p.name !== profile.name), profile];
    this.persist();
  }

  remove(name: string): void {
    this.list = this.list.filter((p) => p.name !== name);
    this.persist();
  }

  exportJson(): string {
    return serialiseProfiles(this.list);
  }

  /** Adds the profiles of an exported file (same names are replaced); throws ImportError('invalid_profile'). */
  importJson(text: string): number {
    const incoming = parseProfiles(text);
    const names = new Set(incoming.map((p) => p.name));
    this.list = [...this.list.filter((p) => !names.has(p.name)), ...incoming];
    this.persist();
    return incoming.length;
  }

  private persist(): void {
    globalThis.localStorage?.setItem(PROFILES_KEY, serialiseProfiles(this.list));
  }
}

function load(): MappingProfile[] {
  try {
    const text = globalThis.localStorage?.getItem(PROFILES_KEY);
    return text ? parseProfiles(text) : [];
  } catch {
    return [];
  }
}

export const importer = new ImportSession();
