/**
 * Dates as whole days since 1970-01-01 (UTC): cheap to add and compare in the generator and
 * stored as INTEGER in the staging table, turned into DATE in SQL.
 */

const DAY_MS = 86_400_000;

/** @param {string} iso 'YYYY-MM-DD' */
export const dayOf = (iso) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;

/** @param {number} day */
export const isoOf = (day) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** @param {number} day */
export const yearOf = (day) => new Date(day * DAY_MS).getUTCFullYear();

/**
 * The same day of the month `months` later, clamped to the month's end (Jan 31 + 1 → Feb 28).
 * @param {number} day
 * @param {number} months
 */
export function addMonths(day, months) {
  const d = new Date(day * DAY_MS);
  const y = d.getUTCFullYear(), m = d.getUTCMonth() + months, dom = d.getUTCDate();
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(dom, last)) / DAY_MS;
}

/** Whole months between two days, counting a month only once its day is reached. */
export function monthsBetween(/** @type {number} */ from, /** @type {number} */ to) {
  const a = new Date(from * DAY_MS), b = new Date(to * DAY_MS);
  const m = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth();
  return b.getUTCDate() < a.getUTCDate() ? m - 1 : m;
}
