import type { Messages } from '../../types';
import type { en } from './en';

export const zh: Messages<typeof en> = {
  'workbook.download': '导出工作簿',
  'workbook.downloadTitle': '将本页所有表格和图表的数据导出为一个 xlsx 文件，每个一张工作表',
  'workbook.filters': '筛选条件',
  'workbook.baseline': '对比基准',
  'workbook.baselineNone': '无',
  'workbook.asOf': '数据日期',
  'workbook.asOfLatest': '最新（贷款表）',
};
