import type { ClassificationExceptions, ClassMix, DpdClassTable } from '../../metrics/portfolio';
import { msg, n, text } from '../parts';
import type { ReportSettings } from '../settings';
import type { Finding } from '../types';

export interface ExceptionFigures {
  /** Loans reported better than their DPD floor, and their balance. */
  exceptions: number;
  exceptionBalance: number;
  /** Loans past due (DPD > 0) with a class. */
  pastDue: number;
  share: number | null;
  /** Balance of exceptions whose floor is substandard or worse: NPL the book does not show. */
  hiddenNpl: number;
  hiddenNplLoans: number;
}

export function exceptionFigures(table: DpdClassTable): ExceptionFigures {
  const pastDueRows = table.rows.filter((r) => r.minClass >= 2);
  const pastDue = pastDueRows.reduce((s, r) => s + r.counts.reduce((a, b) => a + b, 0), 0);
  const npl = table.rows.filter((r) => r.minClass >= 3);
  return {
    exceptions: table.exceptions,
    exceptionBalance: table.exceptionBalance,
    pastDue,
    share: pastDue > 0 ? table.exceptions / pastDue : null,
    hiddenNpl: npl.reduce((s, r) => s + r.exceptionBalance, 0),
    hiddenNplLoans: npl.reduce((s, r) => s + r.exceptions, 0),
  };
}

/** NPL ratio by balance from the class mix, with extra balance counted as NPL. */
function nplRatioWith(mix: ClassMix, extra: number): number | null {
  const classified = mix.classes.reduce((s, c) => s + c.balance, 0);
  const npl = mix.classes.filter((c) => c.key >= 3).reduce((s, c) => s + c.balance, 0);
  return classified > 0 ? (npl + extra) / classified : null;
}

/** P1: the five-category rules are not applied when more past-due loans than the threshold are classed better than their DPD allows. */
export function classificationFinding(
  table: DpdClassTable | null,
  byBranch: ClassificationExceptions | null,
  mix: ClassMix | null,
  settings: ReportSettings,
): Finding | null {
  if (!table) return null;
  const f = exceptionFigures(table);
  if (f.exceptions === 0 || f.share === null || f.share <= settings.maxExceptionShare) return null;
  const branches = (byBranch?.groups ?? []).filter((g) => g.exceptions > 0);
  const top = branches[0];
  const details = top
    ? [msg('report.detail.exceptionBranch', { branch: text(String(top.value ?? '–')), count: n('count', top.exceptions), share: n('share', top.exceptions / f.exceptions), branches: n('count', branches.length) })]
    : [];
  const nplNow = mix ? nplRatioWith(mix, 0) : null;
  const nplAfter = mix ? nplRatioWith(mix, f.hiddenNpl) : null;
  return {
    id: 'class_exceptions',
    problem: 'P1',
    cause: 'C2',
    remedy: 'system',
    statement: msg('report.finding.classExceptions', {
      count: n('count', f.exceptions),
      pastDue: n('count', f.pastDue),
      share: n('share', f.share),
      hidden: n('compact', f.hiddenNpl),
      hiddenLoans: n('count', f.hiddenNplLoans),
    }),
    details,
    rule: msg('report.rule.classExceptions', { max: n('share', settings.maxExceptionShare), min: n('count', settings.minBreaches) }),
    headline: { metric: 'finding_class_exceptions', value: f.exceptions, kind: 'count', slot: 'count' },
    loans: f.exceptions,
    weak: f.exceptions < settings.minBreaches,
    evidence: {
      title: msg('report.evidence.classExceptions'),
      unit: 'count',
      // Branches without exceptions stay on the chart: that one branch stands alone is the evidence.
      bars: (byBranch?.groups ?? []).slice(0, 8).map((g) => ({ label: text(String(g.value ?? '–')), value: g.exceptions, highlight: g.exceptions > 0, loans: g.assessed })),
    },
    target: msg('report.target.classExceptions', { count: n('count', f.exceptions), balance: n('compact', f.exceptionBalance), nplNow: n('rate', nplNow), nplAfter: n('rate', nplAfter) }),
    cases: [],
  };
}
