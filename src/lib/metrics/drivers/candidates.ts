import { rows } from '../../db/rows';
import { ident } from '../../sql/quote';
import { LOAN_FIELDS } from '../../schema/canonical';
import type { MetricQuery } from '../query';
import { BAND_COLUMNS } from '../facts-bands';
import type { Attribute } from './binning';
import { leakageByDefinition, leakageBySeparation, type Leakage } from './leakage';
import type { WoeTable } from './woe';

/**
 * Columns that are never candidate drivers: identifiers, internal columns, and the vintage
 * (right-censoring makes old vintages look riskier, which says nothing about a new applicant).
 * Columns recorded after lending are not here: they are candidates marked as leakage.
 */
// is_defaulted, default_on and exposure are the book's own derived outcome and exposure (facts.ts), not export columns.
// The root-cause bands (facts-bands.ts) are coarse copies of fields that are candidates themselves (binned
// here by the data), and the inspection band's "not yet due" marks recent loans, as the vintage does.
const NOT_CANDIDATES = new Set(['loan_id', 'borrower_id', 'borrower_name', 'group_id', 'officer_id', 'vintage_year', 'vintage_month', 'is_defaulted', 'default_on', 'exposure', ...BAND_COLUMNS]);
const CANONICAL = new Set(LOAN_FIELDS.map((f) => f.name));
const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL)/;
const CATEGORICAL = /^(VARCHAR|BOOLEAN)/;
/** A column with this many values or fewer is read as categories even when its values are numbers. */
const MAX_CATEGORIES = 12;
/** A text column with more values than this is an identifier or free text, not a driver. */
const MAX_TEXT_VALUES = 60;

export interface ColumnInfo {
  column: string;
  type: string;
}

export interface CandidateAttribute extends Attribute {
  /** Numbers are binned at quantiles (and scored for AUC / KS); the rest are categories. */
  numeric: boolean;
  values: number;
  /** Leakage known from what the column is (the outcome, or recorded after it); separation is judged later, from the bins. */
  leakage: Leakage | null;
}

export interface CandidateProfile {
  attributes: CandidateAttribute[];
  /** Columns left out for having one value or too many text values. */
  dropped: string[];
}

/** Column names and types of a table (`loan_facts` for Drivers, `model_base` for the scorecard builder). */
export function tableColumnsQuery(table: string): MetricQuery<ColumnInfo[]> {
  return {
    needs: [],
    sql: `SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? AND schema_name = current_schema() ORDER BY column_index`,
    params: [table],
    shape: (t) => rows(t).map((r) => ({ column: String(r.column_name), type: String(r.data_type) })),
  };
}

export interface CandidateOptions {
  table: string;
  /** Quantile bins of numeric candidates. */
  bins: number;
  /** Further columns to leave out (e.g. the column a model's split is read from). */
  exclude?: readonly string[];
}

/**
 * The candidate drivers of a table, in one query: canonical fields the book maps, derived
 * columns, model features and the book's own extra columns, each typed numeric (every value
 * reads as a number, more than a handful of them; extra columns arrive as text) or categorical;
 * columns with one value or too many text values are dropped. The one definition Drivers and
 * the scorecard builder share.
 */
export function candidateProfileQuery(columns: readonly ColumnInfo[], mapped: ReadonlySet<string>, options: CandidateOptions): MetricQuery<CandidateProfile> {
  const exclude = new Set(options.exclude ?? []);
  const usable = columns.filter(
    (c) =>
      !NOT_CANDIDATES.has(c.column) &&
      !c.column.startsWith('_') &&
      !exclude.has(c.column) &&
      (NUMERIC.test(c.type) || CATEGORICAL.test(c.type)) &&
      (!CANONICAL.has(c.column) || mapped.has(c.column)),
  );
  if (!usable.length) return { needs: [], sql: 'SELECT NULL AS col WHERE FALSE', params: [], shape: () => ({ attributes: [], dropped: [] }) };
  const source = ident(options.table);
  const parts = usable.map(
    (c) => `SELECT ? AS col, count(DISTINCT ${ident(c.column)}) AS vals, count(${ident(c.column)}) AS present,
  count(TRY_CAST(${ident(c.column)} AS DOUBLE)) AS numbers FROM ${source}`,
  );
  return {
    needs: [],
    sql: parts.join('\nUNION ALL\n'),
    params: usable.map((c) => c.column),
    shape: (t) => {
      const attributes: CandidateAttribute[] = [];
      const dropped: string[] = [];
      for (const r of rows(t)) {
        const c = usable.find((x) => x.column === r.col)!;
        const values = Number(r.vals);
        const allNumbers = Number(r.numbers) === Number(r.present) && !/^BOOLEAN/.test(c.type);
        const numeric = allNumbers && values > MAX_CATEGORIES;
        if (values < 2 || (!numeric && values > MAX_TEXT_VALUES)) {
          dropped.push(c.column);
          continue;
        }
        attributes.push({
          column: c.column,
          numeric,
          values,
          binning: numeric ? { kind: 'quantile', bins: options.bins } : { kind: 'categorical' },
          leakage: leakageByDefinition(c.column),
        });
      }
      return { attributes, dropped };
    },
  };
}

export interface RankedCandidate {
  attribute: CandidateAttribute;
  table: WoeTable;
  leakage: Leakage | null;
}

/** Candidates with their WoE tables, genuine ones first (strongest IV first), then the leaking ones (also by IV). */
export function rankCandidates(attributes: readonly CandidateAttribute[], tables: readonly WoeTable[]): RankedCandidate[] {
  const ranked = tables.flatMap((table) => {
    const attribute = attributes.find((a) => a.column === table.attribute);
    return attribute ? [{ attribute, table, leakage: attribute.leakage ?? leakageBySeparation(table) }] : [];
  });
  const byIv = (a: RankedCandidate, b: RankedCandidate) => b.table.iv - a.table.iv;
  return [...ranked.filter((r) => !r.leakage).sort(byIv), ...ranked.filter((r) => r.leakage).sort(byIv)];
}
