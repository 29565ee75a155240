/**
 * Loans of one borrower, one after another: terms, the approval trail, the officer, the planted
 * mechanisms that raise the lifetime default probability, and the latent repayment path (when
 * the loan falls overdue, whether it cures, defaults, is written off). Balances, DPD and classes
 * are computed from this path in SQL (see book.sql.mjs).
 */
import { addMonths, yearOf } from './calendar.mjs';
import { officerOn, tenureMonths, trainingHours } from './officers.mjs';
import { weightedTable } from './prng.mjs';
import {
  APPROVAL_LEVELS,
  AS_OF,
  BASE_PD,
  COLLATERAL,
  EXCEPTION_BRANCH,
  EXCEPTION_SHARE,
  INDUSTRIES,
  LPR,
  PD_CAP,
  PLANTED,
  PRODUCT_MIX,
  PRODUCTS,
  RATINGS,
  SKIPPED_STEPS,
  SLOW_BRANCHES,
} from './reference.mjs';

/** How the reported class relates to the DPD floor (see book.sql.mjs). */
export const CLASS_MODE = { floor: 0, prudent: 1, capSpecialMention: 2, stayNormal: 3 };

const INDUSTRY_RISK = new Map(INDUSTRIES.map(([letter, , , risk]) => [letter, risk]));
const MIX_TABLES = Object.fromEntries(Object.entries(PRODUCT_MIX).map(([size, pairs]) => [size, weightedTable(/** @type {[string, number][]} */ (pairs))]));
const REPAYMENT_TABLES = Object.fromEntries(Object.entries(PRODUCTS).map(([k, p]) => [k, weightedTable(p.repayment)]));
const COLLATERAL_TABLES = Object.fromEntries(Object.entries(PRODUCTS).map(([k, p]) => [k, weightedTable(p.collateral)]));
const SECURED_GUARANTEE = weightedTable([['none', 70], ['third_party', 20], ['guarantee_company', 10]]);
const UNSECURED_GUARANTEE = weightedTable([['none', 35], ['guarantee_company', 30], ['third_party', 25], ['joint', 10]]);
const PRODUCT_SPREAD = { working_capital: 0, fixed_asset: 0.002, trade_finance: -0.002, business_personal: 0.008, inclusive_credit: 0.005 };
const BULLET_LIKE = new Set(['interest_only', 'bullet']);

/**
 * @typedef {object} LoanContext
 * @property {import('./prng.mjs').Rng} rng
 * @property {Map<string, import('./officers.mjs').Officer[][]>} officers
 * @property {import('./borrowers.mjs').Borrower} borrower
 * @property {number} relationshipStart day
 */

/**
 * @param {LoanContext} ctx
 * @param {string} loanId
 * @param {number} orig origination (= disbursement) day
 * @param {boolean} isRenewal
 */
