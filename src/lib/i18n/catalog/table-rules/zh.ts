import type { Messages } from '../../types';
import type { en } from './en';

/** Row rules of the snapshot and inspection tables: what each rejects, and its reasons. */
export const zh: Messages<typeof en> = {
  'rules.rule.bad_date': '日期缺失或无法识别',
  'rules.rule.unknown_loan': '贷款编号不在贷款表中',
  'rules.rule.duplicate_snapshot': '同一贷款同一日期的重复快照',
  'quality.reason.unknownLoan': '贷款编号“{id}”不在贷款表中',
  'quality.reason.duplicateSnapshot': '贷款“{id}”在 {date} 的快照重复（保留第 {first} 行）',
};
