/**
 * Bank B's borrowers and loans: farms and village businesses, seasonal farm loans with the
 * principal due at harvest, the hog-price shock in one county and the broker's introduced loans.
 * Each loan carries its latent repayment path (when it falls overdue, cures, defaults, is written
 * off), which the shared canonical SQL (../book.sql.mjs) turns into balances, DPD and classes.
 */
import { addMonths, dayOf, yearOf } from '../calendar.mjs';
import { drawFirm, enterpriseSize } from '../miit.mjs';
import { officerOn, tenureMonths, trainingHours } from '../officers.mjs';
import { weightedTable } from '../prng.mjs';
import { CLASS_MODE } from '../loans.mjs';
import {
  APPROVAL_LEVELS,
  AS_OF,
  BASE_PD,
  BRANCHES,
  FRAUD,
  INDUSTRIES,
  LPR,
  PD_CAP,
  RATINGS,
  SEASONAL,
  SHOCK,
  SHOCK_COUNTY_LIVESTOCK_WEIGHT,
} from './reference.mjs';

/** @typedef {import('../prng.mjs').Rng} Rng */
/** @typedef {import('../officers.mjs').Officer} Officer */

/**
 * @typedef {object} Borrower
 * @property {string} id
 * @property {string} name
 * @property {string} industry
 * @property {string} section GB/T 4754 section of the industry
 * @property {boolean} seasonal income at harvest
 * @property {import('../miit.mjs').Size} size
 * @property {number} staff
 * @property {number} revenue
 * @property {number} assets
 * @property {string} region county
 * @property {string} branch
 * @property {boolean} hasStatements
 * @property {boolean} newToBank
 * @property {number} rating index into RATINGS
 * @property {number} typicalAmount
 * @property {number} creditLine
 * @property {boolean} introduced brought by the broker (FRAUD)
 */

const BRANCH_TABLE = weightedTable(BRANCHES.map((row) => [row, row[2]]));
const industryTable = (/** @type {boolean} */ shockCounty) =>
  weightedTable(INDUSTRIES.map((row) => [row, row[2] * (shockCounty && row[0] === SHOCK.industry ? SHOCK_COUNTY_LIVESTOCK_WEIGHT : 1)]));
const INDUSTRY_TABLES = { shock: industryTable(true), other: industryTable(false) };
const RATING_TABLE = weightedTable(RATINGS.map((_, i) => [i, RATINGS[i][1]]));
const INDUSTRY_RISK = new Map(INDUSTRIES.map((row) => [row[0], row[3]]));
const NAME_PARTS = '金土 丰收 青山 嘉陵 兴旺 福源 绿野 长乐 永丰 红星 新村 双河 桂花 龙泉 太平 富民 乐园 和平 清泉 稻香'.split(' ');
/** @type {Record<string, readonly string[]>} */
const NAME_SUFFIX = {
  种植业: ['种植专业合作社', '家庭农场', '果蔬种植基地'],
  畜牧业: ['生猪养殖场', '养殖专业合作社', '畜牧家庭农场'],
  渔业: ['水产养殖场', '渔业专业合作社'],
  农副食品加工业: ['粮油加工厂', '食品有限公司'],
  批发和零售业: ['农资经营部', '商贸有限公司', '便民超市'],
  住宿和餐饮业: ['农家乐', '餐饮店'],
  交通运输业: ['运输队', '物流有限公司'],
  居民服务业: ['家电维修部', '家政服务部'],
  建筑业: ['建筑劳务有限公司'],
};
/** Planting season: the month (1–12) a seasonal loan is drawn, with weights. */
const PLANTING = weightedTable([[1, 1], [2, 3], [3, 4], [4, 3], [5, 2], [6, 1], [7, 0.4], [8, 0.4], [9, 0.4], [10, 0.2], [11, 0.3], [12, 0.4]]);
const HARVEST = weightedTable(SEASONAL.harvestMonths.map((m) => [m, 1]));
const OFF_SEASON = new Map(SEASONAL.offSeasonStart);
const UNSECURED_GUARANTEE = weightedTable([['joint', 40], ['third_party', 35], ['guarantee_company', 10], ['none', 15]]);
const SECURED_GUARANTEE = weightedTable([['none', 70], ['third_party', 30]]);
const RECOVERY = { none: [0, 0.25], real_estate: [0.35, 0.75], equipment: [0.15, 0.45] };
const ROUTINE = weightedTable([['normal_operations', 88], ['collateral_checked', 8], ['sales_decline', 4]]);
const WARNING = weightedTable([['sales_decline', 40], ['inventory_buildup', 20], ['funds_diverted', 10], ['borrower_unreachable', 10], ['normal_operations', 20]]);
const SMALL_AMOUNT = [200_000, 3_000_000], MICRO_AMOUNT = [30_000, 450_000];

