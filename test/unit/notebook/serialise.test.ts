import { describe, expect, it } from 'vitest';
import { chartCell, newNotebook, sqlCell, textCell } from '../../../src/lib/notebook/model';
import { fromJson, fromMarkdown, NotebookFormatError, parseNotebookFile, toJson, toMarkdown } from '../../../src/lib/notebook/serialise';

function sample() {
  const q = sqlCell("SELECT industry, count(*) AS n\nFROM loans -- ```not a fence```\nGROUP BY 1;", 'by_industry');
  return newNotebook('NPL 不良率 notes', [
    textCell('# Heading\n\nSome *text* with a fence:\n\n```sql\nSELECT 1\n```'),
    q,
    chartCell(q.id, { mark: 'barX', x: 'industry', y: 'n', color: 'industry' }),
    textCell('Second note'),
    sqlCell('SELECT 42'),
  ]);
}

describe('notebook files', () => {
  it('round-trips through JSON', () => {
    const nb = sample();
    expect(fromJson(toJson(nb))).toEqual(nb);
  });

  it('round-trips through Markdown: cells, names, ids, chart links, fenced text', () => {
    const nb = sample();
    const md = toMarkdown(nb);
    expect(md).toContain('# NPL 不良率 notes');
    expect(md).toMatch(/```sql id=\S+ name=by_industry/);
    const back = fromMarkdown(md);
    expect(back.title).toBe(nb.title);
    expect(back.cells).toEqual(nb.cells);
  });

  it('reads hand-written Markdown: loose text becomes text cells, ```sql blocks SQL cells', () => {
    const nb = fromMarkdown('# My analysis\n\nIntro paragraph.\n\n```sql\nSELECT 1\n```\n\nAfter.\n');
    expect(nb.title).toBe('My analysis');
    expect(nb.cells.map((c) => c.kind)).toEqual(['text', 'sql', 'text']);
    expect(nb.cells[1]).toMatchObject({ kind: 'sql', name: '', source: 'SELECT 1' });
  });

  it('refuses files that are not notebooks, and drops what it does not know', () => {
    expect(() => fromJson('{nope')).toThrow(NotebookFormatError);
    expect(() => fromJson('{"title":"x"}')).toThrow(NotebookFormatError);
    expect(() => fromJson('{"format":99,"cells":[]}')).toThrow(NotebookFormatError);
    const nb = fromJson(
      JSON.stringify({ title: 't', cells: [{ kind: 'evil', source: 'x' }, { kind: 'sql', name: 'Bad Name', source: 'SELECT 1' }, { kind: 'chart', from: 'a', spec: { mark: 'pie' } }, 42] }),
    );
    expect(nb.cells).toHaveLength(2);
    expect(nb.cells[0]).toMatchObject({ kind: 'sql', name: '' });
    expect(nb.cells[1]).toMatchObject({ kind: 'chart', spec: { mark: 'barY' } });
  });

  it('picks the format from the file', () => {
    const nb = sample();
    expect(parseNotebookFile('a.json', toJson(nb)).cells).toHaveLength(5);
    expect(parseNotebookFile('a.md', toMarkdown(nb)).cells).toHaveLength(5);
  });
});
