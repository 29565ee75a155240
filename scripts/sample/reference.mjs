/**
 * The fixed facts of fictional Bank A: its calendar, branches, industries, products, rating scale
 * and the planted mechanisms with their default-rate multipliers. Everything tunable lives here.
 */
import { dayOf } from './calendar.mjs';

export const DEFAULT_SEED = 20251231;
export const DEFAULT_LOANS = 20_000;
export const FIRST_ORIGINATION = dayOf('2021-01-01');
export const LAST_ORIGINATION = dayOf('2025-12-31');
export const AS_OF = dayOf('2025-12-31');

/** [branch, city, weight of borrowers]; the city is the borrower's region. */
export const BRANCHES = /** @type {const} */ ([
  ['杭州城西支行', '杭州', 10],
  ['杭州滨江支行', '杭州', 9],
  ['杭州萧山支行', '杭州', 9],
  ['宁波鄞州支行', '宁波', 9],
  ['宁波江北支行', '宁波', 7],
  ['温州鹿城支行', '温州', 8],
  ['温州瑞安支行', '温州', 7],
  ['嘉兴南湖支行', '嘉兴', 8],
  ['湖州吴兴支行', '湖州', 7],
  ['绍兴柯桥支行', '绍兴', 9],
  ['金华义乌支行', '金华', 10],
  ['台州路桥支行', '台州', 7],
]);

/** P2: construction and real estate are steered into these two branches. */
export const CONCENTRATION_BRANCHES = ['杭州萧山支行', '宁波鄞州支行'];
export const CONCENTRATION_INDUSTRIES = ['E', 'K'];
export const CONCENTRATION_STEER = 0.65;
/** P1: the branch that keeps seriously overdue loans in the performing classes. */
export const EXCEPTION_BRANCH = '温州瑞安支行';
export const EXCEPTION_SHARE = 0.7;
/** Branches whose approvals are slow (P3 turnaround). */
export const SLOW_BRANCHES = ['湖州吴兴支行', '台州路桥支行'];

/**
 * GB/T 4754-2017 sections used: [letter, trade word for names, weight of borrowers,
 * relative default risk, loan size factor, size mix micro/small/medium].
 * @type {readonly (readonly [string, string, number, number, number, readonly [number, number, number]])[]}
 */
export const INDUSTRIES = [
  ['A', '农业开发', 3, 1.1, 0.8, [0.7, 0.25, 0.05]],
  ['C', '制造', 27, 1.0, 1.0, [0.45, 0.42, 0.13]],
  ['D', '能源', 1, 0.7, 1.4, [0.3, 0.5, 0.2]],
  ['E', '建筑工程', 13, 1.3, 2.0, [0.35, 0.45, 0.2]],
  ['F', '商贸', 24, 1.1, 0.8, [0.65, 0.3, 0.05]],
  ['G', '物流', 6, 1.0, 0.9, [0.6, 0.33, 0.07]],
  ['H', '餐饮', 5, 1.3, 0.6, [0.8, 0.18, 0.02]],
  ['I', '信息技术', 5, 0.8, 0.8, [0.55, 0.38, 0.07]],
  ['K', '置业', 6, 1.8, 1.7, [0.3, 0.45, 0.25]],
  ['L', '商务服务', 5, 1.0, 0.8, [0.65, 0.3, 0.05]],
  ['M', '科技', 2, 0.8, 0.8, [0.6, 0.33, 0.07]],
  ['O', '家政服务', 2, 1.1, 0.5, [0.85, 0.14, 0.01]],
  ['Q', '医疗', 1, 0.8, 1.0, [0.6, 0.33, 0.07]],
];

/**
 * Products (English keys; Chinese labels documented in the README): [key, weight, terms in
 * months, repayment methods, collateral mix].
 * @type {Record<string, { terms: readonly number[], repayment: readonly (readonly [string, number])[], collateral: readonly (readonly [string, number])[], risk: number }>}
 */