/** @param {number} x */
const roundTo = (x, /** @type {number} */ unit) => Math.round(x / unit) * unit;

/**
 * @param {Rng} rng
 * @param {number} serial
 * @param {number} width digits of the id
 * @returns {Borrower}
 */
export function createBorrower(rng, serial, width) {
  const [branch, county] = rng.weighted(BRANCH_TABLE);
  const [industry, section, , , sizeFactor, smallShare, seasonal] = rng.weighted(county === SHOCK.county ? INDUSTRY_TABLES.shock : INDUSTRY_TABLES.other);
  const size = rng.chance(smallShare) ? 'small' : 'micro';
  const firm = drawFirm(rng, section, size);
  if (enterpriseSize(section, firm.staff, firm.revenue, firm.assets) !== size) throw new Error(`firm ${JSON.stringify(firm)} is not ${size} in ${section}`);
  const [lo, hi] = size === 'small' ? SMALL_AMOUNT : MICRO_AMOUNT;
  const typicalAmount = Math.max(10_000, roundTo(rng.logUniform(lo, hi) * sizeFactor, 10_000));
  return {
    id: `B${String(serial).padStart(width, '0')}`,
    name: `${county.slice(0, 2)}${rng.pick(NAME_PARTS)}${rng.pick(NAME_SUFFIX[industry])}`,
    industry,
    section,
    seasonal,
    size,
    ...firm,
    region: county,
    branch,
    hasStatements: !rng.chance(size === 'micro' ? 0.55 : 0.2),
    newToBank: rng.chance(0.2),
    rating: rng.weighted(RATING_TABLE),
    typicalAmount,
    creditLine: Math.ceil((typicalAmount * rng.uniform(1.1, 1.8)) / 10_000) * 10_000,
    introduced: false,
  };
}

/**
 * A borrower the broker brings: a small business new to the bank, without statements,
 * rated well on the papers the broker prepared.
 * @param {Rng} rng
 * @param {number} serial
 * @param {number} width
 * @returns {Borrower}
 */
export function createIntroduced(rng, serial, width) {
  const row = /** @type {(typeof BRANCHES)[number]} */ (BRANCHES.find(([b]) => b === FRAUD.branch));
  // the trades written on the applications follow the county's usual mix, so no industry stands out
  const [industry, section] = rng.weighted(INDUSTRY_TABLES.other);
  const firm = drawFirm(rng, section, 'micro');
  return {
    id: `B${String(serial).padStart(width, '0')}`,
    name: `${row[1].slice(0, 2)}${rng.pick(NAME_PARTS)}${rng.pick(NAME_SUFFIX[industry])}`,
    industry,
    section,
    seasonal: false,
    size: 'micro',
    ...firm,
    region: row[1],
    branch: FRAUD.branch,
    hasStatements: false,
    newToBank: true,
    rating: rng.int(1, 2),
    typicalAmount: FRAUD.amount[1],
    creditLine: FRAUD.amount[1],
    introduced: true,
  };
}

