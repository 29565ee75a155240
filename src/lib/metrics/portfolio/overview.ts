import { rows } from '../../db/rows';
import type { FilterSet } from '../../sql/filters';
import { ident } from '../../sql/quote';
import type { MetricQuery } from '../query';
import { DEFAULT_OUTCOME, figure, fieldsOf, presenceSql, type Figure, type Requirement } from './requirements';
import { scope, type ScopeOptions } from './sql';
import { inclusiveTolerance, INCLUSIVE_NPL_TOLERANCE_POINTS, type InclusiveTolerance } from './tolerance';
import { firstRow, numOrNull } from './values';

interface FigureDef {
  /** Aggregate over `f` (the filtered loans). */
  sql: string;
  needs: readonly Requirement[];
}

/** The book's realised LGD over charged-off loans (whole book, so a filter does not starve it). */
const ESTIMATED_LGD = '(SELECT 1 - coalesce(sum(recovery_amount), 0) / nullif(sum(chargeoff_amount), 0) FROM src WHERE chargeoff_amount > 0)';
const EL_NEEDS: readonly Requirement[] = ['pd', 'balance', { anyOf: ['lgd', 'chargeoff_amount'] }];

/** A loan still on the book. */
const LIVE = 'coalesce(balance, 1) > 0';

const npl = (filter: string) => `coalesce(sum(balance) FILTER (WHERE is_npl${filter}), 0)`;

/**
 * The headline figures. Conventions (DOMAIN.md):
 * - NPL ratio = balance of classes 3–5 ÷ outstanding balance of loans with a known class; by count,
 *   over live loans (a paid-off or written-off loan keeps its last class but is no longer on the book;
 *   where the balance is not mapped every loan counts as live).
 * - Default rate = defaulted loans ÷ loans (count); defaulted = default flag set or a default date.
 * - Charge-off rate = charge-offs of defaulted loans ÷ original amount of defaulted loans (the balance
 *   after a charge-off no longer shows the exposure, so the drawn amount is the denominator).
 * - Recovery rate = recoveries ÷ charge-offs, both over loans with a charge-off.
 * - EL = PD × LGD × EAD with EAD = outstanding balance, summed over loans that have a PD. LGD is the
 *   loan's own where given, else estimated from the book (DOMAIN.md: realised LGD = 1 − recoveries ÷
 *   EAD) as 1 − recoveries ÷ charge-offs over charged-off loans, the charge-off standing for the
 *   exposure lost at default. `expectedLossCoverage` is the balance share of the loans counted.
 * - Provision coverage = reserves ÷ NPL balance; loan provision ratio = reserves ÷ outstanding balance.
 * - Inclusive SME per facts.ts (`is_inclusive_sme`); its share is of the balance whose size is known.
 */
