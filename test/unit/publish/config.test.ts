import { describe, expect, it } from 'vitest';
import { DashboardConfigError, isSafeRelativePath, parseDashboardConfig, PUBLISHABLE_SCREENS } from '../../../src/lib/publish/dashboard-config.mjs';
import { SCREENS } from '../../../src/lib/routes';

const book = { name: 'Bank A', tables: { loans: { path: 'data/loans.parquet', rows: 10, bytes: 100 } } };

describe('dashboard config', () => {
  it('keeps title, note, filters and the screens in navigation order', () => {
    const c = parseDashboardConfig({ title: '  Board pack ', note: 'a\nb', screens: ['cases', 'overview'], filters: 'region:East', book });
    expect(c).toMatchObject({ format: 'loanbook-lab-dashboard', version: 1, title: 'Board pack', note: 'a\nb', screens: ['overview', 'cases'], filters: 'region:East' });
    expect(c.book.tables.loans!.rows).toBe(10);
  });

  it('publishes only screens the app has, never import or authoring screens', () => {
    for (const s of PUBLISHABLE_SCREENS) expect(SCREENS).toContain(s);
    for (const s of ['data', 'publish', 'notebook', 'nope']) {
      expect(() => parseDashboardConfig({ title: 't', screens: [s], book })).toThrow(DashboardConfigError);
    }
    expect(() => parseDashboardConfig({ title: 't', screens: [], book })).toThrow(/at least one/);
  });

  it('may name a pack file inside the folder, never one elsewhere', () => {
    expect(parseDashboardConfig({ title: 't', screens: ['cases'], book, pack: { path: 'pack.json' } }).pack).toEqual({ path: 'pack.json' });
    expect(parseDashboardConfig({ title: 't', screens: ['cases'], book }).pack).toBeUndefined();
    for (const pack of [{ path: '../pack.json' }, { path: 'http://evil.example/p.json' }, 'pack.json', {}]) {
      expect(() => parseDashboardConfig({ title: 't', screens: ['cases'], book, pack })).toThrow(/pack.path/);
    }
  });

  it('needs a title, and a book section unless it is a CLI input', () => {
    expect(() => parseDashboardConfig({ title: ' ', screens: ['overview'], book })).toThrow(/title/);
    expect(() => parseDashboardConfig({ title: 't', screens: ['overview'] })).toThrow(/book/);
    expect(parseDashboardConfig({ title: 't', screens: ['overview'] }, { requireBook: false }).book).toBeUndefined();
  });

  it('refuses table paths that leave the folder or name another host', () => {
    for (const path of ['../secret', '/etc/passwd', 'http://evil.example/x.parquet', 'data//x', 'javascript:alert(1)', 'data/../../x']) {
      expect(isSafeRelativePath(path), path).toBe(false);
      expect(() => parseDashboardConfig({ title: 't', screens: ['overview'], book: { ...book, tables: { loans: { ...book.tables.loans, path } } } })).toThrow(DashboardConfigError);
    }
    expect(isSafeRelativePath('data/loans.parquet')).toBe(true);
  });

  it('has a mode: loans by default; aggregate only with Overview and Structure, and no loans table', () => {
    expect(parseDashboardConfig({ title: 't', screens: ['cases'], book }).mode).toBe('loans');
    expect(() => parseDashboardConfig({ title: 't', screens: ['overview'], mode: 'secret', book })).toThrow(/mode/);
    expect(() => parseDashboardConfig({ title: 't', screens: ['overview', 'cases'], mode: 'aggregate' }, { requireBook: false })).toThrow(/cannot show cases/);
    expect(() => parseDashboardConfig({ title: 't', screens: ['overview'], mode: 'aggregate', book })).toThrow(/no loans table/);
    const aggregate = { minCell: 5, dimensions: ['industry'], cubes: [{ signature: 's', dimensions: ['industry'], sets: ['', 'industry'], path: 'data/cube-0.parquet', rows: 3, bytes: 10 }], facts: { path: 'data/facts.json' }, shape: {} };
    const c = parseDashboardConfig({ title: 't', screens: ['overview'], mode: 'aggregate', book: { name: 'b', tables: {}, aggregate }, privacy: { minCell: 5, cells: 3, suppressedCells: 1 } });
    expect(c.book.aggregate?.cubes[0].sets).toEqual(['', 'industry']);
    expect(c.privacy).toMatchObject({ minCell: 5, cells: 3, suppressedCells: 1 });
    expect(() => parseDashboardConfig({ title: 't', screens: ['overview'], mode: 'aggregate', book: { name: 'b', tables: {}, aggregate: { ...aggregate, facts: { path: '../x' } } } })).toThrow(/facts/);
  });
});
