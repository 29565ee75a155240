import { rows } from '../../db/rows';
import type { FilterSet } from '../../sql/filters';
import { FIVE_CLASSES, type FiveClass } from '../../schema/canonical';
import type { MetricQuery } from '../query';
import { DATE_PARAM, scope } from './sql';
import { cohortTransitionQuery, type TransitionMatrix } from './transition';
import { num, ratio } from './values';

export interface MigrationRow {
  from: FiveClass;
  /** Loans in this class at the start date, and their balance then. */
  opening: number;
  openingBalance: number;
  /** Loans (and their opening balance) in class 1..5 at the end date. */
  counts: number[];
  balances: number[];
  /** Loans with no snapshot at the end date: they left the book. */
  left: number;
  leftBalance: number;
  /** Loans still on the book at the end date but without a class then. */
  unclassified: number;
  /** counts ÷ opening (row rates, with `leftRate` and the unclassified share they sum to 1). */
  rates: (number | null)[];
  leftRate: number | null;
}

export interface MigrationMatrix {
  from: string;
  to: string;
  rows: MigrationRow[];
}

export interface MigrationOptions {
  /** Start and end snapshot dates, 'YYYY-MM-DD'. */
  from: string;
  to: string;
}

/**
 * Five-category migration between two snapshot dates for the loans selected by the filters.
 * Amounts are opening balances (the balance at `from`), so the regulatory rates below follow.
 */
export function migrationMatrixQuery(filters: FilterSet, options: MigrationOptions): MetricQuery<MigrationMatrix> {
  const base = scope(filters);
  return {
    needs: ['five_class', 'balance'],
    sql: `${base.sql},
a AS (SELECT s.loan_id, s.five_class AS c, coalesce(s.balance, 0) AS balance FROM snapshots s
      WHERE s.snapshot_date = ${DATE_PARAM} AND s.five_class IS NOT NULL AND s.loan_id IN (SELECT loan_id FROM f)),
b AS (SELECT s.loan_id, s.five_class AS c FROM snapshots s WHERE s.snapshot_date = ${DATE_PARAM})
SELECT a.c AS from_class, b.c AS to_class, b.loan_id IS NULL AS left_book, count(*) AS n, sum(a.balance) AS balance
FROM a LEFT JOIN b ON a.loan_id = b.loan_id
GROUP BY ALL`,
    params: [...base.params, options.from, options.to],
    shape(table) {
      const cells = rows(table);
      return {
        from: options.from,
        to: options.to,
        rows: FIVE_CLASSES.map((c) => {
          const mine = cells.filter((r) => num(r.from_class) === c);
          const stay = mine.filter((r) => r.left_book === false);
          const counts = FIVE_CLASSES.map((d) => num(stay.find((r) => num(r.to_class) === d && r.to_class !== null)?.n));
          const balances = FIVE_CLASSES.map((d) => num(stay.find((r) => num(r.to_class) === d && r.to_class !== null)?.balance));
          const gone = mine.find((r) => r.left_book === true);
          const opening = mine.reduce((s, r) => s + num(r.n), 0);
          return {
            from: c,
            opening,
            openingBalance: mine.reduce((s, r) => s + num(r.balance), 0),
            counts,
            balances,
            left: num(gone?.n),
            leftBalance: num(gone?.balance),
            unclassified: num(stay.find((r) => r.to_class === null)?.n),
            rates: counts.map((n) => ratio(n, opening)),
            leftRate: ratio(num(gone?.n), opening),
          };
        }),
      };
    },
  };
}

export interface RegulatoryMigrationRate {
  /** Opening balance of the class. */
  opening: number;
  /** Opening balance of those loans that were in a worse class at the end. */
  movedDown: number;
  /** Opening balance of those loans that left the book. */
  left: number;
  /** movedDown ÷ (opening − left); null when the denominator is zero. */
  rate: number | null;
}

export interface RegulatoryMigration {
  from: string;
  to: string;
  /** 正常类贷款迁徙率. */
  normal: RegulatoryMigrationRate;
  /** 关注类贷款迁徙率. */
  specialMention: RegulatoryMigrationRate;
}

/**
 * DOMAIN.md's regulatory migration rate for a class: amount of opening loans of the class that moved
 * to any worse class ÷ (opening balance − opening amount that left the book during the period).
 * "Amount" is the balance at the opening date; a loan on the book at the end without a class counts
 * neither as moved nor as left.
 */
export function regulatoryMigrationRate(matrix: MigrationMatrix, cls: FiveClass): RegulatoryMigrationRate {
  const row = matrix.rows[cls - 1];
  const movedDown = row.balances.slice(cls).reduce((a, b) => a + b, 0);
  return { opening: row.openingBalance, movedDown, left: row.leftBalance, rate: ratio(movedDown, row.openingBalance - row.leftBalance) };
}

/** Normal and special-mention migration rates between two snapshot dates. */
export function regulatoryMigrationQuery(filters: FilterSet, options: MigrationOptions): MetricQuery<RegulatoryMigration> {
  const matrix = migrationMatrixQuery(filters, options);
  return {
    ...matrix,
    shape(table) {
      const m = matrix.shape(table);
      return { from: m.from, to: m.to, normal: regulatoryMigrationRate(m, 1), specialMention: regulatoryMigrationRate(m, 2) };
    },
  };
}

/**
 * Pooled cohort estimator over all consecutive snapshot pairs of the selected loans (classes 1–5).
 * A loan's consecutive snapshots are its next observation in time.
 */
export function pooledMigrationQuery(filters: FilterSet): MetricQuery<TransitionMatrix> {
  const base = scope(filters);
  const q = cohortTransitionQuery({
    relation: {
      sql: `(${base.sql} SELECT s.loan_id, s.snapshot_date, s.five_class FROM snapshots s WHERE s.loan_id IN (SELECT loan_id FROM f))`,
      params: base.params,
    },
    entity: 'loan_id',
    time: 'snapshot_date',
    state: 'five_class',
    states: FIVE_CLASSES,
  });
  return { ...q, needs: ['five_class'] };
}
