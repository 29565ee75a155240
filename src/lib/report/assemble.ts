import { OUTCOME_NEED } from '../metrics/facts';
import type { ReportContext, ReportInputs } from './collect';
import { reportSettings } from './collect';
import { PROBLEMS } from '../metrics/flags/types';
import { caseRef, rankCauses } from './causes';
import { classificationFinding } from './findings/classification';
import { flagFindings, liftTests, ruleLabel, type LiftTests } from './findings/flags';
import { limitFindings } from './findings/structure';
import { msg, n, nested, segmentPart, text } from './parts';
import { OUTCOME_DEPENDENT_RULES, type ReportSettings } from './settings';
import { currentState } from './state';
import { REMEDIES, type CaseRef, type Finding, type Message, type RemedyPlan, type Report } from './types';

/** The whole report from the metric results: pure, so Node tests check it without a browser. */
export function buildReport(inputs: ReportInputs, ctx: ReportContext): Report {
  const settings = reportSettings(ctx);
  const active = ctx.rules.active;
  const lifts = inputs.flagStats ? liftTests(inputs.flagStats, settings) : null;
  const findings = attachCases(
    [
      ...limitFindings(inputs.limits, settings),
      ...[classificationFinding(inputs.dpdClass, inputs.exceptionsByBranch, inputs.classMix, settings)].filter((f): f is Finding => f !== null),
      ...(lifts && inputs.flagStats ? flagFindings(active, lifts, inputs.flagStats, inputs.liveFlags, settings) : []),
    ],
    inputs,
    segmentCaseRefs(inputs),
  );
  const causes = rankCauses(inputs.pareto, active, lifts, findings, inputs.cases, settings);
  return {
    loans: inputs.overview.figures.loans.value ?? 0,
    definitions: ctx.definitions,
    asOf: inputs.vintage?.asOf ?? null,
    filters: ctx.filters.map((c) => ({ dimension: c.dimension, values: c.values.map((v) => (v === null ? '–' : String(v))) })),
    state: currentState(inputs, settings),
    problems: PROBLEMS.map((p) => {
      const segmentCases = p === 'P2' ? segmentCaseRefs(inputs) : [];
      return {
        problem: p,
        findings: findings.filter((f) => f.problem === p).sort((a, b) => Number(a.weak) - Number(b.weak)),
        cases: segmentCases.length ? segmentCases : inputs.cases.filter((c) => c.key === p).map((c) => caseRef(c, active)),
      };
    }),
    causes,
    unexplained: inputs.pareto ? { count: inputs.pareto.unflagged.count, share: inputs.pareto.unflagged.share } : null,
    remedies: remedyPlans(findings),
    rules: statedRules(ctx, settings, lifts),
    notAssessed: notAssessed(inputs, ctx),
  };
}

/** Structure cases: the defaulted loans with the largest loss in each segment above its limit. */
function segmentCaseRefs(inputs: ReportInputs): CaseRef[] {
  return inputs.limits.flatMap((l) =>
    l.limit.kind !== 'segment_share'
      ? []
      : (l.check?.breaching ?? []).flatMap((b, i) =>
          (l.cases[i] ?? []).map((row) => ({
            loanId: row.loanId,
            problem: 'P2' as const,
            cause: null,
            flags: [],
            flagLabels: [nested('report.cases.inSegment', { segment: segmentPart((l.limit as { dimension: string }).dimension, b.key) })],
            flagCount: row.flags,
            loss: row.loss,
            industry: row.industry,
            branch: null,
          })),
        ),
  );
}

/** Each finding's cases: defaulted loans carrying its flag, or in its segment. */
function attachCases(findings: Finding[], inputs: ReportInputs, segmentCases: CaseRef[]): Finding[] {
  return findings.map((f) => {
    const pool = inputs.cases.filter((c) => c.key === f.problem || c.key === f.cause);
    let ids: string[] = [];
    if (f.id.startsWith('flag:')) ids = pool.filter((c) => c.flags.includes(f.id.slice(5))).map((c) => c.loanId);
    else if (f.id === 'class_exceptions') ids = pool.filter((c) => c.flags.includes('classification_exception')).map((c) => c.loanId);
    else if (f.id.startsWith('segment_share:industry:')) ids = segmentCases.filter((c) => c.industry === f.id.split(':')[2]).map((c) => c.loanId);
    return { ...f, cases: [...new Set(ids)].slice(0, 3) };
  });
}

function remedyPlans(findings: readonly Finding[]): RemedyPlan[] {
  return REMEDIES.map((remedy) => ({
    remedy,
    findings: findings.filter((f) => f.remedy === remedy).map((f) => ({ id: f.id, problem: f.problem, target: f.target, weak: f.weak })),
  }));
}

function statedRules(ctx: ReportContext, s: ReportSettings, lifts: LiftTests | null): Message[] {
  const rules: Message[] = [
    msg('report.rules.minLoans', { min: n('count', s.minLoans) }),
    msg('report.rules.limits'),
    msg('report.rules.exceptions', { max: n('share', s.maxExceptionShare), min: n('count', s.minBreaches) }),
    msg('report.rules.lift', { level: text(`${Math.round(s.confidence * 1000) / 10} %`), tests: n('count', lifts?.tested ?? 0), z: n('decimal', lifts?.z ?? null), min: n('count', s.minFlaggedDefaults) }),
    msg('report.rules.outcomeDependent', {
      rules: { kind: 'list', items: ctx.rules.active.filter((a) => OUTCOME_DEPENDENT_RULES.has(a.rule.id)).map(ruleLabel) },
    }),
    msg('report.rules.causes'),
    msg('report.rules.cases', { n: n('count', s.casesPerProblem) }),
  ];
  return rules;
}

function notAssessed(inputs: ReportInputs, ctx: ReportContext): Report['notAssessed'] {
  const out: Report['notAssessed'] = [];
  const fig = inputs.overview.figures;
  const add = (key: string, missing: string[], vars = {}) => out.push({ what: msg(key, vars), missing });
  if (fig.nplRatioBalance.missing.length) add('report.na.npl', fig.nplRatioBalance.missing);
  if (fig.outstandingBalance.missing.length) add('report.na.balance', fig.outstandingBalance.missing);
  if (!inputs.vintage) add('report.na.growth', ['origination_date']);
  if (!inputs.industries) add('report.na.industry', ['industry', 'balance'].filter((f) => !ctx.mapped.has(f)));
  if (!inputs.borrowers) add('report.na.borrowers', ['borrower_id', 'balance'].filter((f) => !ctx.mapped.has(f)));
  if (!inputs.dpdClass) add('report.na.classification', ['dpd', 'five_class'].filter((f) => !ctx.mapped.has(f)));
  if (!inputs.flagStats) add(ctx.rules.active.length ? 'report.na.causes' : 'report.na.noRules', ctx.mapped.has(OUTCOME_NEED) ? [] : [OUTCOME_NEED]);
  for (const l of inputs.limits) if (l.missing.length) add('report.na.limit', l.missing, { kind: nested(`report.limitKind.${l.limit.kind}`) });
  for (const u of ctx.uncheckedLimits ?? []) add('report.na.limit', u.missing, { kind: nested(`report.limitKind.${u.kind}`) });
  for (const u of ctx.rules.unavailable) {
    add('report.na.rule', u.missing, { rule: u.rule.custom ? text(u.rule.name ?? u.rule.id) : nested(u.rule.labelKey, Object.fromEntries(Object.entries(u.rule.thresholds).map(([k, v]) => [k, text(String(v))]))) });
  }
  return out;
}
