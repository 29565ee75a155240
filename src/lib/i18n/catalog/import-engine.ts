import type { Catalog } from '../types';

/** The import engine's failures after a good read: build errors, out of memory, refusals. */
export const importEngine = {
  en: {
    'import.buildErrorTitle': 'The book could not be built from this file',
    'import.progress.size': 'file of {total}',
    'import.error.build_failed': 'The file was read, but the engine failed while building the book from it: {reason}. The open book is unchanged; try again, or check the mapping.',
    'import.error.out_of_memory': 'This browser tab ran out of memory while working on the file; the open book is unchanged. Close other tabs and try again, import fewer columns or rows, or convert the file to Parquet.',
    'import.error.nothing_accepted': 'None of the {rows} rows could be accepted ({rejected} rejected), so the open book was kept. Check the mapping and the reasons in the quality report.',
    'import.error.rows_unaccounted': 'The {table} import does not add up: {rowsIn} rows in but {accepted} accepted + {rejected} rejected, so it was stopped and the open book kept. Please report this with the file’s shape (not its data).',
  },
  zh: {
    'import.buildErrorTitle': '无法用此文件生成贷款数据',
    'import.progress.size': '文件大小 {total}',
    'import.error.build_failed': '文件已读取，但引擎在生成贷款数据时出错：{reason}。当前打开的数据未改变；请重试或检查映射。',
    'import.error.out_of_memory': '处理该文件时本浏览器标签页内存不足；当前打开的数据未改变。请关闭其他标签页后重试、只导入较少的列或行，或将文件转换为 Parquet。',
    'import.error.nothing_accepted': '{rows} 行中没有一行可以接受（拒绝 {rejected} 行），因此保留了当前打开的数据。请检查映射和质量报告中的原因。',
    'import.error.rows_unaccounted': '{table} 导入的行数对不上：输入 {rowsIn} 行，但接受 {accepted} 行 + 拒绝 {rejected} 行，因此导入已停止，当前打开的数据保留。请报告此问题并说明文件结构（不要提供数据）。',
  },
} satisfies Catalog;
