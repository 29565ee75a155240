import { escapeXml as esc, evidenceSvg } from './svg';
import { segmentPart } from './parts';
import { formatMessage, formatNumber, formatPart, statementAround, type ReportLanguage } from './text';
import { PROBLEMS } from '../metrics/flags/types';
import type { CaseRef, Finding, Headline, Message, Report } from './types';

export interface ExportMeta {
  bookName: string;
  /** ISO timestamp of the export. */
  generatedAt: string;
  /** Absolute link to a loan's case file in the app. */
  caseLink: (loanId: string) => string;
}

/** A figure carrying its raw value for tests, as on the screen. */
export function figureHtml(h: Headline, lang: ReportLanguage): string {
  return `<span class="num" data-metric="${esc(h.metric)}" data-value="${h.value ?? ''}">${esc(formatNumber(h.kind, h.value, lang.locale, lang.currency))}</span>`;
}

/** Metric names of the causes and remedies, shared by the screen and the export. */
export const causeMetric = (cause: string, what: 'defaults' | 'excess' | 'rank') => `cause_${cause}_${what}`;
export const problemMetric = (problem: string) => `problem_${problem}_findings`;

/** A self-contained HTML document of the report: inline styles and SVG, no script, every data value escaped. */
export function renderReportHtml(report: Report, lang: ReportLanguage, meta: ExportMeta): string {
  const t = (key: string, vars: Record<string, string | number> = {}) => esc(lang.t(key, vars));
  const m = (msg: Message) => esc(formatMessage(msg, lang));
  /** A field as the reader knows it (its label), the name itself where there is none. */
  const field = (name: string) => {
    const label = lang.t(`field.${name}`);
    return label === `field.${name}` ? name : label;
  };
  const num = (kind: Parameters<typeof formatNumber>[0], v: number | null) => esc(formatNumber(kind, v, lang.locale, lang.currency));
  const filters = report.filters.length ? report.filters.map((f) => `${lang.t(`dim.${f.dimension}`)} = ${f.values.join(' / ')}`).join('; ') : lang.t('filters.none');
  const body: string[] = [];

  body.push(`<header><h1>${t('report.title')}</h1><p class="sub">${t('report.subtitle')}</p>
<p class="meta">${esc(lang.t('report.meta', { book: meta.bookName, asOf: report.asOf ?? '–', loans: formatNumber('count', report.loans, lang.locale), filters }))}</p>
<p class="definition" data-testid="outcome-definition" data-basis="${report.definitions.outcome ?? 'none'}">${t(`outcome.def.${report.definitions.outcome ?? 'none'}`)}</p>
<p class="definition" data-testid="exposure-basis" data-basis="${report.definitions.exposure}">${t(report.definitions.exposure === 'amount' ? 'def.balanceClosed' : 'def.balance')}</p>
<p class="muted">${t('report.intro')}</p></header>`);

  // 1. Current state
  const s = report.state;
  const tiles = (figs: typeof s.size) =>
    `<div class="tiles">${figs
      .map((f) => `<div class="tile"><div class="label">${m(f.label)}</div><div class="value">${figureHtml(f, lang)}</div>${f.missing ? `<div class="note">${t('report.state.missing', { fields: f.missing.map(field).join(', ') })}</div>` : f.note ? `<div class="note">${m(f.note)}</div>` : ''}</div>`)
      .join('')}</div>`;
  body.push(`<section><h2>${t('report.section.state')}</h2>
<h3>${t('report.state.size')}</h3>${tiles(s.size)}
${s.growth.length ? `<h3>${t('report.state.growthTitle')}</h3><table><thead><tr><th>${t('report.col.year')}</th><th class="n">${t('report.col.loans')}</th><th class="n">${t('report.col.amount')}</th><th class="n">${t('report.col.growth')}</th></tr></thead><tbody>${s.growth
    .map((g) => `<tr><td>${esc(g.year)}</td><td class="n">${num('count', g.loans)}</td><td class="n">${num('compact', g.amount)}</td><td class="n">${g.growth === null ? '–' : num('share', g.growth)}</td></tr>`)
    .join('')}</tbody></table>` : ''}
<h3>${t('report.state.qualityTitle')}</h3>${tiles(s.quality)}
${s.classes.length ? mixTable(t('report.classesTitle'), t('report.col.class'), s.classes.map((c) => ({ ...c, name: lang.t(`class.${c.key}`) })), num) : ''}
${s.stageSource !== 'none' ? mixTable(esc(lang.t('report.stagesTitle', { source: lang.t(`report.stageSource.${s.stageSource}`) })), t('report.col.stage'), s.stages.map((c) => ({ ...c, name: lang.t(`stage.${c.key}`) })), num) : ''}
<h3>${t('report.state.structureTitle')}</h3>${tiles(s.structure)}
${s.topSegments ? `<table class="avoid"><caption>${t('report.topSegmentsTitle')}</caption><thead><tr><th>${t('report.col.segment')}</th><th class="n">${t(report.definitions.exposure === 'amount' ? 'exposure.share.amount' : 'report.col.share')}</th><th class="n">${t('report.col.loans')}</th><th class="n">${t('report.col.npl')}</th><th class="n">${t('report.col.defaultRate')}</th></tr></thead><tbody>${s.topSegments.rows
    .map((r) => `<tr${r.weak ? ' class="weak"' : ''}><td>${esc(formatPart(r.label, lang))}</td><td class="n">${num('share', r.share)}</td><td class="n">${num('count', r.loans)}</td><td class="n">${num('rate', r.nplRatio)}</td><td class="n">${num('rate', r.defaultRate)}</td></tr>`)
    .join('')}</tbody></table>` : ''}
${s.limits.length ? `<table class="avoid"><caption>${t('report.limitsTitle')}</caption><thead><tr><th>${t('report.col.limit')}</th><th class="n">${t('report.col.value')}</th><th>${t('report.col.status')}</th></tr></thead><tbody>${s.limits
    .map((l) => `<tr${l.breach ? ' class="breach"' : ''}><td>${m(l.label)}</td><td class="n">${num(l.unit, l.value)}${l.key ? ` (${esc(l.key)})` : ''}</td><td>${t(l.breach === null ? 'report.limit.unknown' : l.breach ? 'report.limit.breach' : 'report.limit.within')}</td></tr>`)
    .join('')}</tbody></table>` : ''}
</section>`);

  // 2. Findings
  body.push(`<section><h2>${t('report.section.findings')}</h2>${report.problems
    .map((p) => `<div class="problem"><h3>${esc(lang.t('report.problem.heading', { code: p.problem, name: lang.t(`flags.problem.${p.problem}`) }))} <span class="count" data-metric="${problemMetric(p.problem)}" data-value="${p.findings.length}">${p.findings.length}</span></h3>
${p.findings.length ? p.findings.map((f) => findingHtml(f, lang, meta)).join('') : `<p class="muted">${t('report.noFindings')}</p>`}</div>`)
    .join('')}</section>`);

  // 3. Causes
  body.push(`<section><h2>${t('report.section.causes')}</h2>${report.causes.length ? `<p class="muted">${t('report.causes.intro')}</p><ol class="causes">${report.causes
    .map((c) => `<li class="avoid${c.weak ? ' weak' : ''}"><h4>${esc(`${c.cause} ${lang.t(`flags.cause.${c.cause}`)}`)}</h4>
<p>${esc(lang.t('report.causes.defaults', { count: formatNumber('count', c.defaults, lang.locale), share: formatNumber('share', c.share, lang.locale), loss: formatNumber('share', c.lossShare, lang.locale) }))} <span hidden data-metric="${causeMetric(c.cause, 'defaults')}" data-value="${c.defaults}"></span><span hidden data-metric="${causeMetric(c.cause, 'rank')}" data-value="${c.rank}"></span>
${c.excess === null ? t('report.causes.noConfirmed') : `${t('report.causes.excess')} <span class="num" data-metric="${causeMetric(c.cause, 'excess')}" data-value="${c.excess}">${num('count', Math.round(c.excess))}</span>`}</p>
<ul class="flags">${c.flags.map((f) => `<li>${m(f.label)} — ${num('count', f.defaults)}${f.rateRatio !== null ? ` · ${num('ratio', f.rateRatio)}` : ''} · <em>${t(f.significant ? 'report.causes.confirmed' : f.tested ? 'report.causes.notConfirmed' : 'report.causes.notTested')}</em></li>`).join('')}</ul>
${c.cases.length ? `<p class="cases">${t('report.finding.cases')}: ${c.cases.map((k) => caseLinkHtml(k.loanId, meta)).join(' ')}</p>` : ''}</li>`)
    .join('')}</ol>${report.unexplained ? `<p>${esc(lang.t('report.causes.unexplained', { count: formatNumber('count', report.unexplained.count, lang.locale), share: formatNumber('share', report.unexplained.share, lang.locale) }))}</p>` : ''}` : `<p class="muted">${t('report.causes.none')}</p>`}</section>`);

  // 4. Remedies
  body.push(`<section><h2>${t('report.section.remedies')}</h2>${report.remedies
    .map((r) => `<div class="remedy avoid"><h3>${t(`report.remedy.${r.remedy}`)} <span hidden data-metric="remedy_${r.remedy}_targets" data-value="${r.findings.length}"></span></h3><p class="muted">${t(`report.remedy.${r.remedy}.why`)}</p>${r.findings.length ? `<ul>${r.findings.map((f) => `<li${f.weak ? ' class="weak"' : ''}><strong>${esc(f.problem)}</strong> ${m(f.target)}</li>`).join('')}</ul>` : `<p class="muted">${t('report.remedy.none')}</p>`}</div>`)
    .join('')}</section>`);

  // 5. Cases
  body.push(`<section><h2>${t('report.section.cases')}</h2><p class="muted">${t('report.cases.intro')}</p>${PROBLEMS.map((code) => {
    const p = report.problems.find((x) => x.problem === code)!;
    return `<h3>${esc(lang.t('report.problem.heading', { code, name: lang.t(`flags.problem.${code}.short`) }))}</h3>${p.cases.length ? casesTable(p.cases, lang, meta) : `<p class="muted">${t('report.cases.none')}</p>`}`;
  }).join('')}</section>`);

  // 6–7. Rules, not assessed
  body.push(`<section><h2>${t('report.section.rules')}</h2><ul class="rules">${report.rules.map((r) => `<li>${m(r)}</li>`).join('')}</ul></section>`);
  body.push(`<section><h2>${t('report.section.notAssessed')}</h2>${report.notAssessed.length ? `<ul>${report.notAssessed.map((n) => `<li>${m(n.what)}${n.missing.length ? ` — ${t('report.na.fields', { fields: n.missing.map(field).join(', ') })}` : ''}</li>`).join('')}</ul>` : `<p class="muted">${t('report.na.none')}</p>`}</section>`);
  body.push(`<footer class="muted">${esc(lang.t('report.generated', { date: meta.generatedAt.slice(0, 10) }))}</footer>`);

  return `<!doctype html>
<html lang="${lang.locale === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t('report.title')} · ${esc(meta.bookName)}</title><style>${REPORT_CSS}</style></head>
<body><main class="report">${body.join('\n')}</main></body></html>`;
}

