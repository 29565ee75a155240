import type { LimitResult } from '../collect';
import type { Breakdown, Segment } from '../../metrics/portfolio';
import { dimensionPart, msg, n, nested, segmentPart, text } from '../parts';
import type { ReportSettings } from '../settings';
import type { Evidence, Finding, Message } from '../types';

/**
 * Balance that must leave a segment for its share s of total T to fall to the limit L, when the
 * rest of the book stays: (s − L·T) ÷ (1 − L). Growing the rest instead takes s ÷ L − T.
 */
export function runDownToLimit(segmentBalance: number, totalBalance: number, limit: number): { runDown: number; growRest: number } {
  return {
    runDown: Math.max(0, (segmentBalance - limit * totalBalance) / (1 - limit)),
    growRest: Math.max(0, segmentBalance / limit - totalBalance),
  };
}

/** Metric names are snake_case ASCII; segment values may be anything, so they are hex-free slugs or an index. */
export function metricSlug(value: unknown, index: number): string {
  const s = String(value ?? 'missing');
  return /^[A-Za-z0-9_]+$/.test(s) ? s : `n${index}`;
}

/** One finding per segment above a segment-share limit, and per breach of the other limits. */
export function limitFindings(results: readonly LimitResult[], settings: ReportSettings): Finding[] {
  const out: Finding[] = [];
  for (const r of results) {
    const check = r.check;
    if (!check?.breach) continue;
    const limit = r.limit;
    if (limit.kind === 'segment_share') {
      check.breaching.forEach((b, i) => out.push(segmentFinding(r, b.key, b.value, i, settings)));
    } else if (limit.kind === 'borrower_share_of_capital') {
      const worst = check.breaching[0];
      out.push({
        id: 'borrower_capital',
        problem: 'P2',
        cause: null,
        remedy: 'structure',
        statement: msg('report.finding.borrowerCapital', { borrower: text(String(worst.key)), share: n('share', worst.value), limit: n('share', limit.max), count: n('count', check.breaching.length) }),
        details: [],
        rule: msg('report.rule.borrowerCapital', { limit: n('share', limit.max) }),
        headline: { metric: 'finding_borrower_capital', value: worst.value, kind: 'share', slot: 'share' },
        loans: check.breaching.length,
        weak: false,
        evidence: {
          title: msg('report.evidence.borrowerCapital'),
          unit: 'share',
          bars: check.breaching.slice(0, 10).map((x) => ({ label: text(String(x.key)), value: x.value, highlight: true })),
          reference: { value: limit.max, label: msg('report.evidence.limit', { limit: n('share', limit.max) }) },
        },
        target: msg('report.target.borrowerCapital', { count: n('count', check.breaching.length), limit: n('share', limit.max) }),
        cases: [],
      });
    } else {
      out.push({
        id: 'inclusive_tolerance',
        problem: 'P2',
        cause: null,
        remedy: 'structure',
        statement: msg('report.finding.inclusive', { gap: n('decimal', check.value), tol: n('decimal', check.threshold) }),
        details: [],
        rule: msg('report.rule.inclusive', { tol: n('decimal', check.threshold) }),
        headline: { metric: 'finding_inclusive_gap', value: check.value, kind: 'decimal', slot: 'gap' },
        loans: 0,
        weak: false,
        evidence: {
          title: msg('report.evidence.inclusive'),
          unit: 'ratio',
          bars: [{ label: nested('report.evidence.gapPoints'), value: check.value ?? 0, highlight: true }],
          reference: { value: check.threshold, label: msg('report.evidence.tolerance') },
        },
        target: msg('report.target.inclusive', { tol: n('decimal', check.threshold) }),
        cases: [],
      });
    }
  }
  return out;
}

function segmentFinding(r: LimitResult, key: unknown, share: number, index: number, settings: ReportSettings): Finding {
  const limit = r.limit as Extract<LimitResult['limit'], { kind: 'segment_share' }>;
  const dim = limit.dimension;
  const breakdown = r.segments;
  const segment: Segment | undefined = breakdown?.segments.find((s) => String(s.value) === String(key));
  const total = breakdown?.totals.balance ?? 0;
  const { runDown, growRest } = runDownToLimit(segment?.balance ?? share * total, total, limit.max);
  const loans = segment?.loans ?? 0;
  const details: Message[] = [];
  const branches = topBranches(r.within[index] ?? null, 2);
  if (branches) {
    details.push(
      msg('report.detail.segmentBranches', {
        branches: { kind: 'list', items: branches.names.map(text) },
        within: n('share', branches.share),
        segment: segmentPart(dim, key),
      }),
    );
  }
  if (segment?.nplRatio !== null && segment?.nplRatio !== undefined && breakdown?.totals.nplRatio !== null) {
    details.push(msg('report.detail.segmentQuality', { npl: n('rate', segment.nplRatio), book: n('rate', breakdown?.totals.nplRatio), rate: n('rate', segment.defaultRate) }));
  }
  const slug = metricSlug(key, index);
  return {
    id: `segment_share:${dim}:${String(key)}`,
    problem: 'P2',
    cause: null,
    remedy: 'structure',
    statement: msg('report.finding.segmentShare', { segment: segmentPart(dim, key), share: n('share', share), limit: n('share', limit.max), dimension: dimensionPart(dim) }),
    details,
    rule: msg('report.rule.segmentShare', { limit: n('share', limit.max), dimension: dimensionPart(dim) }),
    headline: { metric: `finding_share_${dim}_${slug}`, value: share, kind: 'share', slot: 'share' },
    loans,
    weak: breakdown !== null && loans < settings.minLoans,
    evidence: segmentEvidence(dim, key, breakdown, limit.max, share),
    target: msg('report.target.segmentShare', {
      segment: segmentPart(dim, key),
      share: n('share', share),
      limit: n('share', limit.max),
      runDown: n('compact', runDown),
      growRest: n('compact', growRest),
    }),
    cases: [],
  };
}

function segmentEvidence(dim: string, key: unknown, breakdown: Breakdown | null, limit: number, share: number): Evidence {
  const bars = breakdown
    ? breakdown.segments.slice(0, 8).map((s) => ({ label: segmentPart(dim, s.value), value: s.exposureShare ?? 0, highlight: String(s.value) === String(key), loans: s.loans }))
    : [{ label: segmentPart(dim, key), value: share, highlight: true }];
  return {
    title: msg('report.evidence.segmentShare', { dimension: dimensionPart(dim) }),
    unit: 'share',
    bars,
    reference: { value: limit, label: msg('report.evidence.limit', { limit: n('share', limit) }) },
  };
}

/** The branches holding most of a segment's balance, and their combined share of it. */
function topBranches(within: Breakdown | null, count: number): { names: string[]; share: number } | null {
  if (!within || within.segments.length <= count) return null;
  const top = within.segments.slice(0, count);
  const share = top.reduce((s, x) => s + (x.exposureShare ?? 0), 0);
  return { names: top.map((x) => String(x.value ?? '–')), share };
}
