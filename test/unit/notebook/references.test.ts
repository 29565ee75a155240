import { describe, expect, it } from 'vitest';
import { newNotebook, sqlCell } from '../../../src/lib/notebook/model';
import { dependencyOrder, isQueryLike, referencedNames, ReferenceCycleError, stripSqlNoise, trimStatement } from '../../../src/lib/notebook/references';

describe('cell references', () => {
  const names = new Set(['a', 'b', 'by_industry']);

  it('finds nb_<name> references, not those in comments or strings, nor unknown names', () => {
    expect(referencedNames("SELECT * FROM nb_a JOIN NB_B USING (k) -- nb_by_industry\nWHERE x = 'nb_by_industry' /* nb_a */", names).sort()).toEqual(['a', 'b']);
    expect(referencedNames('SELECT * FROM nb_unknown, nb_a_b', names)).toEqual([]);
    expect(stripSqlNoise("a 'b''c' d")).toBe('a        d');
  });

  it('tells single queries from other statements', () => {
    expect(isQueryLike('SELECT 1;')).toBe(true);
    expect(isQueryLike('-- note\nWITH x AS (SELECT 1) SELECT * FROM x')).toBe(true);
    expect(isQueryLike('FROM loans LIMIT 3')).toBe(true);
    expect(isQueryLike('CREATE TABLE t AS SELECT 1')).toBe(false);
    expect(isQueryLike('SELECT 1; SELECT 2')).toBe(false);
    expect(isQueryLike("SELECT ';'")).toBe(true);
    expect(trimStatement('SELECT 1 ;; \n')).toBe('SELECT 1');
  });

  it('orders the views a cell needs, dependencies first, each once', () => {
    const a = sqlCell('SELECT 1 AS k', 'a');
    const b = sqlCell('SELECT * FROM nb_a', 'b');
    const c = sqlCell('SELECT * FROM nb_b JOIN nb_a USING (k)', 'c');
    const d = sqlCell('SELECT * FROM nb_c, nb_a');
    const nb = newNotebook('t', [a, b, c, d]);
    expect(dependencyOrder(nb, d).map((x) => x.name)).toEqual(['a', 'b', 'c']);
    expect(dependencyOrder(nb, a)).toEqual([]);
  });

  it('detects cells that read each other in a circle', () => {
    const a = sqlCell('SELECT * FROM nb_b', 'a');
    const b = sqlCell('SELECT * FROM nb_a', 'b');
    const self = sqlCell('SELECT * FROM nb_self', 'self');
    const nb = newNotebook('t', [a, b, self]);
    expect(() => dependencyOrder(nb, a)).toThrow(ReferenceCycleError);
    expect(() => dependencyOrder(nb, self)).toThrow(/nb_self → nb_self/);
  });
});
