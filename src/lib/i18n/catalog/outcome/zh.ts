import type { Messages } from '../../types';
import type { en } from './en';

/** The book's definitions (outcome, balance, NPL, months on book), currency and empty-state causes. */
export const zh: Messages<typeof en> = {
  'field.outcome': '违约结果（违约标志、违约日期、逾期天数或五级分类之一）',
  'outcome.def.flag': '违约 = 违约标志（标志为空的贷款按违约日期）',
  'outcome.def.date': '违约 = 有违约日期',
  'outcome.def.flag_or_date': '违约 = 违约标志或有违约日期',
  'outcome.def.dpd': '违约 = 逾期超过 90 天（未映射违约标志或违约日期）',
  'outcome.def.class': '违约 = 五级分类为次级、可疑或损失（未映射违约标志、日期或逾期天数）',
  'outcome.def.none': '未映射违约结果：请映射违约标志、违约日期、逾期天数或五级分类',
  'outcome.title': '违约的认定',
  'outcome.rule': '规则',
  'outcome.rule.flag': '按违约标志（推荐）',
  'outcome.rule.date': '按违约日期',
  'outcome.rule.flag_or_date': '违约标志或违约日期',
  'outcome.disagree': '违约标志与违约日期在 {n} 笔贷款上不一致：{dated} 笔未标违约但有违约日期，{undated} 笔标为违约但无日期。',
  'outcome.agree': '每笔贷款的违约标志与违约日期一致。',
  'outcome.applies': '所有页面、报告、模型及笔记本的 loan_facts 均使用这一定义。',
  'def.balance': '余额 = 在账贷款的未偿余额',
  'def.balanceClosed': '本账簿无未偿余额（已结清账簿）：占比按原始发放金额计算',
  'def.npl': '不良贷款率 = 次级、可疑、损失类余额 ÷ 已分类的未偿余额',
  'def.mob': '账龄 = 自发放起的报告月数（date_diff(’month’, …)）',
  'empty.snapshots': '本账簿没有月度快照：请在“数据”页添加快照表（贷款编号、日期、余额、逾期天数、五级分类）后查看。',
  'empty.liveBalance': '本账簿没有任何贷款有未偿余额（已结清账簿）：此项需要在账贷款。',
  'empty.pd': '本账簿没有违约概率：请映射违约概率列或先应用评分卡。',
  'empty.nothing': '本账簿在此没有可显示的内容。',
};
