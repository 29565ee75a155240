import { describe, expect, it } from 'vitest';
import { chartCell, copyNotebook, freeName, moveCell, nameProblem, newNotebook, sqlCell, sqlCellsBefore, textCell } from '../../../src/lib/notebook/model';

describe('notebook model', () => {
  it('checks cell names: SQL-safe and unique within the notebook', () => {
    const a = sqlCell('SELECT 1', 'by_industry');
    const b = sqlCell('SELECT 2');
    const nb = newNotebook('t', [a, b]);
    expect(nameProblem(nb, b.id, '')).toBeNull();
    expect(nameProblem(nb, b.id, 'by_branch')).toBeNull();
    expect(nameProblem(nb, b.id, 'by_industry')).toBe('taken');
    expect(nameProblem(nb, a.id, 'by_industry')).toBeNull();
    for (const bad of ['1abc', 'By', 'a-b', 'a b', 'x;drop']) expect(nameProblem(nb, b.id, bad)).toBe('invalid');
  });

  it('derives a free SQL-safe name from any title', () => {
    const nb = newNotebook('t', [sqlCell('', 'npl_by_class')]);
    expect(freeName(nb, 'NPL by class')).toBe('npl_by_class_2');
    expect(freeName(nb, '五级分类')).toBe('query');
    expect(freeName(nb, '2024 vintages')).toBe('_2024_vintages');
  });

  it('moves cells within bounds and lists SQL cells above a cell, nearest first', () => {
    const [a, t, b, c] = [sqlCell('a'), textCell('t'), sqlCell('b'), chartCell('')];
    const nb = newNotebook('t', [a, t, b, c]);
    expect(sqlCellsBefore(nb, c.id).map((x) => x.id)).toEqual([b.id, a.id]);
    moveCell(nb, a.id, -1);
    expect(nb.cells[0].id).toBe(a.id);
    moveCell(nb, a.id, 1);
    expect(nb.cells.map((x) => x.id)).toEqual([t.id, a.id, b.id, c.id]);
  });

  it('copies with new ids and keeps each chart linked to its SQL cell', () => {
    const s = sqlCell('SELECT 1 AS x, 2 AS y', 'q');
    const ch = chartCell(s.id, { x: 'x', y: 'y' });
    const copy = copyNotebook(newNotebook('orig', [s, ch]), 'copy');
    expect(copy.title).toBe('copy');
    expect(copy.cells[0].id).not.toBe(s.id);
    expect(copy.cells[1].kind === 'chart' && copy.cells[1].from).toBe(copy.cells[0].id);
  });
});
