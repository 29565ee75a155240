import type { Messages } from '../../types';
import type { en } from './en';

/** Root causes ranked by the defaults their flags add (the Causes screen, the same ranking as the report). */
export const zh: Messages<typeof en> = {
  'excess.title.cause': '按超额违约排序的根本原因',
  'excess.title.rule': '按超额违约排序的风险信号',
  'excess.caption': '超额违约 = 带信号的违约数 × (1 − 1 ÷ 违约率比)：带信号贷款超出无信号贷款违约率的违约数，附 {confidence} 置信区间（按已检验信号做 Bonferroni 校正）。仅计入违约率比在该置信水平下高于 1 的信号；报告页采用相同排序。',
  'excess.col.rank': '排名',
  'excess.col.excess': '超额违约',
  'excess.col.low': '区间下限',
  'excess.col.high': '区间上限',
  'excess.col.defaults': '带信号的违约数',
  'excess.col.ratio': '违约率比',
  'excess.unconfirmed': '未获确认（没有违约率比在该置信水平下高于 1 的信号）：{items}。',
  'excess.readsOutcome': '单列、不参与排序——该信号的条件本身读取了违约结果，其提升度不构成证据：{items}。',
  'excess.none': '在该置信水平下，没有信号带来额外违约。',
  'excess.countNote': '计数视图：带有各信号的违约贷款数。常见信号即使不增加风险也会排在前面；上方排序依据的是信号带来的额外违约。',
  'fishbone.rankBy': '排序依据',
  'fishbone.view.excess': '超额违约',
  'fishbone.view.count': '带标记的违约笔数',
  'fishbone.excess': '超额 +{n}（{low}–{high}）',
  'fishbone.notConfirmed': '无经确认的标记',
  'fishbone.flagged': '带标记 {n}',
  'fishbone.flagTitle': '超额违约 +{excess}（{low}–{high}），带标记违约 {count} 笔，违约率比 {ratio}',
  'fishbone.flagUnconfirmed': '未经确认',
  'fishbone.caption.excess': '按超额违约排序，与帕累托图和报告一致：每个分支为其经确认标记带来的超额违约之和（标记会重叠，故为上限），附区间；每个标记先列超额，再以灰色列带标记的违约笔数。在此置信度下未确认的标记列在最后；条件本身读取违约结果的标记单独列出。',
  'fishbone.caption.count': '计数视图：每个分支为带有其任一标记的不良贷款笔数（占全部不良贷款的比例），再列各标记的笔数。常见的标记即使不增加风险也会排在前面。',
};
