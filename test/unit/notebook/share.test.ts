import { describe, expect, it } from 'vitest';
import { newNotebook, sqlCell, textCell } from '../../../src/lib/notebook/model';
import { decodeShare, encodeShare, MAX_SHARE_CHARS } from '../../../src/lib/notebook/share';
import { NotebookFormatError } from '../../../src/lib/notebook/serialise';

describe('share links', () => {
  it('encodes a notebook as URL-safe text and decodes it back', async () => {
    const nb = newNotebook('不良率 by branch', [textCell('## 说明\nNotes'), sqlCell('SELECT branch, avg(pd) FROM loans GROUP BY 1', 'pd_by_branch')]);
    const r = await encodeShare(nb);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.param).toMatch(/^[A-Za-z0-9_-]+$/);
    const back = await decodeShare(r.param);
    expect(back.title).toBe(nb.title);
    expect(back.cells).toEqual(nb.cells);
  });

  it('refuses a notebook too long for a link', async () => {
    // Random text does not compress: this is well over the limit after deflate.
    let noise = '';
    for (let i = 0; i < 20_000; i++) noise += Math.random().toString(36).slice(2, 4);
    const r = await encodeShare(newNotebook('big', [textCell(noise)]));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.length).toBeGreaterThan(MAX_SHARE_CHARS);
  });

  it('reports a damaged link instead of throwing something unreadable', async () => {
    await expect(decodeShare('not*base64')).rejects.toBeInstanceOf(NotebookFormatError);
    await expect(decodeShare('AAAA')).rejects.toBeInstanceOf(NotebookFormatError);
    const r = await encodeShare(newNotebook('x', [sqlCell('SELECT 1')]));
    if (r.ok) await expect(decodeShare(r.param.slice(0, r.param.length / 2))).rejects.toBeInstanceOf(NotebookFormatError);
  });
});
