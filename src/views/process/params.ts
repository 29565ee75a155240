import { DEFAULT_SERVICE_LEVELS, PROCESS_GROUPS, type ProcessGroup, type StageId } from '../../lib/metrics/process';
import { router } from '../../lib/state/router.svelte';

/** URL parameter of each stage's service level. */
export const SLA_PARAM: Record<StageId, string> = {
  application_to_approval: 'sla_approval',
  approval_to_disbursement: 'sla_disbursement',
  application_to_disbursement: 'sla_total',
};

function days(raw: string | null, fallback: number): number {
  const n = raw === null || raw === '' ? NaN : Number(raw);
  return Number.isFinite(n) && n >= 0 && n <= 3650 ? n : fallback;
}

/** Screen-local URL state of the process screen, with defaults when the user chose nothing. */
export const processParams = {
  get serviceLevels(): Record<StageId, number> {
    return Object.fromEntries(
      (Object.keys(SLA_PARAM) as StageId[]).map((s) => [s, days(router.param(SLA_PARAM[s]), DEFAULT_SERVICE_LEVELS[s])]),
    ) as Record<StageId, number>;
  },
  get inspectionDays(): number {
    return days(router.param('insp'), 90);
  },
  get group(): ProcessGroup {
    const g = router.param('by');
    return (PROCESS_GROUPS as readonly string[]).includes(g ?? '') ? (g as ProcessGroup) : 'branch';
  },
};
