import type { Db } from '../db/types';
import { rows } from '../db/rows';
import { ident, literal } from '../sql/quote';
import { TABLES } from './canonical';
import { mappedSource, type TableMapping } from './mapping';
import type { QualityCheck } from './quality-check';

/** Days past due beyond which a value is implausible: ten years. */
export const MAX_PLAUSIBLE_DPD = 3650;
/** Dates before this are implausible for an SME loan book. */
export const EARLIEST_PLAUSIBLE_DATE = '1950-01-01';

/** Dates of events that have happened by the book's date (a maturity date may lie ahead; these may not). */
const PAST_EVENT_DATES = [
  'relationship_start_date', 'origination_date', 'application_date', 'approval_date', 'disbursement_date',
  'last_inspection_date', 'first_inspection_date', 'default_date', 'chargeoff_date', 'snapshot_date', 'inspection_date',
];

/**
 * The book's date for a row: the row's own as-of date, else the latest as-of date of the loans,
 * else the latest snapshot, else today.
 */
function asOfSql(table: string, prefix: string, tm: TableMapping): string {
  const own = table === 'loans' && mappedSource(tm, 'as_of_date') ? 't.as_of_date, ' : '';
  // Today from the clock here: DuckDB's current_date lives in the ICU extension, which cannot load.
  const today = new Date().toISOString().slice(0, 10);
  return `coalesce(${own}(SELECT max(as_of_date) FROM ${ident(`${prefix}loans`)}), (SELECT max(snapshot_date) FROM ${ident(`${prefix}snapshots`)}), DATE ${literal(today)})`;
}

interface Rule {
  key: QualityCheck['key'];
  message: string;
  /** One condition per field, with the text shown for an example. */
  parts: { when: string; shown: string }[];
}

function rulesOf(tm: TableMapping, prefix: string): Rule[] {
  const mapped = (f: string) => TABLES[tm.table].some((d) => d.name === f) && mappedSource(tm, f) !== null;
  const shown = (f: string) => `${literal(`${f} `)} || CAST(t.${ident(f)} AS VARCHAR)`;
  const dates = TABLES[tm.table].filter((d) => d.type === 'date' && mapped(d.name)).map((d) => d.name);
  const asOf = asOfSql(tm.table, prefix, tm);
  const rules: Rule[] = [];
  if (mapped('dpd')) {
    rules.push({ key: 'negative_dpd', message: 'Negative days past due', parts: [{ when: 't.dpd < 0', shown: shown('dpd') }] });
    rules.push({ key: 'dpd_over_ten_years', message: `Days past due above ${MAX_PLAUSIBLE_DPD} (ten years)`, parts: [{ when: `t.dpd > ${MAX_PLAUSIBLE_DPD}`, shown: shown('dpd') }] });
  }
  const past = dates.filter((d) => PAST_EVENT_DATES.includes(d) && !(tm.table === 'snapshots' && d === 'snapshot_date'));
  if (past.length) {
    rules.push({
      key: 'date_after_as_of',
      message: "Dates after the book's as-of date",
      parts: past.map((d) => ({ when: `t.${ident(d)} > ${asOf}`, shown: shown(d) })),
    });
  }
  if (dates.length) {
    rules.push({
      key: 'date_before_1950',
      message: `Dates before ${EARLIEST_PLAUSIBLE_DATE.slice(0, 4)}`,
      parts: dates.map((d) => ({ when: `t.${ident(d)} < DATE ${literal(EARLIEST_PLAUSIBLE_DATE)}`, shown: shown(d) })),
    });
  }
  return rules;
}

/**
 * Values that parse but cannot be right (negative or decade-long arrears, events after the book's
 * date or before 1950): warnings with a count and examples, never rejections.
 */
export async function plausibilityChecks(db: Db, tm: TableMapping, prefix: string): Promise<QualityCheck[]> {
  const table = ident(prefix + tm.table);
  const out: QualityCheck[] = [];
  for (const rule of rulesOf(tm, prefix)) {
    const where = rule.parts.map((p) => `(${p.when})`).join(' OR ');
    const example = `t.loan_id || ' (' || concat_ws(', ', ${rule.parts.map((p) => `CASE WHEN ${p.when} THEN ${p.shown} END`).join(', ')}) || ')'`;
    const [c] = rows(await db.query(`SELECT count(*)::DOUBLE AS n FROM ${table} t WHERE ${where}`));
    const count = Number(c.n);
    const examples = count ? rows(await db.query(`SELECT ${example} AS e FROM ${table} t WHERE ${where} ORDER BY t._row LIMIT 5`)).map((r) => String(r.e)) : [];
    out.push({ key: rule.key, table: tm.table, count, examples, message: rule.message });
  }
  return out;
}
