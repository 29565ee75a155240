import { rows } from '../../db/rows';
import { ident, type Fragment } from '../../sql/quote';
import { whereClause, type FilterSet } from '../../sql/filters';
import type { MetricQuery } from '../query';
import { defaultOutcome, type Outcome } from '../drivers/outcome';
import type { ActiveRule } from './select';

/**
 * Loss of a loan for the Pareto by amount: charge-off minus recoveries when a charge-off is
 * recorded, otherwise the outstanding balance (the book carries no balance-at-default; a
 * snapshot table could refine this).
 */
export const LOSS_SQL = 'CASE WHEN chargeoff_amount IS NOT NULL THEN chargeoff_amount - coalesce(recovery_amount, 0) ELSE balance END';

export interface FlagMatrixOptions {
  filters?: FilterSet;
  /** Which loans count as "defaulted": the book outcome `is_defaulted` by default, or e.g. `nplOutcome()`. */
  outcome?: Outcome;
}

/**
 * One row per loan of `loan_facts` (after filters): `loan_id`, `outcome` (1 / 0 / NULL),
 * `loss`, and one BOOLEAN column per active rule, named by its id (NULL conditions count as
 * not flagged). Usable as a CTE: `WITH flags AS (<sql>) …`.
 */
export function flagMatrixSql(active: readonly ActiveRule[], options: FlagMatrixOptions = {}): Fragment {
  const outcome = options.outcome ?? defaultOutcome();
  const where = whereClause(options.filters ?? []);
  const flagColumns = active.map((a) => `coalesce((${a.condition.sql}), FALSE) AS ${ident(a.rule.id)}`);
  return {
    sql: `SELECT loan_id, CAST((${outcome.sql}) AS INTEGER) AS outcome, ${LOSS_SQL} AS loss${flagColumns.map((c) => `,\n  ${c}`).join('')}
FROM loan_facts ${where.sql}`,
    params: [...outcome.params, ...active.flatMap((a) => a.condition.params), ...where.params],
  };
}

export interface FlaggedLoan {
  loanId: string | null;
  outcome: number | null;
  loss: number | null;
  /** Ids of the rules that fire on this loan. */
  flags: string[];
}

/** The flag matrix as rows (for small books, exports and tests; views should aggregate in SQL). */
export function flagMatrixQuery(active: readonly ActiveRule[], options: FlagMatrixOptions = {}): MetricQuery<FlaggedLoan[]> {
  const m = flagMatrixSql(active, options);
  return {
    needs: ['loan_id', ...(options.outcome ?? defaultOutcome()).needs],
    sql: `${m.sql} ORDER BY loan_id`,
    params: m.params,
    shape: (t) =>
      rows(t).map((r) => ({
        loanId: r.loan_id === null ? null : String(r.loan_id),
        outcome: r.outcome as number | null,
        loss: r.loss as number | null,
        flags: active.filter((a) => r[a.rule.id] === true).map((a) => a.rule.id),
      })),
  };
}

/** `a OR b OR …` over flag columns of the matrix (`FALSE` for none). */
export function anyFlagSql(active: readonly ActiveRule[]): string {
  return active.length ? active.map((a) => ident(a.rule.id)).join(' OR ') : 'FALSE';
}
