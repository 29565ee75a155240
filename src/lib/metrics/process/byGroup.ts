import { rows } from '../../db/rows';
import { ident } from '../../sql/quote';
import { whereClause, type FilterSet } from '../../sql/filters';
import type { MetricQuery } from '../query';
import { measureColumns, measureFigures, planMeasures, type MeasureFigures, type ProcessMeasureId, type ProcessOptions } from './measures';
import { stageDaysSql, DEFAULT_SERVICE_LEVELS } from './turnaround';

/** Dimensions the process is compared by: who processed the loan. */
export const PROCESS_GROUPS = ['branch', 'officer_id'] as const;
export type ProcessGroup = (typeof PROCESS_GROUPS)[number];

export interface ProcessGroupRow {
  /** Branch or officer; null for loans without one. */
  group: string | null;
  loans: number;
  defaultRate: number | null;
  /** Median days from application to disbursement (null when those dates are not mapped). */
  medianDays: number | null;
  /** Share of loans over the application → disbursement service level. */
  overServiceShare: number | null;
  measures: Partial<Record<ProcessMeasureId, MeasureFigures>>;
}

export interface ProcessByGroup {
  group: ProcessGroup;
  measures: ProcessMeasureId[];
  rows: ProcessGroupRow[];
}

/**
 * The process measures per branch or officer: for each group its loans, default rate, median
 * end-to-end turnaround and share over the service level, and each measure's share and default
 * rates (flagged vs rest). Largest groups first.
 */
export function processByGroupQuery(
  filters: FilterSet,
  options: ProcessOptions & { group: ProcessGroup; serviceLevelDays?: number },
): MetricQuery<ProcessByGroup> {
  if (!(PROCESS_GROUPS as readonly string[]).includes(options.group)) throw new Error(`Unknown process group ${String(options.group)}`);
  const { available, y } = planMeasures(options);
  const where = whereClause(filters);
  const hasDates = options.mapped.has('application_date') && options.mapped.has('disbursement_date');
  const sla = options.serviceLevelDays ?? DEFAULT_SERVICE_LEVELS.application_to_disbursement;
  if (!Number.isFinite(sla) || sla < 0) throw new Error(`Service level must be a non-negative number, got ${sla}`);
  const days = stageDaysSql('application_to_disbursement');
  const turnaround = hasDates
    ? `quantile_cont(${days}, 0.5) AS median_days, count(*) FILTER (WHERE ${days} > ${sla}) / nullif(count(${days}), 0) AS over_share`
    : 'NULL AS median_days, NULL AS over_share';
  return {
    needs: [options.group],
    sql: `WITH facts AS (SELECT *, ${y.sql} AS y FROM loan_facts ${where.sql})
SELECT CAST(${ident(options.group)} AS VARCHAR) AS grp, count(*) AS loans,
  avg(y) AS default_rate, ${turnaround}${measureColumns(available, 'y').map((c) => `,\n  ${c}`).join('')}
FROM facts GROUP BY ALL ORDER BY loans DESC, grp NULLS LAST`,
    params: [...y.params, ...where.params],
    shape: (t) => ({
      group: options.group,
      measures: available.map((d) => d.id),
      rows: rows(t).map((r) => ({
        group: r.grp === null ? null : String(r.grp),
        loans: Number(r.loans),
        defaultRate: r.default_rate === null ? null : Number(r.default_rate),
        medianDays: r.median_days === null ? null : Number(r.median_days),
        overServiceShare: r.over_share === null ? null : Number(r.over_share),
        measures: Object.fromEntries(available.map((d, i) => [d.id, measureFigures(r, i)])),
      })),
    }),
  };
}
