import { describe, expect, it } from 'vitest';
import { publishWithCli } from './support-publish';
import { bookSecrets, scanPublished, type BookSecrets } from './support-scan';

const BOOK = 'data-samples/bank-a';
const CONFIG = { title: 'Bank A — privacy scan', screens: ['overview', 'structure'] };

let secrets: BookSecrets | undefined;
const book = async () => (secrets ??= await bookSecrets(BOOK));

describe('published bytes', () => {
  it('a loans dashboard carries the book’s loan ids, borrower ids and names (the scan finds them)', async () => {
    const s = await book();
    expect(s.loanIds.length).toBe(20_000);
    const result = await scanPublished(await publishWithCli(BOOK, { ...CONFIG, screens: ['overview', 'cases'] }), s);
    const kinds = (list: string[]) => {
      const values = new Set(list);
      return new Set(result.hits.filter((h) => values.has(h.slice(h.indexOf(': ') + 2))).map((h) => h.split(':')[0]));
    };
    expect(kinds(s.loanIds).size, 'loan ids').toBeGreaterThan(0);
    expect(kinds(s.borrowerIds).size, 'borrower ids').toBeGreaterThan(0);
    expect(kinds(s.names).size, 'borrower names').toBeGreaterThan(0);
    expect(result.loanLevel).toContain('data/loans.parquet (20000 rows)');
  });

  it('a masked dashboard carries loan rows but no loan id, borrower id or name of the book in any byte', async () => {
    const s = await book();
    const result = await scanPublished(await publishWithCli(BOOK, { ...CONFIG, screens: ['overview', 'structure', 'cases'] }, ['--mode', 'masked', '--key', 'scan test key, 32 bytes at most', '--coarsen-dates']), s);
    expect(result.parquetFiles).toBeGreaterThanOrEqual(1);
    expect(result.bytes).toBeGreaterThan(10_000_000);
    expect(result.hits).toEqual([]);
  });

  it('an aggregate dashboard carries no loan-level row and no identifying value in any byte', async () => {
    const s = await book();
    const result = await scanPublished(await publishWithCli(BOOK, { ...CONFIG, filters: 'enterprise_size:micro' }, ['--mode', 'aggregate']), s);
    expect(result.parquetFiles).toBeGreaterThan(3);
    expect(result.hits).toEqual([]);
    expect(result.loanLevel).toEqual([]);
  });
});
