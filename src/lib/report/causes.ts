import type { ActiveRule, FlagPareto, FlagStats } from '../metrics/flags';
import type { RepresentativeCase } from './queries';
import { liftTests, ruleLabel, type LiftTests } from './findings/flags';
import { msg } from './parts';
import { DEFAULT_REPORT_SETTINGS, type ReportSettings } from './settings';
import type { CaseRef, Finding, RankedCause } from './types';

export function caseRef(c: RepresentativeCase, active: readonly ActiveRule[]): CaseRef {
  const isProblem = c.key.startsWith('P');
  return {
    loanId: c.loanId,
    problem: isProblem ? (c.key as CaseRef['problem']) : null,
    cause: isProblem ? null : (c.key as CaseRef['cause']),
    flags: c.flags,
    flagLabels: c.flags.map((id) => active.find((a) => a.rule.id === id)).filter((a): a is ActiveRule => a !== undefined).map(ruleLabel),
    flagCount: c.flags.length,
    loss: c.loss,
    industry: c.industry,
    branch: c.branch,
  };
}

/**
 * Root causes from the root-cause screen's Pareto (defaulted loans carrying any of their flags),
 * ranked by the excess defaults of their confirmed flags, each with its flags, the findings that
 * name it and cases to read.
 */
export function rankCauses(
  pareto: FlagPareto | null,
  active: readonly ActiveRule[],
  lifts: LiftTests | null,
  findings: readonly Finding[],
  cases: readonly RepresentativeCase[],
  settings: ReportSettings,
): RankedCause[] {
  if (!pareto) return [];
  const ranked = pareto.byCause.byCount
    .filter((item) => item.count > 0)
    .map((item) => {
      const bone = pareto.fishbone.find((b) => b.cause === item.key);
      const flags = (bone?.rules ?? [])
        .filter((r) => r.count > 0)
        .map((r) => {
          const a = active.find((x) => x.rule.id === r.ruleId)!;
          const test = lifts?.tests.find((t) => t.ruleId === r.ruleId);
          const significant = test?.significant ?? false;
          const excess = significant && test && test.rateWithout !== null ? Math.max(0, test.flaggedDefaults - test.flagged * test.rateWithout) : null;
          // flaggedDefaults − flagged × rateWithout = flaggedDefaults × (1 − 1/RR): the same at the interval's ends.
          const at = (rr: number) => Math.max(0, test!.flaggedDefaults * (1 - 1 / rr));
          const excessInterval: [number, number] | null = excess !== null && test?.ci ? [at(test.ci.low), at(test.ci.high)] : null;
          return {
            ruleId: r.ruleId, label: msg('report.cause.flag', { rule: ruleLabel(a) }), defaults: r.count, rateRatio: test?.ci?.ratio ?? null,
            tested: !!test && test.skipped === null, significant, excess, excessInterval, readsOutcome: test?.skipped === 'outcome_dependent',
          };
        });
      const confirmed = flags.filter((f) => f.excess !== null);
      const intervals = confirmed.flatMap((f) => (f.excessInterval ? [f.excessInterval] : []));
      return {
        cause: item.key,
        rank: 0,
        excess: confirmed.length ? confirmed.reduce((sum, f) => sum + (f.excess ?? 0), 0) : null,
        excessInterval: intervals.length ? ([intervals.reduce((s, i) => s + i[0], 0), intervals.reduce((s, i) => s + i[1], 0)] as [number, number]) : null,
        defaults: item.count,
        share: item.shareOfTargets,
        loss: item.loss,
        lossShare: item.lossShare,
        flags,
        findings: findings.filter((f) => f.cause === item.key).map((f) => f.id),
        cases: cases.filter((c) => c.key === item.key).map((c) => caseRef(c, active)),
        weak: item.count < settings.minLoans,
      };
    });
  // Confirmed causes first, by the defaults their flags add; the rest by the Pareto count.
  return ranked
    .sort((a, b) => (b.excess ?? -1) - (a.excess ?? -1) || b.defaults - a.defaults)
    .map((c, i) => ({ ...c, rank: i + 1 }));
}

/**
 * The report's ranking of root causes from the Pareto and the flag statistics alone, with the
 * report's default settings: what the Causes screen shows, so that both rank the same way.
 */
export function causeRanking(pareto: FlagPareto | null, stats: FlagStats | null, active: readonly ActiveRule[], settings: ReportSettings = DEFAULT_REPORT_SETTINGS): RankedCause[] {
  return rankCauses(pareto, active, stats ? liftTests(stats, settings) : null, [], [], settings);
}
