/**
 * How each benchmark book gets into the app and into native DuckDB.
 * - `sample`: the bundled Bank A book, one click on the Data screen.
 */
export function loaderFor(size, dir) {
  if (size === 'sample') return sampleLoader(dir);
  throw new Error(`No loader for ${size} yet`);
}

function sampleLoader(dir) {
  return {
    async browser(page) {
      const t0 = await page.evaluate(() => performance.now());
      await page.getByTestId('open-sample').click();
      await page.getByTestId('book-loaded').waitFor({ timeout: 600_000 });
      return (await page.evaluate(() => performance.now())) - t0;
    },
    /** The browser inserted `stage_<table>` from the bundled Parquet file. */
    onInsert: (native, table) => native.loadParquet(table, `${dir}/${table.replace(/^stage_/, '')}.parquet`),
    rewrite: (sql) => sql,
  };
}
