import { rows } from '../../db/rows';
import { whereClause, type FilterSet } from '../../sql/filters';
import { missingFields, type MetricQuery } from '../query';

/** The stages of the credit process, each from one date to the next. */
export const STAGES = [
  { id: 'application_to_approval', from: 'application_date', to: 'approval_date' },
  { id: 'approval_to_disbursement', from: 'approval_date', to: 'disbursement_date' },
  { id: 'application_to_disbursement', from: 'application_date', to: 'disbursement_date' },
] as const;
export type StageId = (typeof STAGES)[number]['id'];

/** Default service levels in days (a bank sets its own; the user can change them). */
export const DEFAULT_SERVICE_LEVELS: Readonly<Record<StageId, number>> = {
  application_to_approval: 10,
  approval_to_disbursement: 5,
  application_to_disbursement: 15,
};

export interface StageTurnaround {
  stage: StageId;
  /** Loans with both dates. */
  loans: number;
  /** Days, `quantile_cont` (linear interpolation between observed values). */
  median: number | null;
  p90: number | null;
  serviceLevel: number;
  /** Loans taking longer than the service level, and their share of `loans`. */
  over: number;
  overShare: number | null;
  /** Loans whose later date comes before the earlier one (negative days). */
  negative: number;
}

export interface Turnaround {
  stages: StageTurnaround[];
  unavailable: { stage: StageId; missing: string[] }[];
}

function serviceDays(levels: Partial<Record<StageId, number>>, stage: StageId): number {
  const v = levels[stage] ?? DEFAULT_SERVICE_LEVELS[stage];
  if (!Number.isFinite(v) || v < 0) throw new Error(`Service level of ${stage} must be a non-negative number, got ${v}`);
  return v;
}

/** SQL of a stage's duration in days. */
export function stageDaysSql(stage: StageId): string {
  const s = STAGES.find((x) => x.id === stage)!;
  return `date_diff('day', ${s.from}, ${s.to})`;
}

/**
 * Turnaround per process stage in days: median, 90th percentile, and how many loans exceed the
 * user's service level. Stages whose dates are not mapped are listed as unavailable.
 */
export function turnaroundQuery(
  filters: FilterSet,
  options: { mapped: ReadonlySet<string>; serviceLevels?: Partial<Record<StageId, number>> },
): MetricQuery<Turnaround> {
  const available = STAGES.filter((s) => missingFields([s.from, s.to], options.mapped).length === 0);
  const unavailable = STAGES.filter((s) => !available.includes(s)).map((s) => ({
    stage: s.id as StageId,
    missing: missingFields([s.from, s.to], options.mapped),
  }));
  const levels = Object.fromEntries(STAGES.map((s) => [s.id, serviceDays(options.serviceLevels ?? {}, s.id)])) as Record<StageId, number>;
  const where = whereClause(filters);
  const columns = available.map((s, i) => {
    const d = stageDaysSql(s.id);
    return `count(${d}) AS n_${i}, quantile_cont(${d}, 0.5) AS med_${i}, quantile_cont(${d}, 0.9) AS p90_${i},
  count(*) FILTER (WHERE ${d} > ${levels[s.id]}) AS over_${i}, count(*) FILTER (WHERE ${d} < 0) AS neg_${i}`;
  });
  return {
    needs: available.length ? [] : ['application_date', 'approval_date', 'disbursement_date'],
    sql: `SELECT count(*) AS loans${columns.map((c) => `,\n  ${c}`).join('')}\nFROM loan_facts ${where.sql}`,
    params: where.params,
    shape: (t) => {
      const r = rows(t)[0] ?? {};
      const num = (k: string) => (r[k] === null || r[k] === undefined ? null : Number(r[k]));
      return {
        stages: available.map((s, i) => {
          const loans = Number(r[`n_${i}`] ?? 0);
          const over = Number(r[`over_${i}`] ?? 0);
          return {
            stage: s.id,
            loans,
            median: num(`med_${i}`),
            p90: num(`p90_${i}`),
            serviceLevel: levels[s.id],
            over,
            overShare: loans > 0 ? over / loans : null,
            negative: Number(r[`neg_${i}`] ?? 0),
          };
        }),
        unavailable,
      };
    },
  };
}