/** The statement with its headline figure tagged, written once. */
function statementHtml(f: Finding, lang: ReportLanguage): string {
  const [before, after] = statementAround(f.statement, f.headline, lang);
  return `${esc(before)}<span class="headline">${figureHtml(f.headline, lang)}</span>${esc(after)}`;
}

function findingHtml(f: Finding, lang: ReportLanguage, meta: ExportMeta): string {
  const m = (msg: Message) => esc(formatMessage(msg, lang));
  const t = (key: string, vars: Record<string, string | number> = {}) => esc(lang.t(key, vars));
  return `<article class="finding${f.weak ? ' weak' : ''}" data-finding="${esc(f.id)}">
<p class="statement">${statementHtml(f, lang)}${f.weak ? ` <span class="badge">${t('report.weak')}</span>` : ''}</p>
${f.details.map((d) => `<p>${m(d)}</p>`).join('')}
<figure>${evidenceSvg(f.evidence, lang)}<figcaption>${m(f.evidence.title)} · ${t('report.loansBehind', { loans: formatNumber('count', f.loans, lang.locale) })}</figcaption></figure>
<p class="rule"><strong>${t('report.finding.rule')}:</strong> ${m(f.rule)}</p>
<p class="target"><strong>${t('report.finding.target')} — ${t(`report.remedy.${f.remedy}`)}:</strong> ${m(f.target)}</p>
${f.cases.length ? `<p class="cases">${t('report.finding.cases')}: ${f.cases.map((id) => caseLinkHtml(id, meta)).join(' ')}</p>` : ''}
</article>`;
}