export function createLoan(ctx, loanId, orig, isRenewal) {
  const { rng, borrower: b } = ctx;
  const product = b.anchor ? (rng.chance(0.3) ? 'fixed_asset' : 'working_capital') : rng.weighted(MIX_TABLES[b.size]);
  const spec = PRODUCTS[product];
  const term = rng.pick(spec.terms);
  const repayment = rng.weighted(REPAYMENT_TABLES[product]);
  const maturity = addMonths(orig, term);
  const amount = Math.min(50_000_000, Math.max(10_000, Math.round((b.typicalAmount * rng.uniform(0.7, 1.3)) / 10_000) * 10_000));
  const rating = Math.min(RATINGS.length - 1, Math.max(0, b.rating + (rng.chance(0.2) ? -1 : 0) + (rng.chance(0.2) ? 1 : 0)));
  const [grade, , pd, spread] = RATINGS[rating];
  const rate = LPR[/** @type {keyof typeof LPR} */ (yearOf(orig))] + spread + PRODUCT_SPREAD[/** @type {keyof typeof PRODUCT_SPREAD} */ (product)] + 0.002 * rng.normal();
  const collateralType = b.anchor ? 'real_estate' : rng.weighted(COLLATERAL_TABLES[product]);
  const { ltv, recovery } = COLLATERAL[/** @type {keyof typeof COLLATERAL} */ (collateralType)];
  const guarantee = rng.weighted(collateralType === 'none' ? UNSECURED_GUARANTEE : SECURED_GUARANTEE);

  const officer = officerOn(rng, /** @type {import('./officers.mjs').Officer[][]} */ (ctx.officers.get(b.branch)), orig);
  const tenure = tenureMonths(officer, orig);
  const training = trainingHours(officer, orig);

  const approval = approvalTrail(rng, b.branch, orig, amount);
  const planted = {
    untrained_officer: tenure < 12 || training === 0,
    missed_inspection: rng.chance(PLANTED.missed_inspection.share),
    process_breach: approval.skippedStep !== null || approval.approval > orig,
    approval_exception: approval.exception || amount > approval.limit,
    info_asymmetry: orig - ctx.relationshipStart < 183 || !b.hasStatements,
  };
  const multiplier = Object.entries(planted).reduce((m, [k, on]) => (on ? m * PLANTED[/** @type {keyof typeof PLANTED} */ (k)].multiplier : m), 1);
  const background = ((pd / 0.015) ** 0.7) * /** @type {number} */ (INDUSTRY_RISK.get(b.industry)) * spec.risk * Math.sqrt(term / 12) * (isRenewal ? 1.3 : 1);
  const lifetimePd = Math.min(PD_CAP, BASE_PD * background * multiplier);

  const path = repaymentPath(rng, { orig, maturity, repayment, lifetimePd, early: planted.info_asymmetry && rng.chance(PLANTED.info_asymmetry.early) });
  const hidden = path.defaultDay !== null && path.defaultDay <= AS_OF && b.branch === EXCEPTION_BRANCH && rng.chance(EXCEPTION_SHARE);
  const classMode = hidden
    ? rng.chance(0.35) ? CLASS_MODE.stayNormal : CLASS_MODE.capSpecialMention
    : path.latentDefault && rng.chance(0.3) ? CLASS_MODE.prudent : CLASS_MODE.floor;
  // a branch that hides bad loans rarely writes them off either
  if (hidden && rng.chance(0.7)) path.chargeoffDay = null;
  const inspections = inspectionDates(rng, planted.missed_inspection, orig, path);

  return {
    loan_id: loanId,
    borrower_id: b.id,
    borrower_name: b.name,
    group_id: b.groupId,
    enterprise_size: b.size,
    staff_count: b.staff,
    revenue: b.revenue,
    total_assets: b.assets,
    industry: b.industry,
    region: b.region,
    relationship_start: ctx.relationshipStart,
    has_financial_statements: b.hasStatements,
    credit_line: b.creditLine,
    branch: b.branch,
    officer_id: officer.id,
    officer_tenure_months: tenure,
    officer_training_hours: training,
    product,
    origination: orig,
    maturity,
    amount,
    interest_rate: Math.round(Math.min(0.12, Math.max(0.025, rate)) * 10_000) / 10_000,
    term_months: term,
    repayment_method: repayment,
    collateral_type: collateralType,
    collateral_value: collateralType === 'none' ? null : Math.round(amount / rng.uniform(ltv[0], ltv[1]) / 100) * 100,
    guarantee_type: guarantee,
    is_renewal: isRenewal,
    is_restructured: path.restructured,
    rating: grade,
    pd,
    application: approval.application,
    approval: approval.approval,
    approval_level: approval.level,
    approver_limit: approval.limit,
    approval_exception: approval.exception,
    skipped_step: approval.skippedStep,
    first_inspection: inspections.length > 0 ? inspections[0].day : null,
    last_inspection: inspections.length > 0 ? inspections[inspections.length - 1].day : null,
    d0: path.d0,
    cure: path.cure,
    default_day: path.defaultDay !== null && path.defaultDay <= AS_OF ? path.defaultDay : null,
    chargeoff_day: path.chargeoffDay,
    recovery_rate: path.chargeoffDay === null ? null : Math.min(1, rng.uniform(recovery[0], recovery[1]) + (guarantee === 'guarantee_company' ? 0.2 : 0)),
    watch_from: path.watchFrom,
    class_mode: classMode,
    p_concentration: b.steered,
    p_class_exception: classMode === CLASS_MODE.capSpecialMention || classMode === CLASS_MODE.stayNormal,
    p_untrained_officer: planted.untrained_officer,
    p_missed_inspection: planted.missed_inspection,
    p_process_breach: planted.process_breach,
    p_approval_exception: planted.approval_exception,
    p_info_asymmetry: planted.info_asymmetry,
    p_multiplier: multiplier,
    p_lifetime_pd: Math.round(lifetimePd * 1e6) / 1e6,
    inspections,
    latentDefault: path.latentDefault,
  };
}

/**
 * Application → approval → disbursement, with the planted breaches: a skipped step, disbursement
 * before approval (P3), a policy exception or an approver signing above their authority (C2).
 * @param {import('./prng.mjs').Rng} rng
 * @param {string} branch
 * @param {number} orig
 * @param {number} amount
 */
