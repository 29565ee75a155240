/**
 * The early-warning workflow: what a reviewer decided about a signal on the work list (confirm,
 * dismiss 解除 with a reason, escalate), by whom, when and why, kept per book. A dismissed signal
 * reopens when the loan gets worse than it was when dismissed (a worse band, a lower score or more
 * red flags).
 */
export const SIGNAL_ACTIONS = ['confirmed', 'dismissed', 'escalated'] as const;
export type SignalAction = (typeof SIGNAL_ACTIONS)[number];

/** `reopened`: dismissed, then the loan got worse. Open and reopened signals are the ones to work. */
export type SignalStatus = 'open' | 'reopened' | SignalAction;
export const SIGNAL_FILTERS = ['open', 'confirmed', 'escalated', 'dismissed', 'all'] as const;
export type SignalFilter = (typeof SIGNAL_FILTERS)[number];

/** How the loan stood on the list: compared with it now to tell whether it got worse. */
export interface SignalSeverity {
  score: number;
  band: string;
  flags: number;
}

export interface SignalDecision {
  loanId: string;
  action: SignalAction;
  /** Required to dismiss. */
  reason: string;
  owner: string;
  /** 'YYYY-MM-DD'. */
  date: string;
  note: string;
  at: SignalSeverity;
}

/** Bands are letters, A best; a later letter is worse. */
export function gotWorse(now: SignalSeverity, then: SignalSeverity): boolean {
  return now.band.localeCompare(then.band) > 0 || now.score < then.score - 1e-9 || now.flags > then.flags;
}

export function signalStatus(decision: SignalDecision | undefined, now: SignalSeverity): SignalStatus {
  if (!decision) return 'open';
  if (decision.action === 'dismissed' && gotWorse(now, decision.at)) return 'reopened';
  return decision.action;
}

export function matchesFilter(status: SignalStatus, filter: SignalFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'open') return status === 'open' || status === 'reopened';
  return status === filter;
}

const str = (v: unknown, max = 2000) => (typeof v === 'string' ? v.trim().slice(0, max) : '');

/** A decision from untrusted JSON, or the reason it cannot be one. */
export function readDecision(x: unknown): SignalDecision | { error: 'not_a_decision' | 'dismiss_needs_reason' } {
  const o = (typeof x === 'object' && x !== null ? x : {}) as Record<string, unknown>;
  const at = (typeof o.at === 'object' && o.at !== null ? o.at : {}) as Record<string, unknown>;
  const loanId = str(o.loanId, 200);
  if (!loanId || !(SIGNAL_ACTIONS as readonly string[]).includes(String(o.action))) return { error: 'not_a_decision' };
  if (typeof at.score !== 'number' || !Number.isFinite(at.score) || typeof at.band !== 'string' || typeof at.flags !== 'number') return { error: 'not_a_decision' };
  const decision: SignalDecision = {
    loanId,
    action: o.action as SignalAction,
    reason: str(o.reason, 500),
    owner: str(o.owner, 200),
    date: /^\d{4}-\d{2}-\d{2}$/.test(str(o.date)) ? str(o.date) : '',
    note: str(o.note),
    at: { score: at.score, band: at.band, flags: Math.max(0, Math.trunc(at.flags)) },
  };
  if (decision.action === 'dismissed' && !decision.reason) return { error: 'dismiss_needs_reason' };
  return decision;
}

export const SIGNALS_FILE_KIND = 'loanbook-lab.signals';

export interface SignalsFile {
  format: typeof SIGNALS_FILE_KIND;
  version: 1;
  book: string;
  decisions: SignalDecision[];
}

/** Decisions from an exported file: the readable ones, and how many were not (nothing lost silently). */
export function parseSignalsFile(text: string): { book: string; decisions: SignalDecision[]; rejected: number } {
  const o = JSON.parse(text) as Partial<SignalsFile>;
  if (o?.format !== SIGNALS_FILE_KIND || !Array.isArray(o.decisions)) throw new Error('not a signals file');
  const read = o.decisions.map(readDecision);
  const decisions = read.filter((d): d is SignalDecision => !('error' in d));
  return { book: typeof o.book === 'string' ? o.book : '', decisions, rejected: read.length - decisions.length };
}
