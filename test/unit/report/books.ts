import { readFile } from 'node:fs/promises';
import { readParquet } from 'parquet-wasm';
import { openNodeDb } from '../../../src/lib/db/node';
import type { Db } from '../../../src/lib/db/types';
import { activateStaged, availableFields, STAGE_PREFIX, type BookShape } from '../../../src/lib/book/activate';
import { LOAN_FIELDS, sqlType } from '../../../src/lib/schema/canonical';
import { ident } from '../../../src/lib/sql/quote';
import { FLAG_RULES, selectRules } from '../../../src/lib/metrics/flags';
import { runMetric } from '../../../src/lib/metrics/query';
import type { Limit } from '../../../src/lib/metrics/portfolio';
import { bookDefinitions, buildReport, collectReportInputs, type ReportContext, type ReportInputs, type Runner } from '../../../src/lib/report';

const DIR = 'data-samples/bank-a';

async function loadParquet(db: Db, table: string, file: string): Promise<void> {
  const ipc = readParquet(new Uint8Array(await readFile(`${DIR}/${file}`))).intoIPCStream();
  await db.exec(`DROP TABLE IF EXISTS ${ident(table)}`);
  await db.insertArrowIPC(table, ipc);
}

/** The sample Bank A book activated as the app activates it, plus the generator's `planted` truth. */
export async function openSampleBook(): Promise<{ db: Db; shape: BookShape }> {
  const db = await openNodeDb();
  for (const t of ['loans', 'snapshots', 'inspections']) await loadParquet(db, STAGE_PREFIX + t, `${t}.parquet`);
  const shape = await activateStaged(db);
  await loadParquet(db, 'planted', 'planted.parquet');
  return { db, shape };
}

/** A fresh engine holding the book a SELECT describes (see `activateFromSelect`). */
export async function openBookFromSelect(select: string): Promise<{ db: Db; shape: BookShape }> {
  const db = await openNodeDb();
  return { db, shape: await activateFromSelect(db, select) };
}

/** Stages `stage_loans` with every canonical column from a SELECT that names some of them, then activates it in place of the open book. */
export async function activateFromSelect(db: Db, select: string): Promise<BookShape> {
  await db.exec(`CREATE OR REPLACE TABLE src AS ${select}`);
  const present = new Set((await db.query(`SELECT column_name FROM duckdb_columns() WHERE table_name = 'src'`)).toArray().map((r) => String(r.toJSON().column_name)));
  const columns = LOAN_FIELDS.map((f) => `${present.has(f.name) ? `CAST(${ident(f.name)} AS ${sqlType(f.type)})` : `CAST(NULL AS ${sqlType(f.type)})`} AS ${ident(f.name)}`);
  await db.exec(`CREATE OR REPLACE TABLE ${STAGE_PREFIX}loans AS SELECT ${columns.join(', ')} FROM src`);
  return activateStaged(db);
}

/** DOMAIN.md's default limits, as the Structure screen saves them before a user changes anything. */
export const DEFAULT_TEST_LIMITS: Limit[] = [
  { kind: 'segment_share', dimension: 'industry', max: 0.25 },
  { kind: 'inclusive_npl_tolerance', maxPoints: 3 },
];

export function contextFor(shape: BookShape, extra: Partial<ReportContext> = {}): ReportContext {
  const mapped = availableFields(shape);
  return {
    filters: [],
    mapped,
    rules: selectRules(FLAG_RULES, mapped),
    limits: DEFAULT_TEST_LIMITS,
    uncheckedLimits: [{ kind: 'borrower_share_of_capital', missing: ['net_capital'] }],
    hasSnapshots: shape.snapshots > 0,
    definitions: bookDefinitions(shape),
    ...extra,
  };
}

export async function reportOf(db: Db, ctx: ReportContext): Promise<{ inputs: ReportInputs; report: ReturnType<typeof buildReport> }> {
  const run: Runner = (q) => runMetric(db, q);
  const inputs = await collectReportInputs(run, ctx);
  return { inputs, report: buildReport(inputs, ctx) };
}
