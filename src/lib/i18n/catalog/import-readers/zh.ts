import type { Messages } from '../../types';
import type { en } from './en';

/** Readers and value parsers: decimal separators, encodings, .xls, implausible values, sheet warnings. */
export const zh: Messages<typeof en> = {
  "import.parser.decimal": "{field}的小数分隔符",
  "import.error.firstLine": "，第一个在第 {line} 行",
  "import.error.sheet_unreadable": "无法读取工作表“{sheet}”：{reason}。请在 Excel 中打开工作簿并重新保存（或将该工作表另存为 CSV），再导入该文件。",
  "import.error.password_protected": "工作簿“{file}”设有密码保护，无法读取其中的单元格。请在 Excel 中打开，另存一份不带密码的副本（文件 › 信息 › 保护工作簿 › 用密码进行加密，清空密码），再导入该副本。",
  "import.notice.formulas_without_values": "{count} 个公式单元格没有保存计算结果（工作簿保存时未计算），按空值读取。如需保留，请在 Excel 中打开工作簿、计算后保存，再重新导入。",
  "import.notice.hidden_rows": "Excel 中隐藏的 {count} 行与其他行一样被读取：隐藏并不等于排除。",
  "import.notice.stray_cells": "已忽略表格之外很远处的 {count} 个孤立单元格（{cells}）。",
  "import.encoding.replace": "仍然导入（UTF-8 行按 UTF-8 读取，其余无法解码的字符显示为 �）",
  "import.decimal..": "小数点（1,234.5）",
  "import.decimal.,": "小数逗号（1.234,5）",
  "import.decimalHint": "分号分隔的文件：无法从数值判断的列按小数逗号读取（1.234,5）；可在映射中逐列更改。",
  "quality.check.negative_dpd": "逾期天数为负",
  "quality.check.dpd_over_ten_years": "逾期天数超过 3650 天（十年）",
  "quality.check.date_after_as_of": "晚于数据日期的日期",
  "quality.check.date_before_1950": "早于 1950 年的日期",
  "quality.reason.notFinite": "{field}（{source}）：“{value}”不是有限的数字",
  "quality.reason.separator": "{field}（{source}）：“{value}”与此列的小数分隔符“{separator}”不符（如该列使用另一种分隔符，请更改）",
};