const FIGURES = {
  loans: { sql: 'count(*)', needs: [] },
  borrowers: { sql: 'count(DISTINCT borrower_id)', needs: ['borrower_id'] },
  outstandingBalance: { sql: 'coalesce(sum(balance), 0)', needs: ['balance'] },
  averageLoanAmount: { sql: 'avg(amount)', needs: ['amount'] },
  weightedInterestRate: {
    sql: 'sum(interest_rate * balance) / nullif(sum(balance) FILTER (WHERE interest_rate IS NOT NULL), 0)',
    needs: ['interest_rate', 'balance'],
  },
  nplRatioBalance: {
    sql: `${npl('')} / nullif(sum(balance) FILTER (WHERE five_class IS NOT NULL), 0)`,
    needs: ['five_class', 'balance'],
  },
  nplRatioCount: {
    sql: `count(*) FILTER (WHERE is_npl AND ${LIVE}) / nullif(count(five_class) FILTER (WHERE ${LIVE}), 0)`,
    needs: ['five_class'],
  },
  defaultRate: { sql: 'count(*) FILTER (WHERE is_defaulted) / nullif(count(*), 0)', needs: [DEFAULT_OUTCOME] },
  chargeOffRate: {
    sql: 'coalesce(sum(chargeoff_amount) FILTER (WHERE is_defaulted), 0) / nullif(sum(amount) FILTER (WHERE is_defaulted), 0)',
    needs: ['chargeoff_amount', 'amount', DEFAULT_OUTCOME],
  },
  recoveryRate: {
    sql: 'coalesce(sum(recovery_amount) FILTER (WHERE chargeoff_amount > 0), 0) / nullif(sum(chargeoff_amount) FILTER (WHERE chargeoff_amount > 0), 0)',
    needs: ['recovery_amount', 'chargeoff_amount'],
  },
  inclusiveBalanceShare: {
    sql: 'coalesce(sum(balance) FILTER (WHERE is_inclusive_sme), 0) / nullif(sum(balance) FILTER (WHERE is_inclusive_sme IS NOT NULL), 0)',
    needs: ['enterprise_size', 'balance'],
  },
  inclusiveNplRatio: {
    sql: `${npl(' AND is_inclusive_sme')} / nullif(sum(balance) FILTER (WHERE is_inclusive_sme AND five_class IS NOT NULL), 0)`,
    needs: ['enterprise_size', 'five_class', 'balance'],
  },
  expectedLoss: { sql: `sum(pd * coalesce(lgd, ${ESTIMATED_LGD}) * balance)`, needs: EL_NEEDS },
  expectedLossCoverage: {
    sql: `coalesce(sum(balance) FILTER (WHERE pd IS NOT NULL AND coalesce(lgd, ${ESTIMATED_LGD}) IS NOT NULL), 0) / nullif(sum(balance), 0)`,
    needs: EL_NEEDS,
  },
  provisionCoverage: { sql: `sum(reserve) / nullif(${npl('')}, 0)`, needs: ['reserve', 'five_class', 'balance'] },
  loanProvisionRatio: { sql: 'sum(reserve) / nullif(sum(balance), 0)', needs: ['reserve', 'balance'] },
} as const satisfies Record<string, FigureDef>;

export type OverviewFigureKey = keyof typeof FIGURES;
export const OVERVIEW_FIGURES = Object.keys(FIGURES) as OverviewFigureKey[];

/** Canonical fields each headline figure needs (any-of groups listed in full). */
export function overviewFigureNeeds(key: OverviewFigureKey): string[] {
  return fieldsOf(FIGURES[key].needs);
}

export interface Overview {
  figures: Record<OverviewFigureKey, Figure>;
  /** Inclusive-SME NPL ratio against the bank's NPL ratio (both by balance, same population). */
  inclusiveTolerance: InclusiveTolerance;
}

export interface OverviewOptions extends ScopeOptions {
  /** Fields the user mapped; when given, an unmapped field counts as missing even if it has values. */
  mapped?: ReadonlySet<string>;
  /** Defaults to DOMAIN.md's 3 percentage points. */
  inclusiveTolerancePoints?: number;
}

/** One query for all headline tiles of the filtered population. */
export function overviewQuery(filters: FilterSet, options: OverviewOptions = {}): MetricQuery<Overview> {
  const base = scope(filters, options);
  const fields = fieldsOf(OVERVIEW_FIGURES.flatMap((k) => FIGURES[k].needs));
  const aggregates = OVERVIEW_FIGURES.map((k) => `${FIGURES[k].sql} AS ${ident(k)}`).join(',\n  ');
  const sql = `${base.sql},
presence AS (${presenceSql(fields)}),
agg AS (SELECT ${aggregates} FROM f)
SELECT * FROM agg, presence`;
  return {
    needs: [],
    sql,
    params: base.params,
    shape(table) {
      const row = firstRow(rows(table));
      const figures = Object.fromEntries(
        OVERVIEW_FIGURES.map((k) => [k, figure(numOrNull(row[k]), FIGURES[k].needs, row, options.mapped)]),
      ) as Record<OverviewFigureKey, Figure>;
      return {
        figures,
        inclusiveTolerance: inclusiveTolerance(
          figures.inclusiveNplRatio.value,
          figures.nplRatioBalance.value,
          options.inclusiveTolerancePoints ?? INCLUSIVE_NPL_TOLERANCE_POINTS,
        ),
      };
    },
  };
}