/**
 * The first origination day of a borrower's first loan: uniform over the window, moved into the
 * planting season for seasonal borrowers.
 * @param {Rng} rng
 * @param {Borrower} b
 * @param {number} from
 */
export function seasonalStart(rng, b, from) {
  if (!b.seasonal) return from;
  const year = yearOf(from);
  const month = rng.weighted(PLANTING);
  const day = dayOf(`${year}-${String(month).padStart(2, '0')}-01`) + rng.int(0, 27);
  return day < from ? dayOf(`${year + 1}-${String(month).padStart(2, '0')}-01`) + rng.int(0, 27) : day;
}

/**
 * @typedef {object} LoanContext
 * @property {Rng} rng
 * @property {Map<string, Officer[][]>} officers
 * @property {Officer} fraudOfficer
 * @property {Borrower} borrower
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
  const fraud = b.introduced;
  const seasonal = !fraud && b.seasonal && rng.chance(0.85);
  /** @type {string} */ let product;
  /** @type {string} */ let repayment;
  /** @type {number} */ let term;
  if (fraud) {
    product = 'inclusive_credit';
    repayment = 'equal_installment';
    term = rng.pick([12, 24]);
  } else if (seasonal) {
    product = b.size === 'small' ? 'working_capital' : 'business_personal';
    repayment = 'interest_only';
    term = harvestTerm(rng, orig);
  } else if (b.seasonal) {
    product = 'fixed_asset';
    repayment = 'equal_principal';
    term = rng.pick([24, 36]);
  } else {
    product = rng.pick(['business_personal', 'business_personal', 'inclusive_credit', 'working_capital']);
    repayment = product === 'working_capital' ? 'interest_only' : rng.chance(0.8) ? 'equal_installment' : 'equal_principal';
    term = rng.pick([12, 12, 24, 36]);
  }
  const maturity = addMonths(orig, term);
  const amount = fraud
    ? roundTo(rng.uniform(FRAUD.amount[0], FRAUD.amount[1] - 1000), 1000)
    : Math.min(5_000_000, Math.max(10_000, roundTo(b.typicalAmount * rng.uniform(0.7, 1.3), 10_000)));
  const rating = fraud ? b.rating : Math.min(RATINGS.length - 1, Math.max(0, b.rating + (rng.chance(0.2) ? -1 : 0) + (rng.chance(0.2) ? 1 : 0)));
  const [grade, , pd, spread] = RATINGS[rating];
  const rate = LPR[/** @type {keyof typeof LPR} */ (yearOf(orig))] + spread + (product === 'inclusive_credit' ? 0.006 : 0) + 0.002 * rng.normal();
  const collateralType = fraud || product === 'inclusive_credit' ? 'none' : rng.weighted(COLLATERAL);
  const guarantee = fraud ? 'joint' : rng.weighted(collateralType === 'none' ? UNSECURED_GUARANTEE : SECURED_GUARANTEE);

  const officer = fraud ? ctx.fraudOfficer : officerOn(rng, /** @type {Officer[][]} */ (ctx.officers.get(b.branch)), orig);
  const approval = approvalTrail(rng, orig, amount, fraud);

  const shockHit = !fraud && b.industry === SHOCK.industry && b.region === SHOCK.county && orig <= SHOCK.until && maturity > SHOCK.date;
  const newRelationship = orig - ctx.relationshipStart < 183;
  const background =
    ((pd / 0.018) ** 0.7) * /** @type {number} */ (INDUSTRY_RISK.get(b.industry)) * Math.sqrt(term / 12) *
    (isRenewal ? 1.2 : 1) * (b.hasStatements ? 1 : 1.3) * (newRelationship ? 1.3 : 1);
  const multiplier = shockHit ? SHOCK.multiplier : 1;
  const lifetimePd = fraud ? FRAUD.firstPaymentDefault : Math.min(PD_CAP, BASE_PD * background * multiplier);

  const path = repaymentPath(rng, { orig, maturity, repayment, lifetimePd, seasonal, shockHit, fraud });
  const classMode = path.latentDefault && rng.chance(0.25) ? CLASS_MODE.prudent : CLASS_MODE.floor;
  const inspections = fraud ? [] : inspectionDates(rng, orig, path);
  const collateralValue = collateralType === 'none' ? null : roundTo(amount / rng.uniform(0.4, 0.8), 100);
  const [r0, r1] = RECOVERY[/** @type {keyof typeof RECOVERY} */ (collateralType)];

  return {
    loan_id: loanId,
    borrower_id: b.id,
    borrower_name: b.name,
    group_id: null,
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
    officer_tenure_months: tenureMonths(officer, orig),
    officer_training_hours: trainingHours(officer, orig),
    product,
    origination: orig,
    maturity,
    amount,
    interest_rate: Math.round(Math.min(0.12, Math.max(0.03, rate)) * 10_000) / 10_000,
    term_months: term,
    repayment_method: repayment,
    collateral_type: collateralType,
    collateral_value: collateralValue,
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
    recovery_rate: path.chargeoffDay === null ? null : Math.min(1, rng.uniform(r0, r1) + (guarantee === 'joint' && !fraud ? 0.1 : 0)),
    watch_from: path.watchFrom,
    class_mode: classMode,
    p_price_shock: shockHit,
    p_broker_fraud: fraud,
    p_seasonal: seasonal,
    p_offseason_delinquency: path.offSeason,
    p_multiplier: fraud ? FRAUD.firstPaymentDefault / BASE_PD : multiplier,
    p_lifetime_pd: Math.round(lifetimePd * 1e6) / 1e6,
    inspections,
    latentDefault: path.latentDefault,
  };
}

