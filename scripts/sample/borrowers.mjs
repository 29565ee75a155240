/**
 * Borrowers: an SME with an industry, a size consistent with its figures, a home branch and a
 * credit standing. Construction and real-estate firms are steered into two branches (P2).
 */
import { drawFirm, enterpriseSize } from './miit.mjs';
import { weightedTable } from './prng.mjs';
import {
  BRANCHES,
  CONCENTRATION_BRANCHES,
  CONCENTRATION_INDUSTRIES,
  CONCENTRATION_STEER,
  INDUSTRIES,
  PLANTED,
  RATINGS,
} from './reference.mjs';

/**
 * @typedef {object} Borrower
 * @property {string} id
 * @property {string} name
 * @property {string | null} groupId
 * @property {string} industry
 * @property {import('./miit.mjs').Size} size
 * @property {number} staff
 * @property {number} revenue
 * @property {number} assets
 * @property {string} region
 * @property {string} branch
 * @property {boolean} steered placed in a concentration branch by the P2 mechanism
 * @property {boolean} hasStatements
 * @property {boolean} newToBank the relationship starts shortly before the first loan
 * @property {number} rating index into RATINGS
 * @property {number} typicalAmount CNY
 * @property {number} creditLine CNY
 * @property {boolean} anchor one of the few very large borrowers
 */

const INDUSTRY_TABLE = weightedTable(INDUSTRIES.map((row) => [row, row[2]]));
const BRANCH_TABLE = weightedTable(BRANCHES.map((row) => [row, row[2]]));
const RATING_TABLE = weightedTable(RATINGS.map((_, i) => [i, RATINGS[i][1]]));
const SIZES = /** @type {const} */ (['micro', 'small', 'medium']);
const TRADE_NAMES = '恒达 鑫源 华泰 宏远 瑞丰 永盛 金鼎 新锐 汇通 天成 博远 中越 东升 嘉禾 立信 诚泰 德润 海纳 锦程 安康 聚力 明辉 盛世 卓越 兴业 顺昌 宝丰 长青 隆基 伟业'.split(' ');
const AMOUNT_BY_SIZE = { micro: [80_000, 1_000_000], small: [400_000, 6_000_000], medium: [2_000_000, 20_000_000] };

/** @param {number} x */
const roundTo10k = (x) => Math.max(10_000, Math.round(x / 10_000) * 10_000);

/**
 * @param {import('./prng.mjs').Rng} rng
 * @param {number} serial
 * @param {number} width digits of the id
 * @param {number} groups number of borrower groups to join
 * @returns {Borrower}
 */
export function createBorrower(rng, serial, width, groups) {
  const [industry, trade, , , sizeFactor, sizeMix] = rng.weighted(INDUSTRY_TABLE);
  const size = SIZES[pickIndex(rng.next(), sizeMix)];
  const firm = sizedFirm(rng, industry, size);
  const steered = CONCENTRATION_INDUSTRIES.includes(industry) && rng.chance(CONCENTRATION_STEER);
  const [branch, city] = steered ? branchNamed(rng.pick(CONCENTRATION_BRANCHES)) : rng.weighted(BRANCH_TABLE);
  const region = rng.chance(0.95) ? city : rng.pick(BRANCHES)[1];
  const [lo, hi] = AMOUNT_BY_SIZE[size];
  const typicalAmount = roundTo10k(rng.logUniform(lo, hi) * sizeFactor);
  const inGroup = size !== 'micro' && rng.chance(0.06);
  return {
    id: `B${String(serial).padStart(width, '0')}`,
    name: `${region}${rng.pick(TRADE_NAMES)}${trade}${size === 'micro' && rng.chance(0.3) ? '经营部' : '有限公司'}`,
    groupId: inGroup ? `G${String(rng.int(1, groups)).padStart(4, '0')}` : null,
    industry,
    size,
    ...firm,
    region,
    branch,
    steered,
    hasStatements: !rng.chance(size === 'micro' ? 0.35 : size === 'small' ? 0.1 : 0.02),
    newToBank: rng.chance(PLANTED.info_asymmetry.newToBank),
    rating: rng.weighted(RATING_TABLE),
    typicalAmount,
    creditLine: Math.ceil((typicalAmount * rng.uniform(1.1, 2.0)) / 100_000) * 100_000,
    anchor: false,
  };
}

/**
 * The very large construction and real-estate borrowers that top the book (CR-10).
 * @param {import('./prng.mjs').Rng} rng
 * @param {number} serial
 * @param {number} width
 * @returns {Borrower}
 */
export function createAnchor(rng, serial, width) {
  const industry = serial % 3 === 0 ? 'K' : 'E';
  const firm = sizedFirm(rng, industry, 'medium');
  const [branch, city] = branchNamed(CONCENTRATION_BRANCHES[serial % 2]);
  const typicalAmount = roundTo10k(rng.uniform(30_000_000, 50_000_000));
  return {
    id: `B${String(serial).padStart(width, '0')}`,
    name: `${city}${TRADE_NAMES[serial]}${industry === 'K' ? '置业' : '建设集团'}有限公司`,
    groupId: serial <= 4 ? 'G0001' : null,
    industry,
    size: 'medium',
    ...firm,
    region: city,
    branch,
    steered: true,
    hasStatements: true,
    newToBank: false,
    rating: rng.int(0, 2),
    typicalAmount,
    creditLine: Math.ceil((typicalAmount * 3) / 1_000_000) * 1_000_000,
    anchor: true,
  };
}

/**
 * Firm figures, checked against the MIIT rule so that a range edit cannot silently break sizes.
 * @param {import('./prng.mjs').Rng} rng
 * @param {string} industry
 * @param {import('./miit.mjs').Size} size
 */
function sizedFirm(rng, industry, size) {
  const firm = drawFirm(rng, industry, size);
  if (enterpriseSize(industry, firm.staff, firm.revenue, firm.assets) !== size) {
    throw new Error(`firm figures ${JSON.stringify(firm)} are not ${size} in section ${industry}`);
  }
  return firm;
}

/** @param {string} name */
function branchNamed(name) {
  const row = BRANCHES.find(([b]) => b === name);
  if (!row) throw new Error(`unknown branch ${name}`);
  return row;
}

/** @param {number} u @param {readonly number[]} shares */
function pickIndex(u, shares) {
  let acc = 0;
  for (let i = 0; i < shares.length; i++) {
    acc += shares[i];
    if (u < acc) return i;
  }
  return shares.length - 1;
}
