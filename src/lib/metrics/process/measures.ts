import { rows, type Row } from '../../db/rows';
import type { SqlParam } from '../../db/types';
import { whereClause, type FilterSet } from '../../sql/filters';
import { defaultOutcome, outcomeAsInteger, type Outcome } from '../drivers/outcome';
import { missingFields, type MetricQuery } from '../query';

/** Process breaches and practices counted per loan (domain notes, "Process"). */
export const PROCESS_MEASURES = [
  'approval_above_authority',
  'approval_exception',
  'disbursed_before_approval',
  'skipped_step',
  'inspection_missing_or_late',
  'renewal',
  'restructured',
] as const;
export type ProcessMeasureId = (typeof PROCESS_MEASURES)[number];

export interface ProcessOptions {
  /** Canonical fields the book maps: measures needing others are reported as unavailable. */
  mapped: ReadonlySet<string>;
  /** A first post-loan inspection later than this many days after disbursement is late. Default 90. */
  inspectionDays?: number;
  /** Bad = true; default the book outcome `is_defaulted`. */
  outcome?: Outcome;
}

interface MeasureDef {
  id: ProcessMeasureId;
  needs: readonly string[];
  /** Loans the measure can be judged on (its denominator). */
  eligible: string;
  flagged: string;
}

function wholeDays(days: number): string {
  if (!Number.isFinite(days) || days < 0) throw new Error(`Inspection days must be a non-negative number, got ${days}`);
  return String(Math.trunc(days));
}

/** The measures' SQL over one `loan_facts` row. */
export function measureDefs(inspectionDays = 90): MeasureDef[] {
  const days = wholeDays(inspectionDays);
  return [
    {
      id: 'approval_above_authority',
      needs: ['amount', 'approver_limit'],
      eligible: 'amount IS NOT NULL AND approver_limit IS NOT NULL',
      flagged: 'amount > approver_limit',
    },
    { id: 'approval_exception', needs: ['approval_exception'], eligible: 'approval_exception IS NOT NULL', flagged: 'approval_exception' },
    {
      id: 'disbursed_before_approval',
      needs: ['approval_date', 'disbursement_date'],
      eligible: 'approval_date IS NOT NULL AND disbursement_date IS NOT NULL',
      flagged: 'disbursement_date < approval_date',
    },
    // A book maps the column of skipped steps as a whole: an empty cell means no step was skipped.
    { id: 'skipped_step', needs: ['skipped_step'], eligible: 'TRUE', flagged: "nullif(trim(skipped_step), '') IS NOT NULL" },
    {
      id: 'inspection_missing_or_late',
      needs: ['disbursement_date', 'first_inspection_date', 'as_of_date'],
      // Judged once the window has passed; an inspection on day N is in time.
      eligible: `disbursement_date IS NOT NULL AND date_diff('day', disbursement_date, as_of_date) >= ${days}`,
      flagged: `first_inspection_date IS NULL OR date_diff('day', disbursement_date, first_inspection_date) > ${days}`,
    },
    { id: 'renewal', needs: ['is_renewal'], eligible: 'is_renewal IS NOT NULL', flagged: 'is_renewal' },
    { id: 'restructured', needs: ['is_restructured'], eligible: 'is_restructured IS NOT NULL', flagged: 'is_restructured' },
  ];
}

export interface MeasureFigures {
  /** Loans the measure applies to (see each measure's eligibility). */
  eligible: number;
  flagged: number;
  /** flagged ÷ eligible. */
  share: number | null;
  /** Default rate of flagged and of the other eligible loans (loans with a known outcome). */
  defaultRateFlagged: number | null;
  defaultRateRest: number | null;
  /** defaultRateFlagged ÷ defaultRateRest. */
  rateRatio: number | null;
}

export interface ProcessMeasure extends MeasureFigures {
  id: ProcessMeasureId;
  /** Inspection measure only: eligible loans never inspected (the rest of `flagged` were late). */
  missing?: number;
}

export interface ProcessMeasures {
  loans: number;
  measures: ProcessMeasure[];
  /** Measures whose fields the book does not map, with the fields missing. */
  unavailable: { id: ProcessMeasureId; missing: string[] }[];
  /** True when the outcome's fields are not mapped: rates are null. */
  noOutcome: boolean;
}

