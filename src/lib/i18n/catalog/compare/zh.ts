import type { Messages } from '../../types';
import type { en } from './en';

export const zh: Messages<typeof en> = {
  'compare.label': '对比',
  'compare.none': '不对比',
  'compare.group.asOf': '另一快照日期',
  'compare.group.rest': '本行其余贷款',
  'compare.option.asOf': '截至{date}',
  'compare.option.rest': '{segment}以外',
  'compare.vs.asOf': '对比{date}：',
  'compare.vs.rest': '对比其余：',
  'compare.caption.asOf': '对比截至{date}的贷款簿，筛选条件相同',
  'compare.caption.rest': '对比{segment}以外的其余贷款，其他筛选条件相同',
  'compare.inactive.rest': '先筛选一个{dimension}细分，才能与其余贷款对比。',
  'compare.inactive.asOf': '对比日期与当前日期相同，请另选一个。',
  'compare.inactive.ownDimension': '此表按{dimension}划分，即所对比的细分：请换一个维度查看变化。',
  'compare.series.rest': '其余贷款',
  'compare.dashed': '虚线为其余贷款',
  'compare.col.change': '{name}变化',
};
