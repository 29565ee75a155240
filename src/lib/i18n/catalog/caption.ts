import type { Catalog } from '../types';

/** The caption under a chart: how many loans (or borrowers) are behind it and which filters are in force. */
export const caption = {
  en: {
    'caption.loans': '{n} loans · {filters}',
    'caption.borrowers': '{n} borrowers · {filters}',
    'caption.ownFilterNote': 'This view is not narrowed by its own dimension: the selection is outlined.',
  },
  zh: {
    'caption.loans': '{n} 笔贷款 · {filters}',
    'caption.borrowers': '{n} 户借款人 · {filters}',
    'caption.ownFilterNote': '本视图不按自身维度筛选：已选分组以边框标出。',
  },
} satisfies Catalog;
