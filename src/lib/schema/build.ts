import { settingsTableSql, SETTINGS_TABLE } from './settings-table';
import { DERIVED_COLUMN_NAMES } from './facts-columns';
import { inlineParams } from '../sql/inline';
import type { Db } from '../db/types';
import { DbError } from '../db/types';
import { ident, literal } from '../sql/quote';
import { ImportError } from '../ingest/errors';
import { typedColumn } from '../ingest/raw-table';
import { TABLES, sqlType, type CanonicalTable } from './canonical';
import { fieldStatuses, mappedSource, mappingProblems, OUTCOME_FIELDS, problemParams, type Mapping, type TableMapping } from './mapping';
import { DROP_PARSER_MACROS_SQL, PARSER_MACROS_SQL, unreadableSql, withParserMacros } from './parsers';
import { fieldQuality, type FieldQuality } from './quality';
import { INTERNAL_PREFIX, REASON, RULE } from './internal-names';
import { fieldExpr, readsPlain } from './field-expr';
import { NO_PLAIN_SOURCES, plainSources, rawBlankSql, rawTextSql, type PlainSources } from './plain';
import { childSetRulesSql, DEFAULT_ROW_RULES, loanRowReasons, loanSetRulesSql, rowRules, totalsLabelSql, TOTALS_REASON, type RejectRule, type RowRules } from './row-rules';


/** Columns that `loan_facts` adds to `loans`; an extra attribute must not take their names. */
const FACTS_COLUMNS = DERIVED_COLUMN_NAMES;

export interface ExtraColumn {
  /** The source column. */
  source: string;
  /** Its name in the canonical table (the source name, or `<name>_src` on a clash). */
  name: string;
}

/** Unmapped source columns, kept as VARCHAR extra attributes under their own names (renamed on a clash). */
export function extraColumns(tm: TableMapping): ExtraColumn[] {
  const mapped = new Set(TABLES[tm.table].map((f) => mappedSource(tm, f.name)).filter((s): s is string => s !== null));
  const taken = new Set([...TABLES[tm.table].map((f) => f.name), ...FACTS_COLUMNS, '_row'].map((n) => n.toLowerCase()));
  const out: ExtraColumn[] = [];
  for (const source of tm.rawColumns) {
    if (mapped.has(source)) continue;
    const base = source.toLowerCase().startsWith(INTERNAL_PREFIX) ? `src${source}` : source;
    let name = base;
    for (let k = 1; taken.has(name.toLowerCase()); k++) name = k === 1 ? `${base}_src` : `${base}_src${k}`;
    taken.add(name.toLowerCase());
    out.push({ source, name });
  }
  return out;
}


