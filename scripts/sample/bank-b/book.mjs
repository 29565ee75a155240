/**
 * Generates Bank B into a DuckDB connection: borrowers one at a time, each with a chain of loans
 * (a farm borrower comes back each planting season), the broker's introduced borrowers mixed in,
 * appended to a staging table and turned into the canonical tables by the shared SQL.
 */
import { BUILD_CANONICAL, DROP_STAGE } from '../book.sql.mjs';
import { addMonths } from '../calendar.mjs';
import { createOfficers, tenureMonths, trainingHours } from '../officers.mjs';
import { createRng } from '../prng.mjs';
import { BASE_STAGE_COLUMNS, openStageWriter, stageDdl } from '../stage.mjs';
import { createBorrower, createIntroduced, createLoan, seasonalStart } from './loans.mjs';
import { BRANCHES, DEFAULT_LOANS, FIRST_ORIGINATION, FRAUD, LAST_ORIGINATION } from './reference.mjs';

/** @type {import('../stage.mjs').StageColumns} */
export const STAGE_COLUMNS = [
  ...BASE_STAGE_COLUMNS,
  ['p_price_shock', 'BOOLEAN'], ['p_broker_fraud', 'BOOLEAN'], ['p_seasonal', 'BOOLEAN'], ['p_offseason_delinquency', 'BOOLEAN'],
  ['p_multiplier', 'DOUBLE'], ['p_lifetime_pd', 'DOUBLE'],
];

const PLANTED = `
CREATE TABLE planted AS
SELECT loan_id,
  p_price_shock AS planted_price_shock,
  p_broker_fraud AS planted_broker_fraud,
  p_seasonal AS planted_seasonal,
  p_offseason_delinquency AS planted_offseason_delinquency,
  p_multiplier AS planted_pd_multiplier,
  p_lifetime_pd AS planted_lifetime_pd
FROM stage`;

/** Chance that a borrower takes another loan after each one. */
const NEXT_LOAN = 0.6;

/**
 * @param {import('@duckdb/node-api').DuckDBConnection} conn
 * @param {{ loans: number, seed: number }} options
 * @returns {Promise<{ borrowers: number, officers: number, fraudOfficer: string, introduced: number }>}
 */
export async function buildBook(conn, { loans, seed }) {
  const rng = createRng(seed);
  const officers = createOfficers(rng, loans, { branches: BRANCHES, minDesks: 24, loansPerDesk: 220 });
  const fraudOfficer = pickFraudOfficer(officers);
  await conn.run(stageDdl(STAGE_COLUMNS));
  const writer = await openStageWriter(conn, STAGE_COLUMNS);
  const loanWidth = Math.max(7, String(loans).length);
  const borrowerWidth = Math.max(6, String(loans).length);
  const introducedTarget = Math.max(10, Math.round((FRAUD.loans * loans) / DEFAULT_LOANS));
  const windowDays = FRAUD.to - FRAUD.from;
  let introduced = 0;
  let made = 0;
  let borrowers = 0;
  while (made < loans) {
    borrowers++;
    // the broker's borrowers are spread evenly through the loan ids, one loan each
    if (introduced < introducedTarget && made >= ((introduced + 0.5) * loans) / introducedTarget) {
      const borrower = createIntroduced(rng, borrowers, borrowerWidth);
      const orig = FRAUD.from + rng.int(0, windowDays);
      const ctx = { rng, officers, fraudOfficer, borrower, relationshipStart: orig - rng.int(0, 20) };
      writer.append(createLoan(ctx, `L${String(++made).padStart(loanWidth, '0')}`, orig, false));
      introduced++;
      continue;
    }
    const borrower = createBorrower(rng, borrowers, borrowerWidth);
    let orig = seasonalStart(rng, borrower, FIRST_ORIGINATION + rng.int(0, LAST_ORIGINATION - FIRST_ORIGINATION));
    if (orig > LAST_ORIGINATION) continue;
    const ctx = { rng, officers, fraudOfficer, borrower, relationshipStart: borrower.newToBank ? orig - rng.int(0, 150) : orig - rng.int(200, 3650) };
    let renewal = false;
    for (;;) {
      const loan = createLoan(ctx, `L${String(++made).padStart(loanWidth, '0')}`, orig, renewal);
      writer.append(loan);
      if (made >= loans || loan.latentDefault || !rng.chance(NEXT_LOAN)) break;
      renewal = !borrower.seasonal && rng.chance(0.2);
      // a farm comes back for the next planting season; others after a while
      orig = borrower.seasonal ? seasonalStart(rng, borrower, addMonths(loan.maturity, 2)) : loan.maturity + rng.int(0, 200);
      if (orig > LAST_ORIGINATION) break;
    }
  }
  writer.close();
  for (const sql of [...BUILD_CANONICAL, PLANTED, DROP_STAGE]) await conn.run(sql);
  return { borrowers, officers: [...officers.values()].flat(2).length, fraudOfficer: fraudOfficer.id, introduced };
}

/**
 * The officer the broker works with: a long-serving officer of the fraud branch, at work through
 * the whole window (the introduced loans do not trip the new-officer flags).
 * @param {Map<string, import('../officers.mjs').Officer[][]>} officers
 */
function pickFraudOfficer(officers) {
  const staff = /** @type {import('../officers.mjs').Officer[][]} */ (officers.get(FRAUD.branch)).flat();
  const found = staff.find(
    (o) => o.hired <= FRAUD.from && o.left > FRAUD.to && tenureMonths(o, FRAUD.from) >= 36 && trainingHours(o, FRAUD.from) > 0 && trainingHours(o, FRAUD.to) > 0,
  );
  if (!found) throw new Error(`no long-serving officer in ${FRAUD.branch}`);
  return found;
}
