import { rows } from '../../db/rows';
import type { FilterSet } from '../../sql/filters';
import { ident } from '../../sql/quote';
import { aggregateQuery, type AggregatePlan, type AggregateQuery } from '../plan';
import { DEFAULT_OUTCOME, figure, fieldsOf, presenceSql, type Figure, type Requirement } from './requirements';
import type { ScopeOptions } from './sql';
import { inclusiveTolerance, INCLUSIVE_NPL_TOLERANCE_POINTS, type InclusiveTolerance } from './tolerance';
import { firstRow, numOrNull } from './values';

interface FigureDef {
  /** The figure from the measures (and, for book-level constants, `src`). */
  sql: string;
  needs: readonly Requirement[];
}

/**
 * The book's realised LGD over charged-off loans (whole book, so a filter does not starve it), the
 * same constant for every date (as the ECL screen uses it): as of a past snapshot the loans then on
 * the book have seldom been charged off yet, and their own LGD would be empty or a handful of cases.
 */
export const BOOK_LGD_SQL = '(SELECT book_lgd FROM book_presence)';
const EL_NEEDS: readonly Requirement[] = ['pd', 'balance', { anyOf: ['lgd', 'chargeoff_amount'] }];

/** A loan still on the book. */
const LIVE = 'coalesce(balance, 1) > 0';

/**
 * Counts and sums of the filtered loans every headline figure is computed from. They add up over
 * any partition of the loans, so a pre-aggregate answers them (metrics/plan.ts).
 */
export const MEASURES = {
  loans: 'count(*)',
  balance: 'sum(balance)',
  amount_sum: 'sum(amount)',
  amount_n: 'count(amount)',
  rate_x_balance: 'sum(interest_rate * balance)',
  rated_balance: 'sum(balance) FILTER (WHERE interest_rate IS NOT NULL)',
  npl_balance: 'coalesce(sum(balance) FILTER (WHERE is_npl), 0)',
  classified_balance: 'sum(balance) FILTER (WHERE five_class IS NOT NULL)',
  npl_live: 'count(*) FILTER (WHERE is_npl AND ' + LIVE + ')',
  classified_live: 'count(five_class) FILTER (WHERE ' + LIVE + ')',
  defaults: 'count(*) FILTER (WHERE is_defaulted)',
  defaulted_chargeoff: 'coalesce(sum(chargeoff_amount) FILTER (WHERE is_defaulted), 0)',
  defaulted_amount: 'sum(amount) FILTER (WHERE is_defaulted)',
  recovered: 'coalesce(sum(recovery_amount) FILTER (WHERE chargeoff_amount > 0), 0)',
  charged_off: 'sum(chargeoff_amount) FILTER (WHERE chargeoff_amount > 0)',
  inclusive_balance: 'coalesce(sum(balance) FILTER (WHERE is_inclusive_sme), 0)',
  sized_balance: 'sum(balance) FILTER (WHERE is_inclusive_sme IS NOT NULL)',
  inclusive_npl_balance: 'coalesce(sum(balance) FILTER (WHERE is_npl AND is_inclusive_sme), 0)',
  inclusive_classified_balance: 'sum(balance) FILTER (WHERE is_inclusive_sme AND five_class IS NOT NULL)',
  // EL = Σ PD × LGD × EAD, split by whether the loan carries its own LGD (else the book's estimate).
  el_own_lgd: 'sum(pd * lgd * balance)',
  el_pd_balance_no_lgd: 'sum(pd * balance) FILTER (WHERE lgd IS NULL)',
  el_balance_own_lgd: 'coalesce(sum(balance) FILTER (WHERE pd IS NOT NULL AND lgd IS NOT NULL), 0)',
  el_balance_no_lgd: 'coalesce(sum(balance) FILTER (WHERE pd IS NOT NULL AND lgd IS NULL), 0)',
  reserve: 'sum(reserve)',
} as const;

/** Distinct borrowers do not add up over a partition (plan.ts `distinct`). */
const DISTINCT = { borrowers: 'borrower_id' } as const;

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
export const FIGURES = {
  loans: { sql: 'loans', needs: [] },
  borrowers: { sql: 'borrowers', needs: ['borrower_id'] },
  outstandingBalance: { sql: 'coalesce(balance, 0)', needs: ['balance'] },
  averageLoanAmount: { sql: 'amount_sum / nullif(amount_n, 0)', needs: ['amount'] },
  weightedInterestRate: { sql: 'rate_x_balance / nullif(rated_balance, 0)', needs: ['interest_rate', 'balance'] },
  nplRatioBalance: { sql: 'npl_balance / nullif(classified_balance, 0)', needs: ['five_class', 'balance'] },
  nplRatioCount: { sql: 'npl_live / nullif(classified_live, 0)', needs: ['five_class'] },
  defaultRate: { sql: 'defaults / nullif(loans, 0)', needs: [DEFAULT_OUTCOME] },
  chargeOffRate: { sql: 'defaulted_chargeoff / nullif(defaulted_amount, 0)', needs: ['chargeoff_amount', 'amount', DEFAULT_OUTCOME] },
  recoveryRate: { sql: 'recovered / nullif(charged_off, 0)', needs: ['recovery_amount', 'chargeoff_amount'] },
  inclusiveBalanceShare: { sql: 'inclusive_balance / nullif(sized_balance, 0)', needs: ['enterprise_size', 'balance'] },
  inclusiveNplRatio: { sql: 'inclusive_npl_balance / nullif(inclusive_classified_balance, 0)', needs: ['enterprise_size', 'five_class', 'balance'] },
  expectedLoss: {
    sql: `CASE WHEN el_own_lgd IS NULL AND (el_pd_balance_no_lgd IS NULL OR book_lgd IS NULL) THEN NULL
      ELSE coalesce(el_own_lgd, 0) + coalesce(el_pd_balance_no_lgd * book_lgd, 0) END`,
    needs: EL_NEEDS,
  },
  expectedLossCoverage: {
    sql: 'coalesce(el_balance_own_lgd + CASE WHEN book_lgd IS NULL THEN 0 ELSE el_balance_no_lgd END, 0) / nullif(balance, 0)',
    needs: EL_NEEDS,
  },
  provisionCoverage: { sql: 'reserve / nullif(npl_balance, 0)', needs: ['reserve', 'five_class', 'balance'] },
  loanProvisionRatio: { sql: 'reserve / nullif(balance, 0)', needs: ['reserve', 'balance'] },
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
export function overviewQuery(filters: FilterSet, options: OverviewOptions = {}): AggregateQuery<Overview> {
  const fields = fieldsOf(OVERVIEW_FIGURES.flatMap((k) => FIGURES[k].needs));
  const figures = OVERVIEW_FIGURES.map((k) => `${FIGURES[k].sql} AS ${ident(k)}`).join(',\n  ');
  const plan: AggregatePlan = {
    filters,
    source: { asOf: options.asOf },
    groupBy: {},
    measures: MEASURES,
    distinct: DISTINCT,
    finish: `, presence AS (${presenceSql(fields)}),
lgd AS (SELECT ${BOOK_LGD_SQL} AS book_lgd)
SELECT ${figures}, presence.* FROM agg, lgd, presence`,
  };
  return aggregateQuery(plan, [], (table) => {
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
  });
}
