import type { Messages } from '../../types';
import type { en } from './en';

/** What shares are measured on in a closed book (the original amount), and the book's currency. */
export const zh: Messages<typeof en> = {
  'exposure.byAmount': '按发放金额',
  'exposure.col.amount': '发放金额',
  'exposure.share.amount': '发放金额占比',
  'exposure.breakdownByAmount': '按{dimension}的发放金额占比',
  'exposure.colourDefault': '颜色：违约率（越深越高；未映射五级分类，无不良率）；浅色 = 不足 30 笔。',
  'exposure.defaultShort': '违约',
};