function caseLinkHtml(loanId: string, meta: ExportMeta): string {
  return `<a href="${esc(meta.caseLink(loanId))}">${esc(loanId)}</a>`;
}

function casesTable(cases: CaseRef[], lang: ReportLanguage, meta: ExportMeta): string {
  const t = (key: string) => esc(lang.t(key));
  return `<table class="avoid"><thead><tr><th>${t('report.col.loan')}</th><th>${t('report.col.segment')}</th><th>${t('report.col.branch')}</th><th>${t('report.col.flags')}</th><th class="n">${t('report.col.loss')}</th></tr></thead><tbody>${cases
    .map((c) => `<tr><td>${caseLinkHtml(c.loanId, meta)}</td><td>${esc(c.industry === null ? '–' : formatPart(segmentPart('industry', c.industry), lang))}</td><td>${esc(c.branch ?? '–')}</td><td>${esc(c.flagLabels.map((l) => formatPart(l, lang)).join('; '))}</td><td class="n">${esc(formatNumber('amount', c.loss, lang.locale, lang.currency))}</td></tr>`)
    .join('')}</tbody></table>`;
}

function mixTable(title: string, keyHeader: string, rows: { name: string; loans: number; balance: number; share: number | null }[], num: (k: 'count' | 'compact' | 'share', v: number | null) => string): string {
  return `<table class="avoid"><caption>${title}</caption><thead><tr><th>${keyHeader}</th><th class="n">${esc('#')}</th><th class="n">∑</th><th class="n">%</th></tr></thead><tbody>${rows
    .map((r) => `<tr><td>${esc(r.name)}</td><td class="n">${num('count', r.loans)}</td><td class="n">${num('compact', r.balance)}</td><td class="n">${num('share', r.share)}</td></tr>`)
    .join('')}</tbody></table>`;
}

