/**
 * The fixed facts of fictional Bank B, a rural commercial bank (农商银行) lending to farmers and
 * village businesses in the counties of one prefecture: its calendar, branches, industries,
 * seasons and the three planted stories (price shock, broker fraud, seasonal repayment).
 * Everything tunable lives here.
 */
import { dayOf } from '../calendar.mjs';
import { AS_OF as SHARED_AS_OF } from '../reference.mjs';

export const DEFAULT_SEED = 20240601;
export const DEFAULT_LOANS = 8_000;
export const FIRST_ORIGINATION = dayOf('2022-01-01');
export const LAST_ORIGINATION = dayOf('2025-12-31');
/** The canonical build SQL (book.sql.mjs) is written for this as-of date. */
export const AS_OF = SHARED_AS_OF;

/** [branch, county (the region), weight of borrowers]. */
export const BRANCHES = /** @type {const} */ ([
  ['南部县城关支行', '南部县', 12],
  ['南部县升钟支行', '南部县', 9],
  ['仪陇县新政支行', '仪陇县', 11],
  ['仪陇县金城支行', '仪陇县', 8],
  ['阆中市保宁支行', '阆中市', 11],
  ['营山县朗池支行', '营山县', 10],
  ['蓬安县相如支行', '蓬安县', 9],
  ['西充县晋城支行', '西充县', 8],
  ['顺庆区营业部', '顺庆区', 10],
]);

/**
 * Industries as a rural export names them (行业), with the GB/T 4754 section used for the MIIT
 * size rule: [industry, section, weight, relative default risk, loan size factor, share small
 * (the rest micro), seasonal (income at harvest)].
 * @type {readonly (readonly [string, string, number, number, number, number, boolean])[]}
 */
export const INDUSTRIES = [
  ['种植业', 'A', 30, 1.0, 0.8, 0.08, true],
  ['畜牧业', 'A', 22, 1.1, 1.2, 0.15, true],
  ['渔业', 'A', 4, 1.1, 0.9, 0.1, true],
  ['农副食品加工业', 'C', 8, 0.9, 1.6, 0.35, true],
  ['批发和零售业', 'F', 18, 1.0, 0.9, 0.12, false],
  ['住宿和餐饮业', 'H', 6, 1.2, 0.8, 0.1, false],
  ['交通运输业', 'G', 5, 1.0, 1.0, 0.12, false],
  ['居民服务业', 'O', 4, 1.0, 0.6, 0.05, false],
  ['建筑业', 'E', 3, 1.3, 1.5, 0.3, false],
];
/** In the shock county most farms raise hogs: livestock weight there is multiplied by this. */
export const SHOCK_COUNTY_LIVESTOCK_WEIGHT = 2.2;

/** Internal rating master scale: [grade, share of borrowers, one-year PD, rate spread over LPR]. */
export const RATINGS = /** @type {const} */ ([
  ['AA', 0.06, 0.006, 0.012],
  ['A', 0.2, 0.01, 0.016],
  ['BBB', 0.32, 0.018, 0.02],
  ['BB', 0.24, 0.03, 0.025],
  ['B', 0.13, 0.05, 0.03],
  ['CCC', 0.05, 0.1, 0.036],
]);

/** One-year loan prime rate by year of origination. */
export const LPR = { 2022: 0.037, 2023: 0.0355, 2024: 0.0335, 2025: 0.03 };

/** Approver authorities, CNY: a sub-branch manager signs up to 300,000. */
export const APPROVAL_LEVELS = /** @type {const} */ ([
  ['sub_branch', 300_000],
  ['branch', 1_000_000],
  ['head_office', 5_000_000],
]);

/** Loan-loss reserve rate by reported five-category class (same as Bank A). */
export const RESERVE_RATES = { 1: 0.015, 2: 0.05, 3: 0.3, 4: 0.6, 5: 1.0 };

/** Lifetime default probability before rating, industry, term and the planted stories. */
export const BASE_PD = 0.03;
export const PD_CAP = 0.85;

/**
 * Seasonal repayment: farm loans are interest-only with the principal due at harvest (a balloon
 * in October–December); their cash runs short in the off-season, when missed interest payments
 * start (months 4–8) and cure after the harvest.
 */
export const SEASONAL = {
  harvestMonths: [10, 11, 12],
  /** Months (1–12) in which an off-season delinquency of a seasonal loan starts, with weights. */
  offSeasonStart: /** @type {readonly (readonly [number, number])[]} */ ([[4, 1], [5, 2], [6, 3], [7, 3], [8, 2]]),
  /** Share of seasonal loans with an off-season delinquency that cures; non-seasonal loans: `other`. */
  delinquencyShare: 0.22,
  otherDelinquencyShare: 0.05,
};

/**
 * Price shock: the hog price collapses from SHOCK.date; livestock borrowers of one county whose
 * loan is on the book at that date, or originated in the year after, default far more, and soon.
 */
export const SHOCK = {
  date: dayOf('2023-05-01'),
  county: '南部县',
  industry: '畜牧业',
  /** Loans originated up to this day after the shock are still hit (prices recover later). */
  until: dayOf('2024-04-30'),
  multiplier: 6.0,
  /** A hit loan that defaults falls overdue this many days after the shock (or its origination). */
  lag: /** @type {const} */ ([45, 330]),
};

/**
 * Broker fraud: one introducer brings borrowers, new to the bank and without statements, to one
 * officer of one sub-branch over a few months; loans just under the sub-branch authority, joint
 * guarantees among the introduced, no visits. Most never make the first payment.
 */
export const FRAUD = {
  branch: '仪陇县新政支行',
  from: dayOf('2024-03-01'),
  to: dayOf('2024-10-31'),
  loans: 96,
  amount: /** @type {const} */ ([260_000, 300_000]),
  /** Share of the introduced loans that never pay (first-payment default). */
  firstPaymentDefault: 0.85,
};
