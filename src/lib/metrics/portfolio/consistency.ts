import { rows, type Row, type Value } from '../../db/rows';
import type { FilterSet } from '../../sql/filters';
import { ident } from '../../sql/quote';
import { FIVE_CLASSES, type FiveClass } from '../../schema/canonical';
import type { MetricQuery } from '../query';
import { scope, type ScopeOptions } from './sql';
import { num, ratio } from './values';

/**
 * DOMAIN.md (rule in force since 2023-07-01): DPD sets a minimum class — any overdue → at least
 * special mention (2); > 90 days → substandard (3); > 270 → doubtful (4); > 360 → loss (5).
 */
export function minimumClassForDpd(dpd: number | null): FiveClass | null {
  if (dpd === null) return null;
  if (dpd > 360) return 5;
  if (dpd > 270) return 4;
  if (dpd > 90) return 3;
  if (dpd > 0) return 2;
  return 1;
}

export function minimumClassSql(dpd: string): string {
  return `CASE WHEN ${dpd} IS NULL THEN NULL WHEN ${dpd} > 360 THEN 5 WHEN ${dpd} > 270 THEN 4
    WHEN ${dpd} > 90 THEN 3 WHEN ${dpd} > 0 THEN 2 ELSE 1 END`;
}

/** A reported class better (lower) than the DPD floor: a classification exception (evidence of P1). */
const EXCEPTION_SQL = `five_class < ${minimumClassSql('dpd')}`;

/**
 * DPD bands aligned with the floor's cutoffs, so that each row of the DPD-versus-class table has one
 * minimum class (the 30/60 cutoffs of the roll-rate buckets would split nothing here).
 */
export const FLOOR_DPD_BANDS = [
  { band: 'current', minClass: 1 },
  { band: '1–90', minClass: 2 },
  { band: '91–270', minClass: 3 },
  { band: '271–360', minClass: 4 },
  { band: '>360', minClass: 5 },
] as const satisfies readonly { band: string; minClass: FiveClass }[];
export type FloorDpdBand = (typeof FLOOR_DPD_BANDS)[number]['band'];

export interface DpdClassRow {
  band: FloorDpdBand;
  minClass: FiveClass;
  /** Loans and balance per reported class 1..5. */
  counts: number[];
  balances: number[];
  /** Loans in this band without a reported class. */
  unclassified: number;
  /** Loans (balance) reported better than `minClass`. */
  exceptions: number;
  exceptionBalance: number;
}

export interface DpdClassTable {
  rows: DpdClassRow[];
  /** Loans with both a DPD and a class. */
  assessed: number;
  exceptions: number;
  exceptionBalance: number;
}

/** Rows: DPD band; columns: reported class; count and balance, with the exceptions per row. */
export function dpdClassTableQuery(filters: FilterSet, options: ScopeOptions = {}): MetricQuery<DpdClassTable> {
  const base = scope(filters, options);
  return {
    needs: ['dpd', 'five_class'],
    sql: `${base.sql}
SELECT ${minimumClassSql('dpd')} AS min_class, five_class, count(*) AS n, coalesce(sum(balance), 0) AS balance
FROM f WHERE dpd IS NOT NULL GROUP BY ALL`,
    params: base.params,
    shape(table) {
      const cells = rows(table);
      const tableRows = FLOOR_DPD_BANDS.map(({ band, minClass }) => {
        const mine = cells.filter((c) => num(c.min_class) === minClass);
        const at = (k: FiveClass, key: string) => num(mine.find((c) => c.five_class === k)?.[key]);
        const counts = FIVE_CLASSES.map((k) => at(k, 'n'));
        const balances = FIVE_CLASSES.map((k) => at(k, 'balance'));
        const better = FIVE_CLASSES.filter((k) => k < minClass);
        return {
          band,
          minClass,
          counts,
          balances,
          unclassified: num(mine.find((c) => c.five_class === null)?.n),
          exceptions: better.reduce((s, k) => s + counts[k - 1], 0),
          exceptionBalance: better.reduce((s, k) => s + balances[k - 1], 0),
        };
      });
      return {
        rows: tableRows,
        assessed: tableRows.reduce((s, r) => s + r.counts.reduce((a, b) => a + b, 0), 0),
        exceptions: tableRows.reduce((s, r) => s + r.exceptions, 0),
        exceptionBalance: tableRows.reduce((s, r) => s + r.exceptionBalance, 0),
      };
    },
  };
}

export interface ExceptionGroup {
  value: Value;
  loans: number;
  /** Loans with both a DPD and a class. */
  assessed: number;
  exceptions: number;
  exceptionBalance: number;
  /** exceptions ÷ assessed. */
  exceptionRate: number | null;
  /** exceptionBalance ÷ balance of the assessed loans. */
  exceptionBalanceShare: number | null;
}

export interface ClassificationExceptions {
  by: string;
  /** Most exceptions first (then by exception balance). */
  groups: ExceptionGroup[];
  total: Omit<ExceptionGroup, 'value'>;
}

export interface ExceptionOptions extends ScopeOptions {
  /** Grouping dimension; defaults to branch. */
  by?: string;
}

/** Count and balance of classification exceptions, by branch (or any dimension). */
export function classificationExceptionsQuery(filters: FilterSet, options: ExceptionOptions = {}): MetricQuery<ClassificationExceptions> {
  const base = scope(filters, options);
  const by = options.by ?? 'branch';
  const assessed = 'dpd IS NOT NULL AND five_class IS NOT NULL';
  return {
    needs: ['dpd', 'five_class', by],
    sql: `${base.sql}
SELECT ${ident(by)} AS value, count(*) AS loans,
  count(*) FILTER (WHERE ${assessed}) AS assessed,
  coalesce(sum(balance) FILTER (WHERE ${assessed}), 0) AS assessed_balance,
  count(*) FILTER (WHERE ${EXCEPTION_SQL}) AS exceptions,
  coalesce(sum(balance) FILTER (WHERE ${EXCEPTION_SQL}), 0) AS exception_balance
FROM f GROUP BY ${ident(by)}
ORDER BY exceptions DESC, exception_balance DESC, value NULLS LAST`,
    params: base.params,
    shape(table) {
      const rs = rows(table);
      const total = groupOf(sumRows(rs));
      return { by, groups: rs.map((r) => ({ value: r.value, ...groupOf(r) })), total };
    },
  };
}

function groupOf(r: Row): Omit<ExceptionGroup, 'value'> {
  return {
    loans: num(r.loans),
    assessed: num(r.assessed),
    exceptions: num(r.exceptions),
    exceptionBalance: num(r.exception_balance),
    exceptionRate: ratio(num(r.exceptions), num(r.assessed)),
    exceptionBalanceShare: ratio(num(r.exception_balance), num(r.assessed_balance)),
  };
}

function sumRows(rs: Row[]): Row {
  const keys = ['loans', 'assessed', 'assessed_balance', 'exceptions', 'exception_balance'];
  return Object.fromEntries(keys.map((k) => [k, rs.reduce((s, r) => s + num(r[k]), 0)]));
}