export const PRODUCTS = {
  working_capital: {
    terms: [6, 12, 12, 12, 12, 24],
    repayment: [['interest_only', 0.7], ['equal_principal', 0.3]],
    collateral: [['real_estate', 45], ['equipment', 10], ['receivables', 15], ['deposit', 3], ['none', 27]],
    risk: 1.0,
  },
  fixed_asset: {
    terms: [36, 48, 60],
    repayment: [['equal_principal', 0.6], ['equal_installment', 0.4]],
    collateral: [['real_estate', 60], ['equipment', 30], ['none', 10]],
    risk: 1.0,
  },
  trade_finance: {
    terms: [3, 6, 6, 12],
    repayment: [['bullet', 1]],
    collateral: [['receivables', 60], ['deposit', 20], ['none', 20]],
    risk: 0.8,
  },
  business_personal: {
    terms: [12, 24, 36],
    repayment: [['equal_installment', 0.8], ['interest_only', 0.2]],
    collateral: [['real_estate', 60], ['none', 40]],
    risk: 1.1,
  },
  inclusive_credit: {
    terms: [12, 12, 24],
    repayment: [['equal_installment', 1]],
    collateral: [['none', 1]],
    risk: 1.3,
  },
};

/** Product mix by enterprise size. */
export const PRODUCT_MIX = {
  micro: [['working_capital', 30], ['business_personal', 38], ['inclusive_credit', 22], ['trade_finance', 6], ['fixed_asset', 4]],
  small: [['working_capital', 55], ['fixed_asset', 14], ['trade_finance', 14], ['business_personal', 10], ['inclusive_credit', 7]],
  medium: [['working_capital', 55], ['fixed_asset', 28], ['trade_finance', 17]],
};

/** Loan-to-value bounds by collateral type, and the share of the exposure recovered after default. */
export const COLLATERAL = {
  real_estate: { ltv: [0.4, 0.7], recovery: [0.4, 0.8] },
  equipment: { ltv: [0.5, 0.8], recovery: [0.15, 0.45] },
  receivables: { ltv: [0.6, 0.9], recovery: [0.2, 0.5] },
  deposit: { ltv: [0.9, 1.0], recovery: [0.85, 1.0] },
  none: { ltv: [1, 1], recovery: [0.0, 0.25] },
};

/** Internal rating master scale: [grade, share of borrowers, one-year PD, rate spread over LPR]. */
export const RATINGS = /** @type {const} */ ([
  ['AAA', 0.03, 0.003, 0.004],
  ['AA', 0.08, 0.005, 0.006],
  ['A', 0.2, 0.008, 0.009],
  ['BBB', 0.27, 0.015, 0.013],
  ['BB', 0.22, 0.028, 0.018],
  ['B', 0.12, 0.05, 0.024],
  ['CCC', 0.06, 0.1, 0.03],
  ['C', 0.02, 0.2, 0.036],
]);

/** One-year loan prime rate by year of origination. */
export const LPR = { 2021: 0.0385, 2022: 0.037, 2023: 0.0355, 2024: 0.0335, 2025: 0.03 };

/** Approval levels with the personal authorities of their approvers, CNY. */
export const APPROVAL_LEVELS = /** @type {const} */ ([
  ['sub_branch', [500_000, 1_000_000, 2_000_000, 3_000_000]],
  ['branch', [5_000_000, 10_000_000]],
  ['head_office', [30_000_000, 50_000_000]],
]);

export const SKIPPED_STEPS = ['site_visit', 'credit_investigation', 'collateral_appraisal', 'review_committee'];

/** Loan-loss reserve rate by reported five-category class. */
export const RESERVE_RATES = { 1: 0.015, 2: 0.05, 3: 0.3, 4: 0.6, 5: 1.0 };

/** Lifetime default probability of a loan before rating, industry, product and planted effects. */
export const BASE_PD = 0.016;
export const PD_CAP = 0.85;

/** Planted mechanisms: prevalence knobs and the default-probability multiplier each applies. */
export const PLANTED = {
  untrained_officer: { multiplier: 2.0 }, // C4: tenure < 12 months or no training in the prior year
  missed_inspection: { multiplier: 2.2, share: 0.2 }, // C3: no post-loan inspection within 90 days
  process_breach: { multiplier: 2.0, skipped: 0.05, disbursedFirst: 0.03 }, // P3
  approval_exception: { multiplier: 1.8, exception: 0.06, overLimit: 0.04 }, // C2
  info_asymmetry: { multiplier: 2.0, newToBank: 0.3, early: 0.7 }, // C1
};
