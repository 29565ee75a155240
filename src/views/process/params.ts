import { DEFAULT_SERVICE_LEVELS, PROCESS_GROUPS, STAGES, type ProcessGroup, type StageId } from '../../lib/metrics/process';
import { numberIn, oneOf, urlParam, type UrlParam } from '../../lib/state/url-param';

/** URL parameter of each stage's service level. */
export const SLA_PARAM: Record<StageId, string> = {
  application_to_approval: 'sla_approval',
  approval_to_disbursement: 'sla_disbursement',
  application_to_disbursement: 'sla_total',
};

const days = numberIn(0, 3650);

/** Screen-local URL parameters of the process screen, each with its default (never written to the URL). */
export const processUrl = {
  serviceLevel: Object.fromEntries(STAGES.map((s) => [s.id, urlParam(SLA_PARAM[s.id as StageId], DEFAULT_SERVICE_LEVELS[s.id as StageId], days)])) as Record<StageId, UrlParam<number>>,
  inspectionDays: urlParam('insp', 90, days),
  group: urlParam<ProcessGroup>('by', 'branch', oneOf(PROCESS_GROUPS)),
};

/** Screen-local URL state of the process screen, with defaults when the user chose nothing. */
export const processParams = {
  get serviceLevels(): Record<StageId, number> {
    return Object.fromEntries(STAGES.map((s) => [s.id, processUrl.serviceLevel[s.id as StageId].value])) as Record<StageId, number>;
  },
  get inspectionDays(): number {
    return processUrl.inspectionDays.value;
  },
  get group(): ProcessGroup {
    return processUrl.group.value;
  },
};