const COLLATERAL = weightedTable([['none', 70], ['real_estate', 20], ['equipment', 10]]);

/**
 * Months from a planting-season draw to a harvest month at least four months later (sometimes a
 * year further: a two-season loan).
 * @param {Rng} rng
 * @param {number} orig
 */
function harvestTerm(rng, orig) {
  const month = new Date(orig * 86_400_000).getUTCMonth() + 1;
  let months = rng.weighted(HARVEST) - month;
  while (months < 4) months += 12;
  return months + (rng.chance(0.2) ? 12 : 0);
}

/**
 * Application → approval → disbursement. The broker's loans are rushed through in a day or two
 * and sized under the sub-branch manager's authority.
 * @param {Rng} rng
 * @param {number} orig
 * @param {number} amount
 * @param {boolean} fraud
 */
function approvalTrail(rng, orig, amount, fraud) {
  const turnaround = fraud ? rng.int(1, 2) : Math.min(30, Math.max(1, Math.round(Math.exp(Math.log(4) + 0.5 * rng.normal()))));
  const approval = orig - rng.int(0, 5);
  const [level, limit] = APPROVAL_LEVELS.find(([, l]) => l >= amount) ?? APPROVAL_LEVELS[APPROVAL_LEVELS.length - 1];
  return {
    application: approval - turnaround,
    approval,
    level,
    limit,
    exception: !fraud && rng.chance(0.02),
    skippedStep: !fraud && rng.chance(0.01) ? 'site_visit' : null,
  };
}

/**
 * The latent path: a first missed day (d0), a cure, or default 90 days after d0 and a write-off.
 * Shock-hit defaults fall overdue after the shock; the broker's loans miss their first instalment;
 * seasonal loans that do not default may miss interest in the off-season and cure.
 * @param {Rng} rng
 * @param {{ orig: number, maturity: number, repayment: string, lifetimePd: number, seasonal: boolean, shockHit: boolean, fraud: boolean }} loan
 */
