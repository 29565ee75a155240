import type { Messages } from '../../types';
import type { en } from './en';

/** The import engine's failures after a good read: build errors, out of memory, refusals. */
export const zh: Messages<typeof en> = {
  'import.buildErrorTitle': '无法用此文件生成贷款数据',
  'import.progress.size': '文件大小 {total}',
  'import.error.build_failed': '文件已读取，但引擎在生成贷款数据时出错：{reason}。当前打开的数据未改变；请重试或检查映射。',
  'import.error.out_of_memory': '处理该文件时本浏览器标签页内存不足；当前打开的数据未改变。一个浏览器标签页大约能容纳一百万笔贷款及数百万条月度快照：更大的数据请用命令行在本机原生 DuckDB 上运行同样的分析（npx loanbook report --book 文件夹，见 docs/SCALE.md）。若文件只是略超上限，请关闭其他标签页后重试、只导入较少的列或行，或将文件转换为 Parquet。',
  'import.error.nothing_accepted': '{rows} 行中没有一行可以接受（拒绝 {rejected} 行），因此保留了当前打开的数据。请检查映射和质量报告中的原因。',
  'import.error.rows_unaccounted': '{table} 导入的行数对不上：输入 {rowsIn} 行，但接受 {accepted} 行 + 拒绝 {rejected} 行，因此导入已停止，当前打开的数据保留。请报告此问题并说明文件结构（不要提供数据）。',
};
