import { ident, literal } from '../sql/quote';
import { TABLES } from './canonical';
import { mappedSource, type TableMapping } from './mapping';
import { unreadableSql } from './parsers';
import { readsPlain } from './field-expr';
import { NO_PLAIN_SOURCES, rawBlankSql, rawTextSql, type PlainSources } from './plain';
import { REASON, RULE } from './internal-names';

export * from './row-rule-choices';
import { DEFAULT_ROW_RULES, type RowRules } from './row-rule-choices';

/**
 * The rule that rejected a row, as written to `rejects.rule`; 'required' is a loan's amount or outcome.
 * Snapshot and inspection rows: 'missing_id', 'bad_date' (date missing or unreadable), 'unknown_loan'
 * (a loan id the loans table does not hold) and 'duplicate_snapshot' (a second row for one loan and month).
 */
export type RejectRule = 'totals' | 'missing_id' | 'required' | 'non_positive_amount' | 'unreadable' | 'duplicate_id' | 'bad_date' | 'unknown_loan' | 'duplicate_snapshot';

export const REJECT_RULES: readonly RejectRule[] = ['totals', 'missing_id', 'required', 'non_positive_amount', 'unreadable', 'duplicate_id', 'bad_date', 'unknown_loan', 'duplicate_snapshot'];

export const TOTALS_REASON = 'totals row';

export function rowRules(rules: Partial<RowRules> | undefined): RowRules {
  return { ...DEFAULT_ROW_RULES, ...(rules ?? {}) };
}

/** Text that marks a totals or subtotal row: 合计/总计/小计 at either end, Total/Subtotal/Grand total at the start. */
const TOTALS_PATTERN = String.raw`^\s*(合\s*计|总\s*计|小\s*计)|(合\s*计|总\s*计|小\s*计)\s*[:：]?\s*$|^\s*((grand|sub)\s*-?\s*)?totals?\b|^\s*subtotal|^\s*sum\s*$`;

/** Columns a totals label is written in: the id and label columns, and the export's first column. */
function labelColumns(tm: TableMapping): string[] {
  const fields = ['loan_id', 'borrower_id', 'borrower_name', 'group_id', 'branch', 'product', 'region'];
  const columns = fields.map((f) => mappedSource(tm, f)).filter((c): c is string => c !== null);
  if (tm.rawColumns[0]) columns.push(tm.rawColumns[0]);
  return [...new Set(columns)];
}

/** SQL: true when a raw row (alias `r`) carries a totals label. A typed column (numbers, dates, booleans) holds no label. */
export function totalsLabelSql(tm: TableMapping, plain: PlainSources = NO_PLAIN_SOURCES): string {
  const tests = labelColumns(tm).filter((c) => !plain.typed.has(c)).map((c) => `coalesce(regexp_matches(lower(r.${ident(c)}), ${literal(TOTALS_PATTERN)}), false)`);
  return tests.length ? `(${tests.join(' OR ')})` : 'false';
}

const blank = (raw: string) => `(${raw} IS NULL OR trim(${raw}) = '')`;

/**
 * Per-row reasons of the loans table other than the required ones, over the parsed row `p` and
 * the raw row `r`, in the order they are applied: [rule, SQL giving the reason or NULL].
 */
export function loanRowReasons(tm: TableMapping, rules: RowRules, plain: PlainSources = NO_PLAIN_SOURCES): { rule: RejectRule; sql: string }[] {
  const out: { rule: RejectRule; sql: string }[] = [];
  const idSource = mappedSource(tm, 'loan_id');
  if (idSource && rules.missingId === 'reject') {
    out.push({ rule: 'missing_id', sql: `CASE WHEN p.loan_id IS NULL OR trim(p.loan_id) = '' THEN ${literal(`loan_id (${idSource}) is missing`)} END` });
  }
  const amountSource = mappedSource(tm, 'amount');
  if (amountSource && rules.nonPositiveAmount === 'reject') {
    out.push({
      rule: 'non_positive_amount',
      sql: `CASE WHEN p.amount <= 0 THEN ${literal(`amount (${amountSource}): "`)} || ${rawTextSql(amountSource, plain)} || '" is not positive' END`,
    });
  }
  if (rules.unreadable === 'reject') {
    for (const def of TABLES.loans) {
      if (def.name === 'amount' || !['date', 'double', 'integer'].includes(def.type)) continue;
      const source = mappedSource(tm, def.name);
      if (!source) continue;
      const raw = rawTextSql(source, plain);
      const what = def.type === 'date' ? 'a date' : 'a number';
      out.push({
        rule: 'unreadable',
        sql: `CASE WHEN p.${ident(def.name)} IS NULL AND NOT ${plain.typed.has(source) ? rawBlankSql(source, plain) : blank(raw)} THEN ${literal(`${def.name} (${source}): "`)} || ${raw} || '" ' || ${readsPlain(tm, def.name, plain) ? literal(`is not ${what}`) : unreadableSql(tm.fields[def.name]!.parser, raw, what)} END`,
      });
    }
  }
  return out;
}

