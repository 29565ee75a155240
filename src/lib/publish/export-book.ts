import { tableToIPC } from 'apache-arrow';
import type { Db } from '../db/types';
import { ident } from '../sql/quote';
import { parquetWasm } from '../ingest/parquet-wasm';
import { BOOK_TABLE_NAMES, DATA_DIR, HEADLINE_LOAN_COLUMNS, type BookTableName, type PrivacyNote, type PublishedTable } from './dashboard-config.mjs';
import { maskedTable, type MaskOptions } from './masking';

/** Matches the CLI (scripts/publish/book-files.mjs): bounded row groups, zstd. */
const ROW_GROUP_ROWS = 122_880;

export interface BookFile {
  table: BookTableName;
  entry: PublishedTable;
  bytes: Uint8Array;
}

/** The columns of a published table in their file order: for loans the Overview's first. */
export function publishedColumnOrder(table: BookTableName, columns: readonly string[]): string[] {
  return table === 'loans' ? [...HEADLINE_LOAN_COLUMNS.filter((c) => columns.includes(c)), ...columns.filter((c) => !HEADLINE_LOAN_COLUMNS.includes(c))] : [...columns];
}

/** Adds one table's masking to the dashboard's privacy note. */
export function notePrivacy(note: PrivacyNote, table: string, masked: { pseudonymised: string[]; dropped: string[]; coarsened: string[] }): void {
  for (const k of ['pseudonymised', 'dropped', 'coarsened'] as const) note[k].push(...masked[k].map((c) => `${table}.${c}`));
}

/**
 * The SELECT list that publishes one table: its columns in file order, masked when `mask` is given
 * (and what was masked added to `mask.privacy`).
 */
export function publishedSelect(table: BookTableName, columns: readonly string[], mask?: { options: MaskOptions; privacy: PrivacyNote }): string {
  const order = publishedColumnOrder(table, columns);
  if (!mask) return order.map(ident).join(', ');
  const masked = maskedTable(table, order, mask.options);
  notePrivacy(mask.privacy, table, masked);
  return masked.select;
}

/**
 * The open book's tables as Parquet laid out for range reads (the Overview's loan columns first);
 * with `mask`, masked (masking.ts) and what was masked is added to `privacy`.
 */
export async function exportBookFiles(
  db: Db,
  onTable?: (table: BookTableName) => void,
  signal?: AbortSignal,
  mask?: { options: MaskOptions; privacy: PrivacyNote },
): Promise<BookFile[]> {
  const pq = await parquetWasm();
  const files: BookFile[] = [];
  for (const table of BOOK_TABLE_NAMES) {
    if (signal?.aborted) throw new DOMException('cancelled', 'AbortError');
    onTable?.(table);
    const columns = (await db.query(`SELECT * FROM ${ident(table)} LIMIT 0`)).schema.fields.map((f) => f.name);
    if (table !== 'loans' && Number((await db.query(`SELECT count(*)::INTEGER AS n FROM ${ident(table)}`)).get(0)?.n ?? 0) === 0) continue;
    const select = publishedSelect(table, columns, mask);
    const result = await db.query(`SELECT ${select} FROM ${ident(table)}`, [], { signal });
    const properties = new pq.WriterPropertiesBuilder().setCompression(pq.Compression.ZSTD).setMaxRowGroupSize(ROW_GROUP_ROWS).build();
    const bytes = pq.writeParquet(pq.Table.fromIPCStream(tableToIPC(result, 'stream')), properties);
    files.push({ table, bytes, entry: { path: `${DATA_DIR}/${table}.parquet`, rows: result.numRows, bytes: bytes.length } });
  }
  return files;
}
