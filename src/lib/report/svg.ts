import { formatMessage, formatNumber, formatPart, type ReportLanguage } from './text';
import type { Evidence } from './types';

/** Text for XML: the five special characters escaped (data values can hold anything). */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Rough width of a label in px at 11px: CJK characters are about twice as wide as Latin ones. */
function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u2E80-\u9FFF\uFF00-\uFFEF]/.test(ch) ? 11 : 6.2;
  return w;
}

export const EVIDENCE_COLOURS = { accent: '#1f5fbf', rest: '#a3abb8', reference: '#7a4a00', text: '#1d2430', muted: '#5b6573', grid: '#d9dee5' };

/**
 * The evidence of a finding as a static SVG (horizontal bars, one scale, an optional reference
 * line): what the HTML export and the printed report show, with no script.
 */
export function evidenceSvg(e: Evidence, lang: ReportLanguage, width = 560): string {
  const c = EVIDENCE_COLOURS;
  const labels = e.bars.map((b) => formatPart(b.label, lang));
  const kind = e.unit === 'share' ? 'share' : e.unit === 'rate' ? 'rate' : e.unit === 'count' ? 'count' : 'decimal';
  const values = e.bars.map((b) => formatNumber(kind, b.value, lang.locale, lang.currency));
  const left = Math.min(width * 0.42, 12 + Math.max(40, ...labels.map(textWidth)));
  const right = 70;
  const row = 22;
  const top = e.reference ? 22 : 8;
  const height = top + e.bars.length * row + 8;
  const max = Math.max(1e-12, ...e.bars.map((b) => Math.max(b.value, b.high ?? 0)), e.reference?.value ?? 0) * 1.08;
  const x = (v: number) => left + (Math.max(0, v) / max) * (width - left - right);
  const parts: string[] = [];
  e.bars.forEach((b, i) => {
    const y = top + i * row;
    parts.push(`<text x="${left - 6}" y="${y + 15}" text-anchor="end" fill="${c.text}">${escapeXml(labels[i])}</text>`);
    parts.push(`<rect x="${left}" y="${y + 4}" width="${(x(b.value) - left).toFixed(1)}" height="${row - 8}" fill="${b.highlight ? c.accent : c.rest}"><title>${escapeXml(`${labels[i]}: ${values[i]}`)}</title></rect>`);
    if (b.low !== undefined && b.high !== undefined) {
      parts.push(`<line x1="${x(b.low).toFixed(1)}" x2="${x(b.high).toFixed(1)}" y1="${y + row / 2}" y2="${y + row / 2}" stroke="${c.text}" stroke-width="1.5"/>`);
    }
    parts.push(`<text x="${(x(Math.max(b.value, b.high ?? 0)) + 4).toFixed(1)}" y="${y + 15}" fill="${c.text}">${escapeXml(values[i])}</text>`);
  });
  parts.push(`<line x1="${left}" x2="${left}" y1="${top}" y2="${height - 6}" stroke="${c.muted}"/>`);
  if (e.reference) {
    const rx = x(e.reference.value).toFixed(1);
    const label = formatMessage(e.reference.label, lang);
    parts.push(`<line x1="${rx}" x2="${rx}" y1="${top - 4}" y2="${height - 6}" stroke="${c.reference}" stroke-width="1.5" stroke-dasharray="4 3"/>`);
    parts.push(`<text x="${rx}" y="${top - 8}" text-anchor="middle" fill="${c.reference}">${escapeXml(label)}</text>`);
  }
  const title = formatMessage(e.title, lang);
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeXml(title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="system-ui, 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif" font-size="11">${parts.join('')}</svg>`;
}
