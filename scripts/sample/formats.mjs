/**
 * The loans table in the shapes real exports come in, for the import path: UTF-8 CSV with the
 * canonical headers, GBK CSV with Chinese headers, class labels and 2023/1/5 dates, and XLSX
 * with real date cells. All are written from the same `loans` table, so rows and totals agree.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import iconv from 'iconv-lite';
import XLSX from '@e965/xlsx';
import { CHINESE_HEADERS, CLASS_LABELS } from './headers.mjs';
import { VARIANT_FILES } from './paths.mjs';

// SheetJS's own deflate barely compresses; native zlib makes the workbook three times smaller.
// SheetJS probes the deprecated `bytesRead`, which is `bytesWritten` under its current name.
class InflateRaw extends zlib.InflateRaw {
  get bytesRead() {
    return this.bytesWritten;
  }
}
XLSX.CFB.utils.use_zlib({ ...zlib, InflateRaw });

/** Beyond this many rows an XLSX is too slow and too large to be worth writing. */
export const XLSX_MAX_ROWS = 300_000;

const sqlString = (/** @type {string} */ s) => `'${s.replaceAll("'", "''")}'`;

/** @param {import('@duckdb/node-api').DuckDBConnection} conn */
async function loanColumns(conn) {
  const reader = await conn.runAndReadAll(`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'loans' ORDER BY ordinal_position`);
  return reader.getRowObjectsJson().map((r) => ({ name: String(r.column_name), type: String(r.data_type) }));
}

/** @param {import('@duckdb/node-api').DuckDBConnection} conn @param {string} path */
export async function writeCsv(conn, path) {
  await conn.run(`COPY (SELECT * FROM loans ORDER BY loan_id) TO ${sqlString(path)} (FORMAT csv, HEADER true)`);
}

/** @param {import('@duckdb/node-api').DuckDBConnection} conn @param {string} path */
export async function writeGbkCsv(conn, path) {
  const columns = await loanColumns(conn);
  const select = columns.map(({ name, type }) => {
    const header = `"${/** @type {Record<string, string>} */ (CHINESE_HEADERS)[name]}"`;
    if (name === 'five_class') return `CASE five_class ${Object.entries(CLASS_LABELS).map(([c, l]) => `WHEN ${c} THEN ${sqlString(l)}`).join(' ')} END AS ${header}`;
    if (type === 'DATE') return `strftime(${name}, '%Y/%-m/%-d') AS ${header}`;
    return `${name} AS ${header}`;
  });
  const utf8 = `${path}.utf8.tmp`;
  await conn.run(`COPY (SELECT ${select.join(', ')} FROM loans ORDER BY loan_id) TO ${sqlString(utf8)} (FORMAT csv, HEADER true)`);
  await pipeline(createReadStream(utf8), iconv.decodeStream('utf8'), iconv.encodeStream('gbk'), createWriteStream(path));
  await rm(utf8);
}

/** @param {import('@duckdb/node-api').DuckDBConnection} conn @param {string} path */
export async function writeXlsx(conn, path) {
  const columns = await loanColumns(conn);
  // dates go in as Excel serial numbers (days since 1899-12-30) with a date format
  const select = columns.map(({ name, type }) => (type === 'DATE' ? `(${name} - DATE '1899-12-30')::INTEGER AS ${name}` : name));
  const reader = await conn.runAndReadAll(`SELECT ${select.join(', ')} FROM loans ORDER BY loan_id`);
  const body = reader.getRows().map((row) => row.map((v) => (typeof v === 'bigint' ? Number(v) : v)));
  const sheet = XLSX.utils.aoa_to_sheet([columns.map((c) => c.name), ...body]);
  columns.forEach(({ type }, c) => {
    if (type !== 'DATE') return;
    for (let r = 1; r <= body.length; r++) {
      const cell = sheet[XLSX.utils.encode_cell({ r, c })];
      if (cell) cell.z = 'yyyy-mm-dd';
    }
  });
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, 'loans');
  await writeFile(path, XLSX.write(book, { type: 'buffer', bookType: 'xlsx', compression: true, bookSST: true }));
}

/** Format variant → file and writer. */
export const VARIANTS = {
  csv: { file: VARIANT_FILES.csv, write: writeCsv },
  gbk: { file: VARIANT_FILES.gbk, write: writeGbkCsv },
  xlsx: { file: VARIANT_FILES.xlsx, write: writeXlsx },
};
