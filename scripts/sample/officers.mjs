/**
 * Relationship officers: each branch has a number of desks; a desk's occupant leaves now and then
 * and a new hire takes over after a vacancy. New hires (tenure < 12 months) and officer-years
 * without training are what the C4 mechanism keys on.
 */
import { monthsBetween, yearOf } from './calendar.mjs';
import { BRANCHES, FIRST_ORIGINATION, LAST_ORIGINATION } from './reference.mjs';

/**
 * @typedef {object} Officer
 * @property {string} id
 * @property {string} branch
 * @property {number} hired day
 * @property {number} left day after the last day of work (Infinity when still employed)
 * @property {Map<number, number>} trainingHours by calendar year
 */

const FIRST_YEAR = yearOf(FIRST_ORIGINATION) - 1;
const LAST_YEAR = yearOf(LAST_ORIGINATION);

/**
 * @param {import('./prng.mjs').Rng} rng
 * @param {number} loans number of loans in the book; desks scale with it
 * @param {{ branches?: readonly (readonly [string, string, number])[], minDesks?: number, loansPerDesk?: number }} [book] another book's branches and staffing
 * @returns {Map<string, Officer[][]>} branch → desks → successive occupants
 */
export function createOfficers(rng, loans, { branches = BRANCHES, minDesks = 60, loansPerDesk = 330 } = {}) {
  const totalDesks = Math.max(minDesks, Math.round(loans / loansPerDesk));
  const totalWeight = branches.reduce((s, [, , w]) => s + w, 0);
  const width = Math.max(4, String(totalDesks * 3).length);
  let next = 1;
  /** @type {Map<string, Officer[][]>} */
  const byBranch = new Map();
  for (const [branch, , weight] of branches) {
    const desks = [];
    for (let d = 0, n = Math.max(3, Math.round((totalDesks * weight) / totalWeight)); d < n; d++) {
      const occupants = [];
      let hired = rng.chance(0.9) ? FIRST_ORIGINATION - rng.int(400, 5500) : FIRST_ORIGINATION - rng.int(0, 360);
      while (hired <= LAST_ORIGINATION) {
        const stays = rng.chance(0.55) ? Infinity : rng.int(400, 4000);
        const left = hired + stays;
        occupants.push({ id: `O${String(next++).padStart(width, '0')}`, branch, hired, left, trainingHours: trainingYears(rng) });
        hired = left + rng.int(10, 75);
      }
      desks.push(occupants);
    }
    byBranch.set(branch, desks);
  }
  return byBranch;
}

/** @param {import('./prng.mjs').Rng} rng */
function trainingYears(rng) {
  const neglectful = rng.chance(0.15);
  const hours = new Map();
  for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) {
    hours.set(y, rng.chance(neglectful ? 0.6 : 0.06) ? 0 : rng.int(6, 72));
  }
  return hours;
}

/**
 * A random officer at work in the branch on that day.
 * @param {import('./prng.mjs').Rng} rng
 * @param {Officer[][]} desks
 * @param {number} day
 * @returns {Officer}
 */
export function officerOn(rng, desks, day) {
  const atWork = (/** @type {Officer} */ o) => o.hired <= day && day < o.left;
  for (let tries = 0; tries < 8; tries++) {
    const occupant = rng.pick(desks).find(atWork);
    if (occupant) return occupant;
  }
  const staffed = desks.flatMap((d) => d.filter(atWork));
  if (staffed.length > 0) return rng.pick(staffed);
  // every desk vacant that day: the next hire signs
  return desks.flat().filter((o) => o.hired > day).sort((a, b) => a.hired - b.hired)[0];
}

/** @param {Officer} officer @param {number} day */
export const tenureMonths = (officer, day) => Math.max(0, monthsBetween(officer.hired, day));

/** Training hours in the calendar year before the day. @param {Officer} officer @param {number} day */
export const trainingHours = (officer, day) => officer.trainingHours.get(yearOf(day) - 1) ?? 0;