/**
 * Statements run on the build's intermediate table (`stage`, with its REASON and RULE columns) after
 * the per-row reasons: a row whose amount equals the sum of every other accepted row is a totals
 * row; then loan ids that appear more than once among the rows still accepted.
 */
export function loanSetRulesSql(tm: TableMapping, rules: RowRules, stage: string): string[] {
  const out: string[] = [];
  const accepted = `(SELECT amount FROM ${stage} WHERE ${REASON} IS NULL AND amount IS NOT NULL)`;
  if (rules.totals === 'reject' && mappedSource(tm, 'amount')) {
    out.push(`UPDATE ${stage} SET ${REASON} = ${literal(TOTALS_REASON)}, ${RULE} = 'totals'
WHERE ${REASON} IS NULL AND amount > 0 AND (SELECT count(*) FROM ${accepted}) > 2
  AND abs(amount * 2 - (SELECT sum(amount) FROM ${accepted})) <= 1e-9 * amount`);
  }
  if (mappedSource(tm, 'loan_id')) {
    const copies = rules.duplicateId === 'keep_first' ? 'd.k > 1' : 'd.n > 1';
    const reason =
      rules.duplicateId === 'keep_first'
        ? `'duplicate loan id "' || trim(d.loan_id) || '" (kept row ' || CAST(d.first AS VARCHAR) || ')'`
        : `'duplicate loan id "' || trim(d.loan_id) || '" (' || CAST(d.n AS VARCHAR) || ' rows, every copy rejected)'`;
    out.push(`UPDATE ${stage} SET ${REASON} = ${reason}, ${RULE} = 'duplicate_id'
FROM (SELECT _row, loan_id, row_number() OVER w AS k, count(*) OVER w AS n, min(_row) OVER w AS first
      FROM ${stage} WHERE ${REASON} IS NULL AND nullif(trim(loan_id), '') IS NOT NULL WINDOW w AS (PARTITION BY trim(loan_id) ORDER BY _row ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)) d
WHERE ${stage}._row = d._row AND ${copies}`);
  }
  return out;
}

/**
 * Statements run on a snapshot or inspection table's intermediate table after its per-row reasons:
 * a row whose loan id is not in the built `loans` is rejected, then a second snapshot of one loan on
 * one date (the first row is kept).
 */
export function childSetRulesSql(tm: TableMapping, stage: string, loans: string): string[] {
  if (!mappedSource(tm, 'loan_id')) return [];
  const out = [
    `UPDATE ${stage} SET ${REASON} = 'loan id "' || trim(loan_id) || '" is not in the loans table', ${RULE} = 'unknown_loan'
WHERE ${REASON} IS NULL AND trim(loan_id) NOT IN (SELECT loan_id FROM ${loans} WHERE loan_id IS NOT NULL)`,
  ];
  if (tm.table === 'snapshots' && mappedSource(tm, 'snapshot_date')) {
    // The window (a sort of every snapshot) runs only over the candidates: (loan id hash, date) pairs
    // seen more than once, found by a grouping on fixed-size keys. A window over all 13.4M snapshots of
    // a 1M-loan book ran the tab's engine out of memory; a hash collision only adds candidates.
    const duplicateKeys = `SELECT hash(trim(loan_id)) AS h, snapshot_date AS d FROM ${stage} WHERE ${REASON} IS NULL GROUP BY 1, 2 HAVING count(*) > 1`;
    out.push(`UPDATE ${stage} SET ${REASON} = 'duplicate snapshot of loan "' || trim(d.loan_id) || '" on ' || CAST(d.snapshot_date AS VARCHAR) || ' (kept row ' || CAST(d.first AS VARCHAR) || ')', ${RULE} = 'duplicate_snapshot'
FROM (SELECT s._row, s.loan_id, s.snapshot_date, row_number() OVER w AS k, min(s._row) OVER w AS first
      FROM ${stage} s SEMI JOIN (${duplicateKeys}) dup ON hash(trim(s.loan_id)) = dup.h AND s.snapshot_date IS NOT DISTINCT FROM dup.d
      WHERE s.${REASON} IS NULL WINDOW w AS (PARTITION BY trim(s.loan_id), s.snapshot_date ORDER BY s._row ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)) d
WHERE ${stage}._row = d._row AND d.k > 1`);
  }
  return out;
}
