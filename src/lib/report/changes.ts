import type { Finding, Report } from './types';

/** How a finding differs between the report and its baseline's (the same rules over the baseline population). */
export type ChangeStatus = 'appeared' | 'disappeared' | 'moved';

export interface FindingChange {
  id: string;
  status: ChangeStatus;
  /** The finding as the current report states it (the baseline's for one that disappeared). */
  finding: Finding;
  /** Its headline figure on each side (null on the side it is absent from). */
  value: number | null;
  baseValue: number | null;
  /** The loans it rests on, on each side (0 where absent). */
  loans: number;
  baseLoans: number;
}

const findings = (r: Report): Map<string, Finding> => new Map(r.problems.flatMap((p) => p.findings.map((f) => [f.id, f] as const)));

/** A headline figure moved when it differs beyond rounding noise, or its loans changed. */
function moved(a: Finding, b: Finding): boolean {
  const x = a.headline.value, y = b.headline.value;
  const valueMoved = x === null || y === null ? x !== y : Math.abs(x - y) > 1e-9 * Math.max(1, Math.abs(y));
  return valueMoved || a.loans !== b.loans;
}

/**
 * What changed from the baseline's report to this one: findings that appeared, that disappeared,
 * and those on both sides whose figure or loans moved (largest move in loans first within each),
 * each with its loan counts. Findings are matched by their stable id (`flag:new_officer`,
 * `segment_share:industry:E`).
 */
export function findingChanges(current: Report, baseline: Report): FindingChange[] {
  const now = findings(current);
  const then = findings(baseline);
  const out: FindingChange[] = [];
  for (const [id, f] of now) {
    const b = then.get(id);
    if (!b) out.push({ id, status: 'appeared', finding: f, value: f.headline.value, baseValue: null, loans: f.loans, baseLoans: 0 });
    else if (moved(f, b)) out.push({ id, status: 'moved', finding: f, value: f.headline.value, baseValue: b.headline.value, loans: f.loans, baseLoans: b.loans });
  }
  for (const [id, b] of then) {
    if (!now.has(id)) out.push({ id, status: 'disappeared', finding: b, value: null, baseValue: b.headline.value, loans: 0, baseLoans: b.loans });
  }
  const order: Record<ChangeStatus, number> = { appeared: 0, disappeared: 1, moved: 2 };
  return out.sort((a, b) => order[a.status] - order[b.status] || Math.abs(b.loans - b.baseLoans) - Math.abs(a.loans - a.baseLoans) || a.id.localeCompare(b.id));
}
