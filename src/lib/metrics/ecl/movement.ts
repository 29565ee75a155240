import { rows } from '../../db/rows';
import type { FilterSet } from '../../sql/filters';
import { num } from '../portfolio/values';
import type { MetricQuery } from '../query';
import { perLoanSql, type EclOptions } from './ecl';

/** The steps of the ECL movement between two dates, in waterfall order. */
export const MOVEMENT_STEPS = ['derecognised', 'originated', 'transfer_to_1', 'transfer_to_2', 'transfer_to_3', 'remeasured'] as const;
export type MovementStep = (typeof MOVEMENT_STEPS)[number];

export interface EclMovement {
  from: string;
  to: string;
  opening: number;
  closing: number;
  /** Each step's change; opening + Σ steps = closing. */
  steps: { step: MovementStep; change: number; loans: number }[];
}

/**
 * ECL movement from `from` to `to`, each date staged and measured with the same rules and curve:
 * loans gone by `to` (derecognised, − their opening ECL), loans new at `to` (+ their closing ECL),
 * loans whose stage changed (by the stage they moved to) and loans in the same stage (remeasured).
 */
export function eclMovementQuery(filters: FilterSet, options: Omit<EclOptions, 'asOf'> & { from: string; to: string }): MetricQuery<EclMovement> {
  const at = (asOf: string) => {
    const q = perLoanSql(filters, { ...options, asOf }, 'CAST(NULL AS VARCHAR)');
    return { sql: `(${q.sql}\nSELECT loan_id, stage, ecl FROM per_loan)`, params: q.params };
  };
  const a = at(options.from);
  const b = at(options.to);
  return {
    needs: ['balance'],
    sql: `SELECT CASE WHEN b.loan_id IS NULL THEN 'derecognised' WHEN a.loan_id IS NULL THEN 'originated'
    WHEN a.stage <> b.stage THEN 'transfer_to_' || b.stage ELSE 'remeasured' END AS step,
  count(*) AS loans, sum(coalesce(a.ecl, 0)) AS opening, sum(coalesce(b.ecl, 0)) AS closing
FROM ${a.sql} a FULL JOIN ${b.sql} b ON a.loan_id = b.loan_id GROUP BY ALL`,
    params: [...a.params, ...b.params],
    shape(table) {
      const rs = rows(table);
      const opening = rs.reduce((s, r) => s + num(r.opening), 0);
      const closing = rs.reduce((s, r) => s + num(r.closing), 0);
      const steps = MOVEMENT_STEPS.map((step) => {
        const r = rs.find((x) => x.step === step);
        return { step, change: num(r?.closing) - num(r?.opening), loans: num(r?.loans) };
      });
      return { from: options.from, to: options.to, opening, closing, steps };
    },
  };
}
