import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/**
 * A separate native DuckDB over the committed sample Parquet files (views `l` = loans, `s` =
 * snapshots): the independent side of tests that check the app's metrics on the sample.
 */
export async function openSampleReference(): Promise<{ ref: DuckDBConnection; close: () => void }> {
  const instance = await DuckDBInstance.create(':memory:');
  const ref = await instance.connect();
  await ref.run(`CREATE VIEW l AS SELECT * FROM 'data-samples/bank-a/loans.parquet'`);
  await ref.run(`CREATE VIEW s AS SELECT * FROM 'data-samples/bank-a/snapshots.parquet'`);
  return {
    ref,
    close: () => {
      ref.closeSync();
      instance.closeSync();
    },
  };
}
