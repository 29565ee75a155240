import { rows } from '../../db/rows';
import { ident } from '../../sql/quote';
import type { MetricQuery } from '../query';
import { defaultOutcome } from '../drivers/outcome';
import { flagMatrixSql, type FlagMatrixOptions } from './matrix';
import type { ActiveRule } from './select';
import type { Cause, Problem } from './types';

export interface RuleStats {
  ruleId: string;
  problem: Problem;
  cause: Cause;
  /** Loans with a known outcome that carry the flag. */
  flagged: number;
  flaggedDefaults: number;
  /** Default rate of flagged loans (null when none are flagged). */
  defaultRateWith: number | null;
  defaultRateWithout: number | null;
  /** defaultRateWith ÷ defaultRateWithout (the domain notes' flag lift). */
  lift: number | null;
  /** defaultRateWith ÷ the book's default rate (the segment lift). */
  liftVsBook: number | null;
  /** Share of all defaults that carry the flag. */
  coverage: number | null;
  /** Share of flagged loans that defaulted (= defaultRateWith). */
  precision: number | null;
}

export interface FlagStats {
  /** Loans with a known outcome. */
  loans: number;
  defaults: number;
  defaultRate: number | null;
  rules: RuleStats[];
}

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

/** Per active rule: loans flagged, default rate with and without, lift, coverage, precision. */
export function flagStatsQuery(active: readonly ActiveRule[], options: FlagMatrixOptions = {}): MetricQuery<FlagStats> {
  const m = flagMatrixSql(active, options);
  const perRule = active.map((a, i) => {
    const f = ident(a.rule.id);
    return `count(*) FILTER (WHERE ${f}) AS n_${i}, count(*) FILTER (WHERE ${f} AND outcome = 1) AS d_${i}`;
  });
  return {
    needs: [...(options.outcome ?? defaultOutcome()).needs],
    sql: `WITH flags AS (${m.sql})
SELECT count(*) AS n, count(*) FILTER (WHERE outcome = 1) AS d${perRule.map((c) => `, ${c}`).join('')}
FROM flags WHERE outcome IS NOT NULL`,
    params: m.params,
    shape: (t) => {
      const r = rows(t)[0];
      const loans = (r?.n as number) ?? 0;
      const defaults = (r?.d as number) ?? 0;
      const bookRate = ratio(defaults, loans);
      return {
        loans,
        defaults,
        defaultRate: bookRate,
        rules: active.map((a, i) => {
          const flagged = r[`n_${i}`] as number;
          const flaggedDefaults = r[`d_${i}`] as number;
          const withRate = ratio(flaggedDefaults, flagged);
          const withoutRate = ratio(defaults - flaggedDefaults, loans - flagged);
          return {
            ruleId: a.rule.id,
            problem: a.rule.problem,
            cause: a.rule.cause,
            flagged,
            flaggedDefaults,
            defaultRateWith: withRate,
            defaultRateWithout: withoutRate,
            lift: withRate !== null && withoutRate ? withRate / withoutRate : null,
            liftVsBook: withRate !== null && bookRate ? withRate / bookRate : null,
            coverage: ratio(flaggedDefaults, defaults),
            precision: withRate,
          };
        }),
      };
    },
  };
}
