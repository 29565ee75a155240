/**
 * The staging tables the generator appends to: loan facts with the latent path (days as INTEGER
 * since 1970-01-01) and raw inspections. book.sql.mjs turns them into the canonical tables.
 */

/** @typedef {readonly (readonly [string, 'VARCHAR' | 'INTEGER' | 'DOUBLE' | 'BOOLEAN' | 'TINYINT'])[]} StageColumns */

/**
 * Columns every book's staging table has: the loan facts and the latent path that book.sql.mjs
 * turns into the canonical tables. Each book adds its own ground-truth (`p_*`) columns.
 * @type {StageColumns}
 */
export const BASE_STAGE_COLUMNS = [
  ['loan_id', 'VARCHAR'], ['borrower_id', 'VARCHAR'], ['borrower_name', 'VARCHAR'], ['group_id', 'VARCHAR'],
  ['enterprise_size', 'VARCHAR'], ['staff_count', 'INTEGER'], ['revenue', 'DOUBLE'], ['total_assets', 'DOUBLE'],
  ['industry', 'VARCHAR'], ['region', 'VARCHAR'], ['relationship_start', 'INTEGER'], ['has_financial_statements', 'BOOLEAN'],
  ['credit_line', 'DOUBLE'], ['branch', 'VARCHAR'], ['officer_id', 'VARCHAR'], ['officer_tenure_months', 'INTEGER'],
  ['officer_training_hours', 'DOUBLE'], ['product', 'VARCHAR'], ['origination', 'INTEGER'], ['maturity', 'INTEGER'],
  ['amount', 'DOUBLE'], ['interest_rate', 'DOUBLE'], ['term_months', 'INTEGER'], ['repayment_method', 'VARCHAR'],
  ['collateral_type', 'VARCHAR'], ['collateral_value', 'DOUBLE'], ['guarantee_type', 'VARCHAR'], ['is_renewal', 'BOOLEAN'],
  ['is_restructured', 'BOOLEAN'], ['rating', 'VARCHAR'], ['pd', 'DOUBLE'], ['application', 'INTEGER'], ['approval', 'INTEGER'],
  ['approval_level', 'VARCHAR'], ['approver_limit', 'DOUBLE'], ['approval_exception', 'BOOLEAN'], ['skipped_step', 'VARCHAR'],
  ['first_inspection', 'INTEGER'], ['last_inspection', 'INTEGER'], ['d0', 'INTEGER'], ['cure', 'INTEGER'],
  ['default_day', 'INTEGER'], ['chargeoff_day', 'INTEGER'], ['recovery_rate', 'DOUBLE'], ['watch_from', 'INTEGER'],
  ['class_mode', 'TINYINT'],
];

/** @type {StageColumns} */
const STAGE_COLUMNS = [
  ...BASE_STAGE_COLUMNS,
  ['p_concentration', 'BOOLEAN'], ['p_class_exception', 'BOOLEAN'], ['p_untrained_officer', 'BOOLEAN'],
  ['p_missed_inspection', 'BOOLEAN'], ['p_process_breach', 'BOOLEAN'], ['p_approval_exception', 'BOOLEAN'],
  ['p_info_asymmetry', 'BOOLEAN'], ['p_multiplier', 'DOUBLE'], ['p_lifetime_pd', 'DOUBLE'],
];

/** @param {StageColumns} columns */
export const stageDdl = (columns) => `CREATE TABLE stage (${columns.map(([n, t]) => `${n} ${t}`).join(', ')});
CREATE TABLE stage_inspections (loan_id VARCHAR, day INTEGER, finding VARCHAR);`;

export const STAGE_DDL = stageDdl(STAGE_COLUMNS);

/** @typedef {import('@duckdb/node-api').DuckDBAppender} Appender */

const APPEND = {
  VARCHAR: (/** @type {Appender} */ a, /** @type {any} */ v) => a.appendVarchar(v),
  INTEGER: (/** @type {Appender} */ a, /** @type {any} */ v) => a.appendInteger(v),
  DOUBLE: (/** @type {Appender} */ a, /** @type {any} */ v) => a.appendDouble(v),
  BOOLEAN: (/** @type {Appender} */ a, /** @type {any} */ v) => a.appendBoolean(v),
  TINYINT: (/** @type {Appender} */ a, /** @type {any} */ v) => a.appendTinyInt(v),
};

/**
 * Appends loans (objects from loans.mjs, or any object with the columns) and their inspections.
 * @param {import('@duckdb/node-api').DuckDBConnection} conn
 * @param {StageColumns} [columns]
 */
export async function openStageWriter(conn, columns = STAGE_COLUMNS) {
  const loans = await conn.createAppender('stage');
  const visits = await conn.createAppender('stage_inspections');
  const writers = columns.map(([name, type]) => /** @type {const} */ ([name, APPEND[type]]));
  return {
    /** @param {{ loan_id: string, inspections: readonly { day: number, finding: string }[] }} loan */
    append(loan) {
      const row = /** @type {Record<string, unknown>} */ (loan);
      for (const [name, write] of writers) {
        const v = row[name];
        if (v === null || v === undefined) loans.appendNull();
        else write(loans, v);
      }
      loans.endRow();
      for (const { day, finding } of loan.inspections) {
        visits.appendVarchar(loan.loan_id);
        visits.appendInteger(day);
        visits.appendVarchar(finding);
        visits.endRow();
      }
    },
    close() {
      loans.closeSync();
      visits.closeSync();
    },
  };
}