function requiredReasons(tm: TableMapping, plain: PlainSources): { rule: RejectRule; sql: string }[] {
  const reasons: { rule: RejectRule; sql: string }[] = [];
  const byField = (field: string, what: string, rule: RejectRule = 'required') => {
    const source = mappedSource(tm, field);
    if (!source) return;
    const raw = rawTextSql(source, plain);
    reasons.push({
      rule,
      sql: `CASE WHEN p.${ident(field)} IS NULL THEN CASE WHEN ${rawBlankSql(source, plain)} THEN ${literal(`${field} (${source}) is missing`)} ELSE ${literal(`${field} (${source}): `)} || '"' || ${raw} || '" ' || ${readsPlain(tm, field, plain) ? literal(`is not ${what}`) : unreadableSql(tm.fields[field]!.parser, raw, what)} END END`,
    });
  };
  if (tm.table === 'loans') {
    byField('amount', 'a number');
    const outcomes = OUTCOME_FIELDS.filter((f) => mappedSource(tm, f));
    if (outcomes.length) {
      const allNull = outcomes.map((f) => `p.${ident(f)} IS NULL`).join(' AND ');
      const shown = outcomes.map((f) => `${literal(`${f} (${mappedSource(tm, f)}) = "`)} || coalesce(${rawTextSql(mappedSource(tm, f)!, plain)}, '') || '"'`).join(` || ', ' || `);
      reasons.push({ rule: 'required', sql: `CASE WHEN ${allNull} THEN 'outcome: none could be read from ' || ${shown} END` });
    }
  } else {
    byField('loan_id', 'a loan id', 'missing_id');
    byField(tm.table === 'snapshots' ? 'snapshot_date' : 'inspection_date', 'a date', 'bad_date');
  }
  return reasons;
}

/** Every per-row reason of a table, in the order the rules apply (the first names the rule). */
function rowReasons(tm: TableMapping, rules: RowRules, plain: PlainSources): { rule: RejectRule; sql: string }[] {
  const required = requiredReasons(tm, plain);
  if (tm.table !== 'loans') return required;
  const rest = loanRowReasons(tm, rules, plain);
  return [...rest.filter((r) => r.rule === 'missing_id'), ...required, ...rest.filter((r) => r.rule !== 'missing_id')];
}

/**
 * The reason and rule columns of the intermediate table over the reason columns `x` (each per-row
 * reason computed once, as a column of the query below): a totals label wins over every other reason.
 */
function reasonColumns(tm: TableMapping, rules: RowRules, plain: PlainSources): { columns: string[]; names: string[]; reason: string; rule: string } {
  const reasons = rowReasons(tm, rules, plain);
  const names = reasons.map((_, i) => `${INTERNAL_PREFIX}x${i}`);
  const columns = reasons.map((r, i) => `${r.sql} AS ${names[i]}`);
  let reason = reasons.length ? `nullif(concat_ws('; ', ${names.join(', ')}), '')` : 'CAST(NULL AS VARCHAR)';
  const whens = reasons.map((r, i) => `WHEN ${names[i]} IS NOT NULL THEN ${literal(r.rule)}`);
  let rule = reasons.length ? `CASE ${whens.join(' ')} END` : 'CAST(NULL AS VARCHAR)';
  if (tm.table === 'loans' && rules.totals === 'reject') {
    const label = `${INTERNAL_PREFIX}xt`;
    columns.push(`${totalsLabelSql(tm, plain)} AS ${label}`);
    names.push(label);
    reason = `CASE WHEN ${label} THEN ${literal(TOTALS_REASON)} ELSE ${reason} END`;
    rule = `CASE WHEN ${label} THEN 'totals' ${whens.join(' ')} END`;
  }
  return { columns, names, reason, rule };
}

/**
 * SQL statements that build one canonical table from its raw table: every canonical column
 * (typed NULL when unmapped), `_row`, the unmapped source columns as extras; rows that a row rule
 * rejects (see row-rules.ts; required fields unreadable, totals rows, duplicate or missing ids …)
 * go to `rejects` with their reason and rule instead.
 */
export function tableSql(tm: TableMapping, prefix = '', rules: RowRules = DEFAULT_ROW_RULES, plain: PlainSources = NO_PLAIN_SOURCES): string[] {
  const defs = TABLES[tm.table];
  // A plain table, not TEMP: the browser engine may run each statement on its own connection.
  const stage = ident(`__lb_build_${prefix}${tm.table}`);
  const target = ident(prefix + tm.table);
  const parsed = defs.map((d) => `${fieldExpr(tm, d, plain)} AS ${ident(d.name)}`);
  const extras = extraColumns(tm).map((e) => `${rawTextSql(e.source, plain)} AS ${ident(e.name)}`);
  const reasons = reasonColumns(tm, rules, plain);
  const outputs = defs.map((d) => {
    if (tm.table === 'loans' && d.name === 'loan_id' && !mappedSource(tm, 'loan_id')) return `'row-' || CAST(p._row AS VARCHAR) AS loan_id`;
    if (tm.table === 'loans' && d.name === 'loan_id') return `coalesce(nullif(trim(p.loan_id), ''), 'row-' || CAST(p._row AS VARCHAR)) AS loan_id`;
    return `p.${ident(d.name)}`;
  });
  const extraNames = extraColumns(tm).map((e) => `p.${ident(e.name)}`);
  // The reasons read raw columns as `r."…"`. They come along with the parsed row as one struct
  // column named r (a struct field reads as r."…" too), so the raw table is scanned once, in row
  // order, and never joined to itself; an extra attribute named r would take that name: join then.
  const refs = rawReferences(tm, plain, reasons.columns);
  const single = !extraColumns(tm).some((e) => e.name.toLowerCase() === 'r');
  const carried = single && refs.length ? [`struct_pack(${refs.map((q) => `${q} := r.${q}`).join(', ')}) AS r`] : [];
  const excluded = [...reasons.names, ...(carried.length ? ['r'] : [])];
  // One scan keeps the file's row order (insertion order is preserved); the join does not.
  const ordered = single ? '' : ' ORDER BY p._row';
  return [
    `CREATE OR REPLACE TABLE ${stage} AS
SELECT ${excluded.length ? `* EXCLUDE (${excluded.join(', ')})` : '*'}, ${reasons.reason} AS ${REASON}, ${reasons.rule} AS ${RULE}
FROM (SELECT p.*${reasons.columns.map((c) => `,\n  ${c}`).join('')}
  FROM (SELECT r._row AS _row, ${[...parsed, ...extras, ...carried].join(',\n  ')} FROM ${ident(tm.raw)} r) p${single ? '' : `\n  JOIN ${ident(tm.raw)} r USING (_row)`})`,
    ...(tm.table === 'loans' ? loanSetRulesSql(tm, rules, stage) : childSetRulesSql(tm, stage, ident(`${prefix}loans`))),
    `CREATE OR REPLACE TABLE ${target} AS SELECT ${[...outputs, 'p._row', ...extraNames].join(', ')} FROM ${stage} p WHERE p.${REASON} IS NULL${ordered}`,
    `INSERT INTO rejects SELECT ${literal(tm.table)}, ${literal(tm.raw)}, _row, ${REASON}, ${RULE} FROM ${stage} WHERE ${REASON} IS NOT NULL ORDER BY _row`,
    `DROP TABLE ${stage}`,
  ];
}

/** The raw columns (quoted) that reason SQL reads as `r."…"`: only real columns of the raw table (or view). */
function rawReferences(tm: TableMapping, plain: PlainSources, sql: readonly string[]): string[] {
  const columns = new Set([...tm.rawColumns, ...[...plain.typed.keys()].map(typedColumn)].map(ident));
  const found = new Set<string>();
  for (const s of sql) for (const m of s.matchAll(/\br\.("(?:[^"]|"")*")/g)) if (columns.has(m[1])) found.add(m[1]);
  return [...found];
}

function emptyTableSql(table: CanonicalTable, prefix: string): string {
  const cols = TABLES[table].map((d) => `CAST(NULL AS ${sqlType(d.type)}) AS ${ident(d.name)}`);
  return `CREATE OR REPLACE TABLE ${ident(prefix + table)} AS SELECT ${cols.join(', ')}, CAST(NULL AS INTEGER) AS _row WHERE false`;
}

function bookFieldsSql(mapping: Mapping, prefix: string): string[] {
  const target = ident(`${prefix}book_fields`);
  const values = fieldStatuses(mapping).map(
    (f) => `(${literal(f.table)}, ${literal(f.field)}, ${literal(f.status)}, ${f.source === null ? 'NULL' : literal(f.source)}, ${f.note === undefined ? 'NULL' : literal(f.note)})`,
  );
  return [
    `CREATE OR REPLACE TABLE ${target} (table_name VARCHAR, field VARCHAR, status VARCHAR, source VARCHAR, note VARCHAR)`,
    `INSERT INTO ${target} VALUES ${values.join(', ')}`,
  ];
}

/** Where a build writes: `prefix` + `loans` / `snapshots` / `inspections` / `book_fields`; `rejects` is never prefixed. */
export interface BuildTarget {
  /** '' builds the book in place; 'stage_' builds tables for `activateStaged`. */
  prefix?: string;
}

/** The statements of a build, without the parser macros they call. */
function buildStatements(mapping: Mapping, prefix: string, plain: ReadonlyMap<CanonicalTable, PlainSources> = new Map()): string[] {
  const statements = ['CREATE OR REPLACE TABLE rejects (table_name VARCHAR, raw_table VARCHAR, _row INTEGER, reason VARCHAR, rule VARCHAR)'];
  for (const table of Object.keys(TABLES) as CanonicalTable[]) {
    const tm = mapping.tables.find((t) => t.table === table);
    statements.push(...(tm ? tableSql(tm, prefix, rowRules(mapping.rules), plain.get(table)) : [emptyTableSql(table, prefix)]));
  }
  statements.push(...bookFieldsSql(mapping, prefix));
  const settings = settingsTableSql(ident(prefix + SETTINGS_TABLE), { outcomeRule: null, currency: mapping.currency ?? null });
  statements.push(inlineParams(settings));
  return statements;
}

/**
 * All statements that turn the raw tables into the canonical book, as one self-contained script:
 * parser macros, `rejects`, `<prefix>loans` / `snapshots` / `inspections` (empty canonical tables
 * for the ones not supplied), `<prefix>book_fields` (which canonical fields are mapped, derived,
 * generated or missing), then the macros dropped again.
 */
export function buildMappingSql(mapping: Mapping, target: BuildTarget = {}): string[] {
  return [PARSER_MACROS_SQL, ...buildStatements(mapping, target.prefix ?? ''), DROP_PARSER_MACROS_SQL];
}

export interface BuildCounts {
  table: CanonicalTable;
  rowsIn: number;
  accepted: number;
  rejected: number;
  /** With `fieldQuality: true`: per-field counts taken from the parsed values of the build (pass them to qualityReport). */
  fields?: FieldQuality[];
}

/**
 * Checks the mapping, builds the book (see buildMappingSql) and returns rows in / accepted /
 * rejected per table. Each statement is cancellable through `signal`; the parser macros exist
 * only while it runs.
 */
export async function buildBook(
  db: Db,
  mapping: Mapping,
  options: BuildTarget & {
    signal?: AbortSignal;
    fieldQuality?: boolean;
    /** Field quality already counted for this very mapping (mappedFieldQuality): used instead of counting it again. */
    knownFields?: readonly FieldQuality[];
  } = {},
): Promise<BuildCounts[]> {
  const problems = mappingProblems(mapping);
  if (problems.length) throw new ImportError('missing_required_field', problemParams(problems[0]));
  const prefix = options.prefix ?? '';
  const fields: FieldQuality[] = [];
  try {
    const plain = new Map<CanonicalTable, PlainSources>();
    // Which columns are typed, and which text columns read with a plain cast (one scan per table).
    for (const tm of mapping.tables) plain.set(tm.table, await plainSources(db, tm, options.signal));
    await withParserMacros(db, async () => {
      for (const sql of buildStatements(mapping, prefix, plain)) {
        if (options.signal?.aborted) throw new ImportError('cancelled');
        // The intermediate table holds every row parsed: count field quality there before it goes.
        const dropped = /^DROP TABLE "__lb_build_[^"]*(loans|snapshots|inspections)"$/.exec(sql);
        if (dropped && options.fieldQuality) {
          const tm = mapping.tables.find((t) => t.table === dropped[1])!;
          const known = options.knownFields?.filter((f) => f.table === tm.table) ?? [];
          fields.push(...(known.length ? known : await fieldQuality(db, tm, `__lb_build_${prefix}${tm.table}`, options.signal, plain.get(tm.table))));
        }
        // query, not exec: the browser engine interrupts a running query on abort.
        await db.query(sql, [], { signal: options.signal });
      }
    });
  } catch (e) {
    await dropBuildLeftovers(db, prefix);
    if (e instanceof DbError && e.kind === 'cancelled') throw new ImportError('cancelled');
    throw e;
  }
  await assertUniqueLoanIds(db, prefix);
  const counts: BuildCounts[] = [];
  for (const tm of mapping.tables) {
    const t = await db.query(
      `SELECT (SELECT count(*) FROM ${ident(tm.raw)})::DOUBLE AS rows_in, (SELECT count(*) FROM ${ident(prefix + tm.table)})::DOUBLE AS accepted, (SELECT count(*) FROM rejects WHERE table_name = ?)::DOUBLE AS rejected`,
      [tm.table],
    );
    const row = t.get(0)!.toJSON() as { rows_in: number; accepted: number; rejected: number };
    if (row.rows_in !== row.accepted + row.rejected) {
      await dropBuildLeftovers(db, prefix);
      throw new ImportError('rows_unaccounted', { table: tm.table, rowsIn: row.rows_in, accepted: row.accepted, rejected: row.rejected });
    }
    counts.push({
      table: tm.table,
      rowsIn: row.rows_in,
      accepted: row.accepted,
      rejected: row.rejected,
      ...(options.fieldQuality ? { fields: fields.filter((f) => f.table === tm.table) } : {}),
    });
  }
  return counts;
}

/** A book never holds two rows with one loan id, nor a row without one: the row rules guarantee it, this checks it. */
async function assertUniqueLoanIds(db: Db, prefix: string): Promise<void> {
  const t = await db.query(`SELECT (count(*) - count(DISTINCT loan_id))::DOUBLE AS extra FROM ${ident(prefix + 'loans')}`);
  const extra = Number(t.get(0)!.toJSON().extra);
  if (extra > 0) throw new Error(`The built book would hold ${extra} rows whose loan id is empty or already taken; nothing was imported.`);
}

/** Intermediate tables a cancelled or failed build may leave. */
async function dropBuildLeftovers(db: Db, prefix: string): Promise<void> {
  for (const table of Object.keys(TABLES)) await db.exec(`DROP TABLE IF EXISTS ${ident(`__lb_build_${prefix}${table}`)}`).catch(() => {});
}
