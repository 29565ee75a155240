/**
 * Generates the book into a DuckDB connection: borrowers one at a time, each with a chain of
 * loans (new loans, rollovers, renewals), appended to the staging tables and then turned into the
 * canonical tables by SQL. Memory stays flat in the number of loans.
 */
import { createAnchor, createBorrower } from './borrowers.mjs';
import { BUILD_BOOK } from './book.sql.mjs';
import { createLoan } from './loans.mjs';
import { createOfficers } from './officers.mjs';
import { createRng } from './prng.mjs';
import { FIRST_ORIGINATION, LAST_ORIGINATION } from './reference.mjs';
import { STAGE_DDL, openStageWriter } from './stage.mjs';

const ANCHORS = 10;
/** Chance that a borrower takes another loan after each one; tuned to ~1.65 loans per borrower. */
const NEXT_LOAN = 0.55;
/** New business grows over the window: the density of first loans doubles from start to end. */
const GROWTH = 1.0;

/**
 * @param {import('@duckdb/node-api').DuckDBConnection} conn
 * @param {{ loans: number, seed: number }} options
 * @returns {Promise<{ borrowers: number, officers: number }>}
 */
export async function buildBook(conn, { loans, seed }) {
  const rng = createRng(seed);
  const officers = createOfficers(rng, loans);
  await conn.run(STAGE_DDL);
  const writer = await openStageWriter(conn);
  const loanWidth = Math.max(7, String(loans).length);
  const borrowerWidth = Math.max(6, String(loans).length);
  const groups = Math.max(50, Math.round(loans / 400));
  let made = 0;
  let borrowers = 0;
  while (made < loans) {
    borrowers++;
    const anchor = borrowers <= ANCHORS && loans >= 1000;
    const borrower = anchor ? createAnchor(rng, borrowers, borrowerWidth) : createBorrower(rng, borrowers, borrowerWidth, groups);
    let orig = anchor ? FIRST_ORIGINATION + rng.int(0, 120) : firstOrigination(rng.next());
    const ctx = { rng, officers, borrower, relationshipStart: borrower.newToBank ? orig - rng.int(0, 150) : orig - rng.int(200, 3650) };
    let renewal = false;
    for (;;) {
      const loan = createLoan(ctx, `L${String(++made).padStart(loanWidth, '0')}`, orig, renewal);
      writer.append(loan);
      if (made >= loans || loan.latentDefault || !rng.chance(anchor ? 0.97 : NEXT_LOAN)) break;
      const rollover = !anchor && rng.chance(0.5);
      renewal = rollover && rng.chance(0.6);
      orig = rollover ? loan.maturity : orig + (anchor ? rng.int(30, 200) : rng.int(60, 540));
      if (orig > LAST_ORIGINATION) break;
    }
  }
  writer.close();
  for (const sql of BUILD_BOOK) await conn.run(sql);
  return { borrowers, officers: [...officers.values()].flat(2).length };
}

/** Inverse CDF of a linearly growing density over the origination window. @param {number} u */
function firstOrigination(u) {
  const x = (-1 + Math.sqrt(1 + 2 * GROWTH * u * (1 + GROWTH / 2))) / GROWTH;
  return FIRST_ORIGINATION + Math.floor(x * (LAST_ORIGINATION - FIRST_ORIGINATION + 1));
}
