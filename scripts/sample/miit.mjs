/**
 * Enterprise size under the MIIT 2011 standard (revenue and assets in 10,000 CNY), as excerpted in
 * DOMAIN.md, and firm figures drawn so that each borrower's stated size is what the standard gives.
 */

/** @typedef {'industry' | 'trade' | 'construction' | 'software' | 'other'} MiitCategory */
/** @typedef {'micro' | 'small' | 'medium'} Size */

/**
 * Section F mixes wholesale and retail; F borrowers are drawn to have the same size under both.
 * @param {string} section GB/T 4754 section letter
 * @returns {MiitCategory}
 */
export function miitCategory(section) {
  if (section === 'B' || section === 'C' || section === 'D') return 'industry';
  if (section === 'E') return 'construction';
  if (section === 'F') return 'trade';
  if (section === 'I') return 'software';
  return 'other';
}

/** @param {number} staff @param {number} revenue @param {number} mediumStaff @param {number} mediumRev @param {number} smallStaff @param {number} smallRev @returns {Size} */
const bySizeRule = (staff, revenue, mediumStaff, mediumRev, smallStaff, smallRev) =>
  staff >= mediumStaff && revenue >= mediumRev ? 'medium' : staff >= smallStaff && revenue >= smallRev ? 'small' : 'micro';

/**
 * @param {string} section
 * @param {number} staff
 * @param {number} revenue 10,000 CNY
 * @param {number} assets 10,000 CNY
 * @returns {Size | null} null when wholesale and retail rules disagree (section F)
 */
export function enterpriseSize(section, staff, revenue, assets) {
  switch (miitCategory(section)) {
    case 'industry':
      return bySizeRule(staff, revenue, 300, 2000, 20, 300);
    case 'construction':
      return bySizeRule(revenue, assets, 6000, 5000, 300, 300);
    case 'software':
      return bySizeRule(staff, revenue, 100, 1000, 10, 50);
    case 'trade': {
      const wholesale = bySizeRule(staff, revenue, 20, 5000, 5, 1000);
      return wholesale === bySizeRule(staff, revenue, 50, 500, 10, 100) ? wholesale : null;
    }
    default:
      return staff >= 100 ? 'medium' : staff >= 10 ? 'small' : 'micro';
  }
}

/**
 * Ranges [staff lo, hi], [revenue lo, hi], [assets lo, hi] (null: assets follow revenue) per
 * category and size, all below the MIIT "large" thresholds.
 * @type {Record<MiitCategory, Record<Size, readonly [readonly [number, number], readonly [number, number], readonly [number, number] | null]>>}
 */
const RANGES = {
  industry: {
    micro: [[3, 19], [40, 1500], null],
    small: [[20, 299], [300, 8000], null],
    medium: [[300, 990], [2000, 35000], null],
  },
  trade: {
    micro: [[1, 9], [20, 999], null],
    small: [[10, 49], [1000, 4999], null],
    medium: [[50, 199], [5000, 19000], null],
  },
  construction: {
    micro: [[5, 40], [50, 299], [30, 2000]],
    small: [[20, 200], [300, 5999], [300, 4999]],
    medium: [[100, 600], [6000, 60000], [5000, 60000]],
  },
  software: {
    micro: [[2, 9], [10, 500], null],
    small: [[10, 99], [50, 999], null],
    medium: [[100, 299], [1000, 9000], null],
  },
  other: {
    micro: [[1, 9], [20, 500], null],
    small: [[10, 99], [200, 5000], null],
    medium: [[100, 299], [2000, 20000], null],
  },
};

const round1 = (/** @type {number} */ x) => Math.round(x * 10) / 10;

/**
 * @param {import('./prng.mjs').Rng} rng
 * @param {string} section
 * @param {Size} size
 * @returns {{ staff: number, revenue: number, assets: number }}
 */
export function drawFirm(rng, section, size) {
  const [[s0, s1], [r0, r1], assetRange] = RANGES[miitCategory(section)][size];
  const staff = Math.round(rng.logUniform(s0, s1 + 0.999) - 0.499);
  const revenue = round1(rng.logUniform(r0, r1));
  const assetsFactor = section === 'K' ? rng.uniform(2, 5) : rng.uniform(0.5, 1.5);
  const assets = assetRange ? round1(rng.logUniform(assetRange[0], assetRange[1])) : round1(revenue * assetsFactor);
  return { staff: Math.min(Math.max(staff, s0), s1), revenue, assets };
}
