import type { Messages } from '../../types';
import type { en } from './en';

/** The caption under a chart: how many loans (or borrowers) are behind it and which filters are in force. */
export const zh: Messages<typeof en> = {
  'caption.loans': '{n} 笔贷款 · {filters}',
  'caption.borrowers': '{n} 户借款人 · {filters}',
  'caption.ownFilterNote': '本视图不按自身维度筛选：已选分组以边框标出。',
};