/** Columns e_i, f_i, fd_i, fk_i, rd_i, rk_i for measure i: eligible, flagged, flagged defaults / known, rest defaults / known. */
export function measureColumns(defs: readonly MeasureDef[], y: string): string[] {
  return defs.map((d, i) => {
    const e = `(${d.eligible})`;
    const f = `${e} AND coalesce((${d.flagged}), FALSE)`;
    const r = `${e} AND NOT coalesce((${d.flagged}), FALSE)`;
    return [
      `count(*) FILTER (WHERE ${e}) AS e_${i}`,
      `count(*) FILTER (WHERE ${f}) AS f_${i}`,
      `count(*) FILTER (WHERE ${f} AND ${y} = 1) AS fd_${i}`,
      `count(*) FILTER (WHERE ${f} AND ${y} IS NOT NULL) AS fk_${i}`,
      `count(*) FILTER (WHERE ${r} AND ${y} = 1) AS rd_${i}`,
      `count(*) FILTER (WHERE ${r} AND ${y} IS NOT NULL) AS rk_${i}`,
    ].join(', ');
  });
}

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

export function measureFigures(r: Row, i: number): MeasureFigures {
  const n = (k: string) => Number(r[`${k}_${i}`] ?? 0);
  const withRate = ratio(n('fd'), n('fk'));
  const restRate = ratio(n('rd'), n('rk'));
  return {
    eligible: n('e'),
    flagged: n('f'),
    share: ratio(n('f'), n('e')),
    defaultRateFlagged: withRate,
    defaultRateRest: restRate,
    rateRatio: withRate !== null && restRate ? withRate / restRate : null,
  };
}

/** The measures the book can compute and those it cannot, with the outcome as 1 / 0 / NULL SQL. */
export function planMeasures(options: ProcessOptions) {
  const defs = measureDefs(options.inspectionDays);
  const available = defs.filter((d) => missingFields(d.needs, options.mapped).length === 0);
  const unavailable = defs
    .filter((d) => !available.includes(d))
    .map((d) => ({ id: d.id, missing: missingFields(d.needs, options.mapped) }));
  const outcome = options.outcome ?? defaultOutcome();
  const noOutcome = missingFields(outcome.needs, options.mapped).length > 0;
  const y = noOutcome ? { sql: 'CAST(NULL AS INTEGER)', params: [] as SqlParam[] } : outcomeAsInteger(outcome);
  return { available, unavailable, noOutcome, y };
}

/**
 * Per process measure (approval above authority, exceptions, disbursed before approval, skipped
 * steps, first inspection missing or late, renewals, restructurings): eligible loans, flagged,
 * share, and the default rate of flagged loans vs the other eligible loans.
 */
export function processMeasuresQuery(filters: FilterSet, options: ProcessOptions): MetricQuery<ProcessMeasures> {
  const { available, unavailable, noOutcome, y } = planMeasures(options);
  const where = whereClause(filters);
  const inspection = available.findIndex((d) => d.id === 'inspection_missing_or_late');
  const missingColumn =
    inspection >= 0 ? `, count(*) FILTER (WHERE (${available[inspection].eligible}) AND first_inspection_date IS NULL) AS never_inspected` : '';
  const yColumn = `${y.sql} AS y`;
  return {
    needs: [],
    sql: `WITH facts AS (SELECT *, ${yColumn} FROM loan_facts ${where.sql})
SELECT count(*) AS loans${measureColumns(available, 'y').map((c) => `,\n  ${c}`).join('')}${missingColumn}
FROM facts`,
    params: [...y.params, ...where.params],
    shape: (t) => {
      const r = rows(t)[0] ?? {};
      return {
        loans: Number(r.loans ?? 0),
        measures: available.map((d, i) => ({
          id: d.id,
          ...measureFigures(r, i),
          ...(i === inspection ? { missing: Number(r.never_inspected ?? 0) } : {}),
        })),
        unavailable,
        noOutcome,
      };
    },
  };
}