function approvalTrail(rng, branch, orig, amount) {
  const { skipped, disbursedFirst } = PLANTED.process_breach;
  const skippedStep = rng.chance(skipped) ? rng.pick(SKIPPED_STEPS) : null;
  const turnaround = Math.min(90, Math.max(1, Math.round(Math.exp(Math.log(SLOW_BRANCHES.includes(branch) ? 15 : 6) + 0.6 * rng.normal()))));
  let approval, application;
  if (skippedStep === null && rng.chance(disbursedFirst / (1 - skipped))) {
    approval = orig + rng.int(1, 12);
    application = orig - rng.int(2, 10);
  } else {
    approval = orig - Math.min(30, Math.max(0, Math.round(Math.exp(Math.log(3) + 0.7 * rng.normal()))));
    application = approval - turnaround;
  }
  const authorities = APPROVAL_LEVELS.flatMap(([level, limits]) => limits.map((limit) => /** @type {const} */ ([level, limit])));
  const within = authorities.filter(([, limit]) => limit >= amount);
  const needed = within.filter(([level]) => level === within[0][0]);
  const below = authorities.filter(([, limit]) => limit < amount);
  const { exception, overLimit } = PLANTED.approval_exception;
  const [level, limit] = below.length > 0 && rng.chance(overLimit) ? below[below.length - 1] : rng.pick(needed);
  return { application, approval, skippedStep, level, limit, exception: rng.chance(exception) };
}

/**
 * When the loan falls overdue (d0, first day past due), whether it cures, when DPD passes 90
 * (default), when it is written off; facts after the as-of date are withheld.
 * @param {import('./prng.mjs').Rng} rng
 * @param {{ orig: number, maturity: number, repayment: string, lifetimePd: number, early: boolean }} loan
 */
function repaymentPath(rng, { orig, maturity, repayment, lifetimePd, early }) {
  const termDays = maturity - orig;
  const latentDefault = rng.chance(lifetimePd);
  /** @type {number | null} */ let d0 = null;
  /** @type {number | null} */ let cure = null;
  /** @type {number | null} */ let watchFrom = null;
  /** @type {number | null} */ let defaultDay = null;
  /** @type {number | null} */ let chargeoffDay = null;
  if (latentDefault) {
    if (early) d0 = orig + rng.int(35, 270);
    else if (BULLET_LIKE.has(repayment) && rng.chance(0.45)) d0 = maturity;
    else d0 = orig + Math.round(termDays * (0.35 + 0.65 * Math.sqrt(rng.next())));
    d0 = Math.max(orig + 35, Math.min(maturity, d0));
    defaultDay = d0 + 90;
    if (rng.chance(0.3)) watchFrom = Math.max(orig + 1, d0 - rng.int(30, 120));
    if (rng.chance(0.95)) chargeoffDay = defaultDay + rng.int(60, 420);
  } else if (rng.chance(Math.min(0.25, 1.2 * lifetimePd))) {
    d0 = orig + Math.round(termDays * rng.uniform(0.1, 0.9));
    cure = Math.min(maturity - 1, d0 + (rng.chance(0.7) ? rng.int(8, 45) : rng.int(46, 85)));
    if (cure <= d0) d0 = cure = null;
  } else if (rng.chance(0.03)) {
    watchFrom = orig + Math.round(termDays * rng.uniform(0.2, 0.8));
  }
  const restructured = cure !== null && cure <= AS_OF && rng.chance(0.25);
  const seen = (/** @type {number | null} */ day) => (day !== null && day <= AS_OF ? day : null);
  return {
    latentDefault,
    latentD0: d0,
    d0: seen(d0),
    cure: seen(d0) === null ? null : seen(cure),
    defaultDay,
    chargeoffDay: seen(chargeoffDay),
    watchFrom: seen(watchFrom),
    restructured,
    maturity,
  };
}

const ROUTINE = weightedTable([['normal_operations', 85], ['collateral_checked', 10], ['sales_decline', 5]]);
const WARNING = weightedTable([['sales_decline', 35], ['inventory_buildup', 25], ['funds_diverted', 15], ['borrower_unreachable', 10], ['normal_operations', 15]]);

/**
 * Post-loan inspections up to the as-of date; a neglected loan (C3) gets its first visit late or
 * never. Visits in the half year before a loan falls overdue tend to record warning signs.
 * @param {import('./prng.mjs').Rng} rng
 * @param {boolean} neglected
 * @param {number} orig
 * @param {ReturnType<typeof repaymentPath>} path
 * @returns {{ day: number, finding: string }[]}
 */
function inspectionDates(rng, neglected, orig, path) {
  if (neglected && rng.chance(0.45)) return [];
  const end = Math.min(AS_OF, path.d0 !== null && path.cure === null ? (path.chargeoffDay ?? AS_OF) : path.maturity - 1);
  const visits = [];
  for (let day = orig + (neglected ? rng.int(95, 250) : rng.int(15, 85)); day <= end; day += neglected ? rng.int(150, 365) : rng.int(75, 200)) {
    const d0 = path.latentD0;
    const finding =
      d0 !== null && day >= d0 && (path.cure === null || day < path.cure)
        ? 'overdue_follow_up'
        : path.latentDefault && d0 !== null && d0 - day <= 180
          ? rng.weighted(WARNING)
          : rng.weighted(ROUTINE);
    visits.push({ day, finding });
  }
  return visits;
}

