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
  'import.need.loans': '金额和违约结果（违约标志、违约日期、逾期天数或五级分类）',
  'import.need.snapshots': '贷款编号（用于关联贷款）和快照日期',
  'import.need.inspections': '贷款编号（用于关联贷款）和检查日期',
  'currency.label': '账簿币种',
  'currency.why.values': '建议依据：{column} 列写有 {sign}',
  'currency.why.header': '建议依据：表头 {column}（{sign}）',
  'currency.why.language': '按页面语言建议：导出文件中没有写明币种',
  'currency.CNY': '人民币',
  'currency.USD': '美元',
  'currency.EUR': '欧元',
  'currency.GBP': '英镑',
  'currency.HKD': '港元',
  'currency.JPY': '日元',
  'field.net_capital': '资本净额（在“结构”页填写）',
  'dim.is_inclusive_sme': '普惠型小微贷款',
  'field.is_inclusive_sme': '普惠型小微贷款',
  'exposure.word.balance': '余额',
  'exposure.word.amount': '发放金额',
};
