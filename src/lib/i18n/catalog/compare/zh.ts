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
  'compare.report.title': '与基准相比的变化',
  'compare.report.none': '没有出现、消失或变动的发现。',
  'compare.report.appeared': '新出现',
  'compare.report.disappeared': '已消失',
  'compare.report.moved': '有变动',
  'compare.report.loans': '当前 {now} 笔，基准 {then} 笔',
  'compare.report.was': '原为 {value}',
  'compare.report.asOfNot': '诊断报告反映当前贷款簿：与另一快照日期的对比见总览和结构页面，此处不显示。',
  'compare.col.change': '{name}变化',
};
