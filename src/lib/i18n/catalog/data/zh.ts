import type { Messages } from '../../types';
import type { en } from './en';

export const zh: Messages<typeof en> = {
  'data.title': '数据',
  'data.intro': '打开一份贷款数据进行分析。文件只在本标签页内读取，不会上传。',
  'data.sample.title': '示例：银行A',
  'data.sample.text': '一家虚构银行的小微企业贷款组合：五年内向约12,000户借款人发放约20,000笔贷款，含月度快照，并植入了研究中的四类问题。',
  'data.sample.open': '打开示例银行A数据',
  'data.sampleB.title': '示例：银行B（农村）',
  'data.sampleB.text': '一家虚构农商银行的贷款组合：四年内向七个县的农户、农场和乡村小商户发放8,000笔贷款，含月度快照。植入了：一个县的生猪价格冲击、一个中介介绍的首期即违约的贷款群，以及按收获季节还款。',
  'data.sampleB.open': '打开示例银行B数据',
  'data.loading': '正在加载贷款数据…',
  'data.loaded': '已加载 {name}：{loans} 笔贷款，{borrowers} 户借款人，{snapshots} 条月度快照。',
  'data.failed': '无法打开该贷款数据。',
  'data.keptPrevious': '之前打开的数据仍然可用。',
  'data.fields': '可用于分析的字段：{n} / {total}',
  'data.pack.opening': "正在打开单文件案例包：载入数据并进入第一步…",
  'data.pack.failed': "无法打开单文件案例包：{reason}",
};
