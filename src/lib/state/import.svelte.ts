import { ImportError } from '../ingest/errors';
import type { Workbook } from '../ingest/read-xlsx';
import type { FileSniff, RaggedRows } from '../ingest/sniff';
import type { TextEncodingName } from '../ingest/encoding';
import type { ImportProgress } from '../ingest/progress';
import type { RawTable } from '../ingest/raw-table';
import type { CanonicalTable } from '../schema/canonical';
import { proposeMapping, type ColumnProfile } from '../schema/propose';
import { mappedFieldQuality, type FieldQuality, type QualityReport, type RawColumnQuality } from '../schema/quality';
import { mappingProblems, problemParams, type Mapping, type TableMapping } from '../schema/mapping';
import { rejectsCsv } from '../schema/rejects';
import { valueCounts, type ValueCount } from '../schema/values';
import { applyProfile, makeProfile, matchProfile, type MappingProfile } from '../schema/profiles';
import { BOOK_TABLES } from '../book/activate';
import { asImportError, checkMapping, dropTables, fieldQualityKey, guessRole, importTables, nothingAccepted, readSource, sniffSource, stageChecked } from '../book/import';
import { proposeCurrency, type CurrencyProposal } from '../schema/currency';
import { i18n } from '../i18n/index.svelte';
import { book } from './book.svelte';
import { db } from './engine';
import { library } from './library.svelte';
import { parseJsonInWorker } from '../workers/json';
import { parquetBatchesInWorker } from '../workers/parquet';
import { openWorkbookInWorker } from '../workers/xlsx';
import { MappingProfiles } from './mapping-profiles.svelte';

export { MappingProfiles };

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
  /** The currency proposed for the book, with why (the user's choice lives in `mapping.currency`). */
  currencyProposal = $state.raw<CurrencyProposal | null>(null);
  profiles = new MappingProfiles();
  private reading?: AbortController;
  private checkCtl?: AbortController;
  private qualityRun = 0;
  private qualityCtl?: AbortController;
  /** The field-quality run of the current mapping (by fieldQualityKey): a check of the same mapping uses its counts. */
  private qualityFor: { key: string; done: Promise<FieldQuality[] | null> } | null = null;
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
    f.workbook?.close();
    if (f.raw) await dropTables(db, [f.raw.table]);
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
      const { sniff, workbook, sheet } = await sniffSource(f.file, f.name, openWorkbookInWorker);
      f.sniff = sniff;
      f.workbook = workbook;
      if (workbook) f.sheet = sheet;
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
    if (f.raw) await dropTables(db, [f.raw.table]);
    f.raw = null;
    this.qualityFor = null; // a raw table name may be taken again by another file
    f.error = null;
    f.status = 'reading';
    f.progress = { phase: 'reading', bytesRead: 0, totalBytes: f.file.size };
    try {
      const read = await readSource(db, f.file, f.sniff, {
        encoding: f.encoding,
        delimiter: f.delimiter,
        headerRow: f.headerRow,
        raggedRows: f.raggedRows,
        replaceUndecodable: f.replaceUndecodable,
        sheet: f.sheet,
        workbook: f.workbook ?? undefined,
        parseJson: parseJsonInWorker,
        parquetBatches: parquetBatchesInWorker,
        signal: ctl.signal,
        onProgress: (p) => (f.progress = p),
      });
      f.raw = read.raw;
      f.columns = read.columns;
      f.preview = read.preview;
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
    this.qualityCtl?.abort();
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
    const { mapping, proposals } = await proposeMapping(db, ordered.map((f) => ({ raw: f.raw!, table: f.role })));
    ordered.forEach((f, i) => (f.profiles = proposals[i].profiles));
    this.currencyProposal = proposeCurrency(mapping.tables, ordered[0]?.profiles ?? [], i18n.locale);
    this.mapping = { ...mapping, currency: this.currencyProposal.code };
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
    const applied = applyProfile(this.offeredProfile, this.orderedFiles().map((f) => ({ table: f.raw!.table, columns: f.raw!.columns })));
    this.mapping = { ...applied, currency: applied.currency ?? this.currencyProposal?.code ?? null };
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
    const done = (async () => {
      try {
        const out: FieldQuality[] = [];
        for (const tm of mapping.tables) out.push(...(await mappedFieldQuality(db, tm, { signal: ctl.signal })));
        return out;
      } catch {
        // A mapping edited mid-run; the next run reports.
        return null;
      }
    })();
    this.qualityFor = { key: fieldQualityKey(mapping), done };
    const out = await done;
    if (run === this.qualityRun && out) this.fieldQuality = out;
  }

  /** Builds the mapping into `check_*` tables and reports quality: nothing changes in the open book. */
  async check(signal?: AbortSignal): Promise<boolean> {
    if (!this.mapping) return false;
    const own = signal ? undefined : (this.checkCtl = new AbortController());
    const mapping = $state.snapshot(this.mapping) as Mapping;
    this.checking = true;
    this.error = null;
    try {
      // The counts of a run for this very mapping are the check's own (one pass fewer); any other run is stopped.
      const pending = this.qualityFor?.key === fieldQualityKey(mapping) ? this.qualityFor : null;
      if (!pending) this.qualityCtl?.abort();
      const known = (await pending?.done) ?? undefined;
      const { fields, report } = await checkMapping(db, mapping, signal ?? own!.signal, known);
      this.fieldQuality = fields;
      this.report = report;
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
      this.error = new ImportError('missing_required_field', problemParams(p ?? { table: 'loans', fields: ['amount'], field: 'amount', need: '' }));
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
        const refusal = await nothingAccepted(db);
        if (refusal) throw (this.error = refusal);
        await stageChecked(db);
        this.checkedMapping = null;
        staged = true;
      });
      if (book.error || !staged || book.version === version) {
        if (!this.error && book.error && staged) this.error = asImportError(book.error, 0, 'build');
        if (!this.error && !staged) this.error = new ImportError('cancelled');
        return;
      }
      this.imported = { name, kept: false, keeping: true };
      const kept = await library.keep(name, book.shape?.loans ?? 0);
      this.imported = kept.ok ? { name, kept: true } : { name, kept: false, storageError: kept.message };
    } finally {
      this.importing = false;
    }
  }

  /** The user's currency for the book being imported. */
  setCurrency(code: string): void {
    if (this.mapping) this.mapping = { ...this.mapping, currency: code };
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
    const tables = importTables(this.files.flatMap((f) => (f.raw ? [f.raw.table] : [])));
    for (const f of this.files) f.workbook?.close();
    // Cleared at once, so files added while the tables are dropped belong to the new import.
    this.files = [];
    this.mapping = null;
    this.fieldQuality = [];
    this.qualityFor = null;
    this.report = null;
    this.checkedMapping = null;
    this.error = null;
    this.imported = null;
    this.offeredProfile = null;
    this.currencyProposal = null;
    this.bookName = '';
    this.resetting = dropTables(db, tables);
    return this.resetting;
  }
}

export const importer = new ImportSession();
