import type { ActiveRule, FlagStats } from '../../metrics/flags';
import type { LiveFlagCount } from '../queries';
import { msg, n, nested, text } from '../parts';
import { OUTCOME_DEPENDENT_RULES, type ReportSettings } from '../settings';
import { bonferroniZ, riskRatioCi, type RiskRatio } from '../stats';
import type { Finding, Part, RemedyId } from '../types';

/** A rule's name with its thresholds filled in; a user's rule by its own name. */
export function ruleLabel(a: ActiveRule): Part {
  if (a.rule.custom) return text(a.rule.name ?? a.rule.id);
  return nested(a.rule.labelKey, Object.fromEntries(Object.entries(a.thresholds).map(([k, v]) => [k, text(String(v))])));
}

export interface RuleTest {
  ruleId: string;
  /** Why the lift was not tested, when it was not. */
  skipped: 'outcome_dependent' | 'few_defaults' | null;
  flagged: number;
  flaggedDefaults: number;
  rateWith: number | null;
  rateWithout: number | null;
  ci: RiskRatio | null;
  /** The interval lies entirely above 1. */
  significant: boolean;
}

export interface LiftTests {
  tests: RuleTest[];
  /** Rules whose lift was tested: the Bonferroni divisor. */
  tested: number;
  z: number;
}

/** Rate ratio and Katz interval per rule, at the family-wise level over the rules that can be tested. */
export function liftTests(stats: FlagStats, settings: ReportSettings): LiftTests {
  const skip = (id: string, flaggedDefaults: number, restDefaults: number): RuleTest['skipped'] => {
    if (OUTCOME_DEPENDENT_RULES.has(id)) return 'outcome_dependent';
    if (flaggedDefaults < settings.minFlaggedDefaults || restDefaults <= 0) return 'few_defaults';
    return null;
  };
  const pre = stats.rules.map((r) => ({ r, skipped: skip(r.ruleId, r.flaggedDefaults, stats.defaults - r.flaggedDefaults) }));
  const tested = pre.filter((p) => p.skipped === null).length;
  const z = bonferroniZ(settings.confidence, tested);
  const tests = pre.map(({ r, skipped }) => {
    const ci = skipped ? null : riskRatioCi(r.flaggedDefaults, r.flagged, stats.defaults - r.flaggedDefaults, stats.loans - r.flagged, z);
    return {
      ruleId: r.ruleId,
      skipped,
      flagged: r.flagged,
      flaggedDefaults: r.flaggedDefaults,
      rateWith: r.defaultRateWith,
      rateWithout: r.defaultRateWithout,
      ci,
      significant: ci !== null && ci.low > 1,
    };
  });
  return { tests, tested, z };
}

/** Remedy of a flag: training for the staff cause, otherwise the remedy of the rule's problem. */
export function remedyOfRule(a: ActiveRule): RemedyId {
  if (a.rule.cause === 'C4') return 'team';
  return ({ P1: 'system', P2: 'structure', P3: 'process', P4: 'intelligence' } as const)[a.rule.problem];
}

/** Rules with a target sentence of their own in the catalog (`report.target.flag.<id>`). */
export const RULES_WITH_OWN_TARGET: ReadonlySet<string> = new Set([
  'no_timely_inspection',
  'approval_above_authority',
  'approval_exception',
  'disbursed_before_approval',
  'skipped_step',
  'new_officer',
  'untrained_officer',
  'new_to_bank',
  'missing_financials',
  'weak_collateral',
  'no_guarantee',
  'renewal',
  'restructured',
  'stressed_industry',
]);

/** One finding per flag whose default rate ratio is above 1 with the stated confidence. */
export function flagFindings(active: readonly ActiveRule[], lifts: LiftTests, stats: FlagStats, live: readonly LiveFlagCount[], settings: ReportSettings): Finding[] {
  const out: Finding[] = [];
  for (const t of lifts.tests) {
    if (!t.significant || !t.ci) continue;
    const a = active.find((x) => x.rule.id === t.ruleId)!;
    const counts = live.find((l) => l.ruleId === t.ruleId);
    const excess = t.rateWithout === null ? null : t.flaggedDefaults - t.flagged * t.rateWithout;
    const thresholds = Object.fromEntries(Object.entries(a.thresholds).map(([k, v]) => [k, text(String(v))]));
    // A remedy never asks to review "the 0 live loans": with none live it speaks of new lending.
    const targetKey = counts?.live === 0 ? 'report.target.flag.noLive' : RULES_WITH_OWN_TARGET.has(t.ruleId) ? `report.target.flag.${t.ruleId}` : 'report.target.flag';
    out.push({
      id: `flag:${t.ruleId}`,
      problem: a.rule.problem,
      cause: a.rule.cause,
      remedy: remedyOfRule(a),
      statement: msg('report.finding.flagLift', {
        rule: ruleLabel(a),
        rateWith: n('rate', t.rateWith),
        rateWithout: n('rate', t.rateWithout),
        ratio: n('ratio', t.ci.ratio),
        low: n('ratio', t.ci.low),
        high: n('ratio', t.ci.high),
        level: text(`${Math.round(settings.confidence * 1000) / 10} %`),
        flagged: n('count', t.flagged),
        defaults: n('count', t.flaggedDefaults),
      }),
      details: [msg('report.detail.flagCoverage', { share: n('share', stats.defaults ? t.flaggedDefaults / stats.defaults : null), prevalence: n('share', stats.loans ? t.flagged / stats.loans : null) })],
      rule: msg('report.rule.flagLift', { level: text(`${Math.round(settings.confidence * 1000) / 10} %`), tests: n('count', lifts.tested), min: n('count', settings.minFlaggedDefaults) }),
      headline: { metric: `finding_lift_${t.ruleId}`, value: t.ci.ratio, kind: 'ratio', slot: 'ratio' },
      loans: t.flagged,
      weak: t.flagged < settings.minLoans,
      evidence: {
        title: msg('report.evidence.flagLift', { rule: ruleLabel(a) }),
        unit: 'rate',
        bars: [
          { label: nested('report.evidence.withFlag'), value: t.rateWith ?? 0, highlight: true, loans: t.flagged },
          { label: nested('report.evidence.withoutFlag'), value: t.rateWithout ?? 0, loans: stats.loans - t.flagged },
        ],
        reference: stats.defaultRate === null ? undefined : { value: stats.defaultRate, label: msg('report.evidence.bookRate', { rate: n('rate', stats.defaultRate) }) },
      },
      target: msg(targetKey, {
        ...thresholds,
        rule: ruleLabel(a),
        live: n('count', counts?.live ?? null),
        balance: n('compact', counts?.liveBalance ?? null),
        excess: n('count', excess === null ? null : Math.max(0, Math.round(excess))),
      }),
      cases: [],
    });
  }
  return out;
}
