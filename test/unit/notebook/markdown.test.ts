import { describe, expect, it } from 'vitest';
import { parseMarkdown, safeHref, type MdBlock, type MdInline } from '../../../src/lib/notebook/markdown';

/** Every text a reader would see, and every link target. */
function walk(blocks: MdBlock[]): { text: string; hrefs: string[]; kinds: Set<string> } {
  let text = '';
  const hrefs: string[] = [];
  const kinds = new Set<string>();
  const inl = (nodes: MdInline[]) => {
    for (const n of nodes) {
      kinds.add(n.t);
      if (n.t === 'text' || n.t === 'code') text += n.text;
      if (n.t === 'link') hrefs.push(n.href);
      if ('children' in n) inl(n.children);
    }
  };
  const blk = (bs: MdBlock[]) => {
    for (const b of bs) {
      kinds.add(`block:${b.t}`);
      if (b.t === 'heading' || b.t === 'p') inl(b.children);
      if (b.t === 'code') text += b.text;
      if (b.t === 'quote') blk(b.blocks);
      if (b.t === 'list') b.items.forEach(blk);
      if (b.t === 'table') [b.header, ...b.rows].flat().forEach(inl);
    }
  };
  blk(blocks);
  return { text, hrefs, kinds };
}

describe('Markdown in text cells', () => {
  it('keeps script and event-handler HTML as visible text, never as elements', () => {
    const { text, kinds } = walk(parseMarkdown('Hi <script>alert(1)</script> and <img src=x onerror=alert(2)>\n\n<script>alert(3)</script>\n\n<div onclick="x()">block</div>'));
    expect(text).toContain('<script>alert(1)</script>');
    expect(text).toContain('<img src=x onerror=alert(2)>');
    expect(text).toContain('<script>alert(3)</script>');
    expect(text).toContain('<div onclick="x()">block</div>');
    expect([...kinds].every((k) => /^(block:)?(text|p|heading|code|strong|em|del|link|br|list|quote|hr|table)$/.test(k))).toBe(true);
  });

  it('turns images into links (no fetch from another host) and drops unsafe link targets', () => {
    const { hrefs, text } = walk(parseMarkdown('![chart](https://example.org/x.png) [bad](javascript:alert(1)) [data](data:text/html,x) [ok](https://example.org) [here](#/overview)'));
    expect(hrefs).toEqual(['https://example.org/x.png', 'https://example.org', '#/overview']);
    expect(text).toContain('[bad](javascript:alert(1))');
    expect(safeHref(' JavaScript:x')).toBeNull();
  });

  it('renders the usual structure: headings, lists, emphasis, code, tables, entities', () => {
    const blocks = parseMarkdown('# Title\n\n- **bold** and *em*\n- `code`\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\nAT&amp;T &lt;3');
    expect(blocks.map((b) => b.t)).toEqual(['heading', 'list', 'table', 'p']);
    const { text, kinds } = walk(blocks);
    expect(kinds.has('strong') && kinds.has('em') && kinds.has('code')).toBe(true);
    expect(text).toContain('AT&T <3');
    const table = blocks[2];
    expect(table.t === 'table' && table.align).toEqual([null, 'right']);
  });
});