/** Styles of the exported file; the print rules give a clean PDF from the browser's print dialog. */
export const REPORT_CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, 'Segoe UI', 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif; color: #1d2430; background: #fff; }
.report { max-width: 860px; margin: 0 auto; padding: 24px; }
h1 { font-size: 1.8rem; margin: 0 0 4px; }
h2 { font-size: 1.3rem; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 2px solid #1f5fbf; }
h3 { font-size: 1.05rem; margin: 18px 0 8px; }
h4 { margin: 0 0 4px; font-size: 1rem; }
.sub { margin: 0; color: #5b6573; font-size: 1.05rem; }
.meta { margin: 8px 0 0; font-weight: 600; }
.muted, .note, footer, .definition { color: #5b6573; }
.definition { font-size: 12px; margin: 2px 0; }
.num, td.n, th.n { font-variant-numeric: tabular-nums; }
td.n, th.n { text-align: right; }
.tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 8px; }
.tile { border: 1px solid #d9dee5; border-radius: 6px; padding: 8px 10px; break-inside: avoid; }
.tile .label { color: #5b6573; font-size: 0.85rem; }
.tile .value { font-size: 1.35rem; font-weight: 650; white-space: nowrap; }
.tile .note { font-size: 0.78rem; }
table { border-collapse: collapse; width: 100%; margin: 10px 0; font-size: 0.9rem; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { padding: 3px 8px; border-bottom: 1px solid #e4e8ee; text-align: left; vertical-align: top; }
thead th { border-bottom: 1.5px solid #5b6573; }
tr.breach td { font-weight: 650; }
tr.weak td, li.weak, .finding.weak .statement { color: #7b8494; }
.problem > h3 .count { font-size: 0.8rem; font-weight: 600; background: #e8eef8; color: #1f5fbf; border-radius: 10px; padding: 1px 8px; vertical-align: middle; }
.finding { border: 1px solid #d9dee5; border-left: 4px solid #1f5fbf; border-radius: 6px; padding: 10px 14px; margin: 10px 0; break-inside: avoid; }
.finding.weak { border-left-color: #a3abb8; }
.finding p { margin: 4px 0; }
.statement { font-size: 1.02rem; }
.headline .num { font-weight: 700; color: #1f5fbf; margin-right: 4px; }
.badge { font-size: 0.75rem; border: 1px solid #7b8494; border-radius: 8px; padding: 0 6px; color: #5b6573; }
figure { margin: 8px 0; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 0.8rem; color: #5b6573; }
.rule { font-size: 0.85rem; color: #5b6573; }
.target { background: #f3f6fb; padding: 6px 8px; border-radius: 4px; }
.causes { padding-left: 20px; }
.causes > li { margin-bottom: 12px; }
.flags { margin: 4px 0; padding-left: 18px; font-size: 0.9rem; }
.remedy { border-top: 1px solid #e4e8ee; }
.remedy h3 { margin-top: 12px; }
a { color: #1f5fbf; }
footer { margin-top: 32px; font-size: 0.8rem; border-top: 1px solid #e4e8ee; padding-top: 8px; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { font-size: 11pt; }
  .report { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  h3, h4 { break-after: avoid; }
  .avoid, .finding, .tile, figure, tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;
