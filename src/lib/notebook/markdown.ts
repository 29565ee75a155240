import { Lexer, type Token, type Tokens } from 'marked';

/**
 * Markdown as a small tree of safe nodes for a Svelte component to draw with ordinary elements.
 * Nothing here becomes HTML: raw HTML is kept as visible text, images become links (an <img>
 * would fetch from another host), and only http(s), mailto and in-page links survive.
 */
export type MdInline =
  | { t: 'text'; text: string }
  | { t: 'strong' | 'em' | 'del'; children: MdInline[] }
  | { t: 'code'; text: string }
  | { t: 'link'; href: string; children: MdInline[] }
  | { t: 'br' };

export type MdBlock =
  | { t: 'heading'; depth: number; children: MdInline[] }
  | { t: 'p'; children: MdInline[] }
  | { t: 'code'; text: string; lang: string }
  | { t: 'quote'; blocks: MdBlock[] }
  | { t: 'list'; ordered: boolean; start: number; items: MdBlock[][] }
  | { t: 'hr' }
  | { t: 'table'; align: ('left' | 'right' | 'center' | null)[]; header: MdInline[][]; rows: MdInline[][][] };

export function parseMarkdown(source: string): MdBlock[] {
  return blocks(new Lexer({ gfm: true }).lex(source));
}

function blocks(tokens: readonly Token[]): MdBlock[] {
  const out: MdBlock[] = [];
  for (const tok of tokens) {
    switch (tok.type) {
      case 'space':
      case 'def':
        break;
      case 'heading':
        out.push({ t: 'heading', depth: Math.min(6, Math.max(1, (tok as Tokens.Heading).depth)), children: inlines(tok.tokens ?? []) });
        break;
      case 'paragraph':
        out.push({ t: 'p', children: inlines(tok.tokens ?? []) });
        break;
      case 'code':
        out.push({ t: 'code', text: (tok as Tokens.Code).text, lang: (tok as Tokens.Code).lang ?? '' });
        break;
      case 'blockquote':
        out.push({ t: 'quote', blocks: blocks(tok.tokens ?? []) });
        break;
      case 'hr':
        out.push({ t: 'hr' });
        break;
      case 'list': {
        const list = tok as Tokens.List;
        out.push({ t: 'list', ordered: list.ordered, start: typeof list.start === 'number' ? list.start : 1, items: list.items.map((i) => blocks(i.tokens)) });
        break;
      }
      case 'table': {
        const table = tok as Tokens.Table;
        out.push({ t: 'table', align: table.align, header: table.header.map((c) => inlines(c.tokens)), rows: table.rows.map((r) => r.map((c) => inlines(c.tokens))) });
        break;
      }
      case 'text':
        // Text at block level (tight list items) may carry inline tokens.
        out.push({ t: 'p', children: tok.tokens ? inlines(tok.tokens) : [{ t: 'text', text: tok.text ?? tok.raw }] });
        break;
      default:
        // html and anything unknown: shown as the text the author typed.
        out.push({ t: 'p', children: [{ t: 'text', text: tok.raw.trimEnd() }] });
    }
  }
  return out;
}

function inlines(tokens: readonly Token[]): MdInline[] {
  const out: MdInline[] = [];
  for (const tok of tokens) {
    switch (tok.type) {
      case 'text':
        if (tok.tokens?.length) out.push(...inlines(tok.tokens));
        else out.push({ t: 'text', text: decodeEntities(tok.text ?? tok.raw) });
        break;
      case 'escape':
        out.push({ t: 'text', text: tok.text ?? tok.raw });
        break;
      case 'strong':
      case 'em':
      case 'del':
        out.push({ t: tok.type, children: inlines(tok.tokens ?? []) });
        break;
      case 'codespan':
        out.push({ t: 'code', text: (tok as Tokens.Codespan).text });
        break;
      case 'br':
        out.push({ t: 'br' });
        break;
      case 'link':
      case 'image': {
        const href = safeHref((tok as Tokens.Link).href);
        const children: MdInline[] = tok.type === 'image' ? [{ t: 'text', text: (tok as Tokens.Image).text || (tok as Tokens.Image).href }] : inlines(tok.tokens ?? []);
        out.push(href ? { t: 'link', href, children } : { t: 'text', text: tok.raw });
        break;
      }
      default:
        out.push({ t: 'text', text: tok.raw });
    }
  }
  return out;
}

/** The link target when it is safe to follow, else null. */
export function safeHref(href: string): string | null {
  const h = href.trim();
  if (/^(https?:|mailto:)/i.test(h) || h.startsWith('#')) return h;
  return null;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Character references as the characters they stand for (the text is shown as text, never parsed as HTML). */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, code: string) => {
    if (code[0] !== '#') return ENTITIES[code.toLowerCase()] ?? m;
    const n = code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
    return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : m;
  });
}
