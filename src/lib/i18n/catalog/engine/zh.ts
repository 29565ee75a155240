import type { Messages } from '../../types';
import type { en } from './en';

/** The analysis engine's health (`engine.*`): a worker that crashed or stopped answering. */
export const zh: Messages<typeof en> = {
  'engine.lost.title': '分析引擎已停止',
  'engine.lost.crashed': '分析引擎崩溃了，很可能是这本账册所需内存超出了浏览器标签页的上限。',
  'engine.lost.stalled': '分析引擎停止响应：已有 {duration}没有任何返回。',
  'engine.minutes': '{n} 分钟',
  'engine.seconds': '{n} 秒',
  'engine.lost.safe': '已保存的账册、设置和笔记本都不受影响。重新加载会启动一个新的引擎；请在“数据”页重新打开账册。',
  'engine.lost.large': '对于标签页容纳不下的大账册，可以用命令行在原生 DuckDB 上运行同样的分析（见 docs/SCALE.md）。',
  'engine.lost.error': '分析引擎已停止，请重新加载后继续。',
  'engine.reload': '重新加载引擎',
  'engine.quiet': '分析引擎已有一段时间没有响应。大账册可能需要几分钟；如果看起来卡住了，请重新加载引擎。',
};
