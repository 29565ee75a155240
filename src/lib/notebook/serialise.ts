import {
  CELL_NAME,
  CHART_MARKS,
  NOTEBOOK_FORMAT,
  newId,
  newNotebook,
  type Cell,
  type ChartCell,
  type ChartSpec,
  type Notebook,
} from './model';

/** Thrown when a file or link is not a notebook this app can read; `key` is an i18n key. */
export class NotebookFormatError extends Error {
  constructor(readonly key: string, detail = '') {
    super(detail || key);
    this.name = 'NotebookFormatError';
  }
}

export function toJson(notebook: Notebook): string {
  return JSON.stringify(notebook, null, 2);
}

/** Parses and checks a notebook JSON text; anything unexpected is dropped or refused, never trusted. */
export function fromJson(text: string): Notebook {
  return validate(parseJson(text, 'nb.error.notJson'));
}

/** JSON.parse, failing with the notebook error the caller names (a file that is not JSON, a broken link). */
export function parseJson(text: string, errorKey: 'nb.error.notJson' | 'nb.error.badLink'): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new NotebookFormatError(errorKey, String(e));
  }
}

export function validate(raw: unknown): Notebook {
  if (!isObject(raw) || !Array.isArray(raw.cells)) throw new NotebookFormatError('nb.error.notNotebook');
  if (raw.format !== undefined && raw.format !== NOTEBOOK_FORMAT) throw new NotebookFormatError('nb.error.newerFormat');
  const cells: Cell[] = [];
  const seen = new Set<string>();
  for (const c of raw.cells) {
    const cell = validCell(c);
    if (!cell) continue;
    if (seen.has(cell.id)) cell.id = newId();
    seen.add(cell.id);
    cells.push(cell);
  }
  const nb = newNotebook(str(raw.title).trim() || 'Notebook', cells);
  if (typeof raw.id === 'string' && /^[\w-]{1,64}$/.test(raw.id)) nb.id = raw.id;
  if (isIsoDate(raw.created)) nb.created = raw.created;
  if (isIsoDate(raw.updated)) nb.updated = raw.updated;
  return nb;
}

function validCell(c: unknown): Cell | null {
  if (!isObject(c)) return null;
  const id = typeof c.id === 'string' && /^[\w-]{1,64}$/.test(c.id) ? c.id : newId();
  if (c.kind === 'sql') {
    const name = str(c.name);
    return { id, kind: 'sql', name: CELL_NAME.test(name) ? name : '', source: str(c.source) };
  }
  if (c.kind === 'text') return { id, kind: 'text', source: str(c.source) };
  if (c.kind === 'chart') return { id, kind: 'chart', from: str(c.from), spec: validSpec(c.spec) };
  return null;
}

export function validSpec(s: unknown): ChartSpec {
  const o = isObject(s) ? s : {};
  const mark = (CHART_MARKS as readonly string[]).includes(str(o.mark)) ? (o.mark as ChartSpec['mark']) : 'barY';
  const spec: ChartSpec = { mark, x: str(o.x), y: str(o.y) };
  if (str(o.color)) spec.color = str(o.color);
  if (str(o.facet)) spec.facet = str(o.facet);
  return spec;
}

/**
 * Markdown for reading anywhere: the title as `#`, text cells between `<!-- text id=… -->` markers,
 * SQL and chart cells as fenced blocks whose info string keeps name and id, so the file also
 * imports back into the same notebook.
 */
export function toMarkdown(notebook: Notebook): string {
  const parts = [`# ${notebook.title}`];
  for (const c of notebook.cells) {
    if (c.kind === 'text') parts.push(`<!-- text id=${c.id} -->\n${c.source}\n<!-- /text -->`);
    else if (c.kind === 'sql') parts.push(fenced(`sql id=${c.id}${c.name ? ` name=${c.name}` : ''}`, c.source));
    else parts.push(fenced(`chart id=${c.id} from=${c.from}`, JSON.stringify(c.spec)));
  }
  return `${parts.join('\n\n')}\n`;
}

function fenced(info: string, body: string): string {
  const longest = Math.max(2, ...(body.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${info}\n${body}\n${fence}`;
}

export function fromMarkdown(text: string): Notebook {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const cells: Cell[] = [];
  let title = '';
  let loose: string[] = [];
  const flushLoose = () => {
    const body = loose.join('\n').trim();
    if (body) cells.push({ id: newId(), kind: 'text', source: body });
    loose = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const textStart = /^<!-- text(?: id=([\w-]{1,64}))? -->$/.exec(line.trim());
    if (textStart) {
      flushLoose();
      const end = lines.indexOf('<!-- /text -->', i + 1);
      const stop = end < 0 ? lines.length : end;
      cells.push({ id: textStart[1] ?? newId(), kind: 'text', source: lines.slice(i + 1, stop).join('\n') });
      i = stop;
      continue;
    }
    const open = /^(`{3,})(sql|chart)\b(.*)$/.exec(line);
    if (open) {
      flushLoose();
      const close = lines.findIndex((l, j) => j > i && l.trim() === open[1]);
      const stop = close < 0 ? lines.length : close;
      const body = lines.slice(i + 1, stop).join('\n');
      const attrs = attributes(open[3]);
      const id = attrs.id && /^[\w-]{1,64}$/.test(attrs.id) ? attrs.id : newId();
      if (open[2] === 'sql') cells.push({ id, kind: 'sql', name: CELL_NAME.test(attrs.name ?? '') ? attrs.name! : '', source: body });
      else cells.push({ id, kind: 'chart', from: attrs.from ?? '', spec: validSpec(safeParse(body)) } satisfies ChartCell);
      i = stop;
      continue;
    }
    const heading = /^# (.+)$/.exec(line);
    if (heading && !title && cells.length === 0 && loose.every((l) => !l.trim())) {
      title = heading[1].trim();
      continue;
    }
    loose.push(line);
  }
  flushLoose();
  if (!title && cells.length === 0) throw new NotebookFormatError('nb.error.notNotebook');
  return newNotebook(title || 'Notebook', cells);
}

function attributes(info: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of info.matchAll(/(\w+)=(\S+)/g)) out[m[1]] = m[2];
  return out;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

/** Reads either format: JSON first, then Markdown. */
export function parseNotebookFile(name: string, text: string): Notebook {
  if (/\.json$/i.test(name) || text.trimStart().startsWith('{')) return fromJson(text);
  return fromMarkdown(text);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
function isIsoDate(v: unknown): v is string {
  return typeof v === 'string' && !Number.isNaN(Date.parse(v));
}
