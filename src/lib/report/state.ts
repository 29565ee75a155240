import type { ReportInputs } from './collect';
import type { OverviewFigureKey } from '../metrics/portfolio';
import { metricName } from '../metrics/metricName';
import { msg, n, segmentPart, text } from './parts';
import type { ReportSettings } from './settings';
import type { CurrentState, NumberKind, StateFigure } from './types';

function overviewFigure(inputs: ReportInputs, key: OverviewFigureKey, kind: NumberKind): StateFigure {
  const f = inputs.overview.figures[key];
  return { metric: metricName(key), value: f.value, kind, label: msg(`report.state.${key}`), ...(f.missing.length ? { missing: f.missing } : {}) };
}

/** Size, growth, quality and structure of the filtered book: the report's first part. */
export function currentState(inputs: ReportInputs, settings: ReportSettings): CurrentState {
  const cohorts = inputs.vintage?.cohorts ?? [];
  const growth = cohorts.map((c, i) => ({
    year: c.cohort,
    loans: c.loans,
    amount: c.amount,
    growth: i > 0 && cohorts[i - 1].amount > 0 ? c.amount / cohorts[i - 1].amount - 1 : null,
  }));
  const last = growth.at(-1);
  const size: StateFigure[] = [
    overviewFigure(inputs, 'loans', 'count'),
    overviewFigure(inputs, 'borrowers', 'count'),
    overviewFigure(inputs, 'outstandingBalance', 'compact'),
    overviewFigure(inputs, 'averageLoanAmount', 'compact'),
  ];
  if (last && last.growth !== null) {
    size.push({ metric: 'state_growth_last_year', value: last.growth, kind: 'share', label: msg('report.state.growth', { year: text(last.year) }) });
  }
  const quality = [
    overviewFigure(inputs, 'nplRatioBalance', 'rate'),
    overviewFigure(inputs, 'nplRatioCount', 'rate'),
    overviewFigure(inputs, 'defaultRate', 'rate'),
    overviewFigure(inputs, 'provisionCoverage', 'share'),
  ];
  const classTotal = inputs.classMix?.classes.reduce((s, c) => s + c.balance, 0) ?? 0;
  const structure: StateFigure[] = [];
  const top = inputs.industries?.segments[0];
  if (top) {
    structure.push({ metric: 'state_top_industry_share', value: top.exposureShare, kind: 'share', label: msg('report.state.topIndustry', { segment: segmentPart('industry', top.value) }) });
  }
  if (inputs.hhi) structure.push({ metric: 'state_hhi_industry', value: inputs.hhi.raw, kind: 'decimal', label: msg('report.state.hhi'), note: msg('report.state.hhiNote', { n: n('count', inputs.hhi.segments), normalised: n('decimal', inputs.hhi.normalised) }) });
  if (inputs.borrowers) {
    structure.push({ metric: 'state_cr_borrowers', value: inputs.borrowers.crN, kind: 'share', label: msg('report.state.crBorrowers', { n: n('count', inputs.borrowers.n) }) });
    structure.push({ metric: 'state_largest_borrower', value: inputs.borrowers.top[0]?.share ?? null, kind: 'share', label: msg('report.state.largestBorrower') });
  }
  return {
    size,
    growth,
    quality,
    classes: (inputs.classMix?.classes ?? []).map((c) => ({ key: c.key, loans: c.loans, balance: c.balance, share: classTotal > 0 ? c.balance / classTotal : null })),
    stages: inputs.stageMix.stages.map((s) => ({ key: s.key, loans: s.loans, balance: s.balance, share: s.balanceShare })),
    stageSource: inputs.stageMix.source,
    structure,
    topSegments: inputs.industries
      ? {
          dimension: 'industry',
          rows: inputs.industries.segments.slice(0, settings.topSegments).map((s) => ({
            value: String(s.value ?? '–'),
            label: segmentPart('industry', s.value),
            share: s.exposureShare,
            loans: s.loans,
            nplRatio: s.nplRatio,
            defaultRate: s.defaultRate,
            weak: s.weak,
          })),
        }
      : null,
    limits: inputs.limits
      .filter((l) => l.check)
      .map((l) => {
        const c = l.check!;
        const isPoints = l.limit.kind === 'inclusive_npl_tolerance';
        const label =
          l.limit.kind === 'segment_share'
            ? msg('report.limit.segment', { dimension: { kind: 'message', key: `dim.${l.limit.dimension}` }, limit: n('share', l.limit.max) })
            : l.limit.kind === 'borrower_share_of_capital'
              ? msg('report.limit.borrower', { limit: n('share', l.limit.max) })
              : msg('report.limit.inclusive', { tol: n('decimal', l.limit.maxPoints) });
        const worstKey = c.breaching[0]?.key ?? null;
        if (isPoints) return { label, value: c.value === null ? null : c.value / 100, threshold: c.threshold, breach: c.breach, unit: 'points' as const, key: null };
        return { label, value: c.value, threshold: c.threshold, breach: c.breach, unit: 'share' as const, key: worstKey === null ? null : String(worstKey) };
      }),
  };
}