function repaymentPath(rng, { orig, maturity, repayment, lifetimePd, seasonal, shockHit, fraud }) {
  const termDays = maturity - orig;
  const latentDefault = rng.chance(lifetimePd);
  /** @type {number | null} */ let d0 = null;
  /** @type {number | null} */ let cure = null;
  /** @type {number | null} */ let watchFrom = null;
  /** @type {number | null} */ let chargeoffDay = null;
  let offSeason = false;
  if (latentDefault) {
    if (fraud) d0 = addMonths(orig, 1) + 1;
    else if (shockHit) d0 = Math.max(orig, SHOCK.date) + rng.int(SHOCK.lag[0], SHOCK.lag[1]);
    else if (repayment === 'interest_only' && rng.chance(0.4)) d0 = maturity;
    else d0 = orig + Math.round(termDays * (0.3 + 0.7 * Math.sqrt(rng.next())));
    d0 = Math.max(orig + 32, Math.min(maturity, d0));
    if (!fraud && rng.chance(0.3)) watchFrom = Math.max(orig + 1, d0 - rng.int(30, 120));
    if (rng.chance(fraud ? 0.95 : 0.9)) chargeoffDay = d0 + 90 + rng.int(60, 420);
  } else if (seasonal && rng.chance(SEASONAL.delinquencyShare)) {
    d0 = offSeasonDay(rng, orig, maturity);
    if (d0 !== null) {
      cure = Math.min(maturity - 1, d0 + rng.int(10, 85));
      offSeason = cure > d0;
      if (!offSeason) d0 = cure = null;
    }
  } else if (!seasonal && rng.chance(SEASONAL.otherDelinquencyShare)) {
    d0 = orig + Math.round(termDays * rng.uniform(0.1, 0.9));
    cure = Math.min(maturity - 1, d0 + rng.int(8, 60));
    if (cure <= d0) d0 = cure = null;
  } else if (rng.chance(0.03)) {
    watchFrom = orig + Math.round(termDays * rng.uniform(0.2, 0.8));
  }
  const seen = (/** @type {number | null} */ day) => (day !== null && day <= AS_OF ? day : null);
  const defaultDay = latentDefault && d0 !== null ? d0 + 90 : null;
  return {
    latentDefault,
    latentD0: d0,
    d0: seen(d0),
    cure: seen(d0) === null ? null : seen(cure),
    defaultDay,
    chargeoffDay: seen(chargeoffDay),
    watchFrom: seen(watchFrom),
    restructured: cure !== null && cure <= AS_OF && rng.chance(0.15),
    offSeason: offSeason && seen(d0) !== null,
    maturity,
  };
}

/**
 * A day in an off-season month (weighted) of the loan's life, at least 30 days after
 * disbursement and 40 before maturity; null when the loan lives through no off-season.
 * @param {Rng} rng
 * @param {number} orig
 * @param {number} maturity
 * @returns {number | null}
 */
function offSeasonDay(rng, orig, maturity) {
  /** @type {[number, number][]} */
  const candidates = [];
  for (let y = yearOf(orig); y <= yearOf(maturity); y++) {
    for (const [m, w] of OFF_SEASON) {
      const start = dayOf(`${y}-${String(m).padStart(2, '0')}-01`);
      if (start >= orig + 30 && start + 27 <= maturity - 40) candidates.push([start, w]);
    }
  }
  if (candidates.length === 0) return null;
  return rng.weighted(weightedTable(candidates)) + rng.int(0, 27);
}

/**
 * Post-loan visits up to the as-of date; one loan in ten is never visited. Visits in the half year
 * before a loan falls overdue tend to record warning signs.
 * @param {Rng} rng
 * @param {number} orig
 * @param {ReturnType<typeof repaymentPath>} path
 * @returns {{ day: number, finding: string }[]}
 */
function inspectionDates(rng, orig, path) {
  if (rng.chance(0.1)) return [];
  const end = Math.min(AS_OF, path.d0 !== null && path.cure === null ? (path.chargeoffDay ?? AS_OF) : path.maturity - 1);
  const visits = [];
  for (let day = orig + rng.int(15, 85); day <= end; day += rng.int(90, 200)) {
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
