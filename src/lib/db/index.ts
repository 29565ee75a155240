export type { Db, QueryOptions, SqlParam, CsvReadOptions } from './types';
export { DbError, classifyDbError } from './types';
export { rows, column, scalar, type Row, type Value } from './rows';
