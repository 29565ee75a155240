import { join } from 'node:path';

/**
 * How each benchmark book gets into the app and into native DuckDB.
 * - `sample`: the bundled Bank A book, one click on the Data screen.
 * - generated sizes: imported through the Data screen's file input, as a user would, once as CSV
 *   (loans.csv) and once as Parquet (loans.parquet + snapshots.parquet); see `importLoader`.
 */
export function loaderFor(size, dir, format = 'parquet') {
  return size === 'sample' ? sampleLoader(dir) : importLoader(dir, format);
}

function sampleLoader(dir) {
  return {
    label: 'sample (bundled Parquet)',
    files: ['loans', 'snapshots', 'inspections'].map((t) => join(dir, `${t}.parquet`)),
    async browser(page) {
      const t0 = await page.evaluate(() => performance.now());
      await page.getByTestId('open-sample').click();
      await page.getByTestId('book-loaded').waitFor({ timeout: 600_000 });
      return (await page.evaluate(() => performance.now())) - t0;
    },
    /** The browser inserted `stage_<table>` from the bundled Parquet file. */
    onInsert: (native, table) => native.loadParquet(table, join(dir, `${table.replace(/^stage_/, '')}.parquet`)),
    rewrite: (sql) => sql,
  };
}

/** Files → mapping proposed → "Import" → the book is open (keeping it in OPFS is not counted). */
function importLoader(dir, format) {
  const files = format === 'csv' ? [join(dir, 'loans.csv')] : [join(dir, 'loans.parquet'), join(dir, 'snapshots.parquet')];
  const inserted = [];
  return {
    label: `import ${format}`,
    files,
    async browser(page) {
      const t0 = await page.evaluate(() => performance.now());
      await page.getByTestId('import-file-input').setInputFiles(files);
      await reached(page, '[data-testid="mapping"]');
      await page.getByTestId('import-book').click();
      await reached(page, '[data-testid="import-done"]');
      return (await page.evaluate(() => performance.now())) - t0;
    },
    /**
     * Parquet files are inserted in the order they were chosen, each streamed in batches into one
     * table: natively the first batch's insert reads the whole file into that table, the others add nothing.
     */
    onInsert: (native, table) => {
      if (inserted.includes(table)) return 0;
      const file = files[inserted.length % files.length];
      inserted.push(table);
      return native.loadParquet(table, file);
    },
    /** The browser registers the CSV under `raw_<n>.csv`; natively it is read from its path. */
    rewrite: (sql) => sql.replace(/'raw_\d+\.csv'/g, `'${files[0]}'`),
  };
}

/** Waits for `selector`, failing at once with the app's own words when the import fails or the engine is lost. */
async function reached(page, selector) {
  const failure = '[data-testid="import-error-message"], [data-testid="engine-lost"]';
  const hit = page.locator(`${selector}, ${failure}`).first();
  await hit.waitFor({ timeout: 1_200_000 });
  if (await page.locator(selector).count()) return;
  throw new Error(`open failed: ${(await page.locator(failure).first().innerText()).replace(/\s+/g, ' ')}`);
}
