import type { Catalog } from '../types';

/** Readers and value parsers: decimal separators, encodings, .xls, implausible values, sheet warnings. */
export const importReaders = {
  en: {
    "import.parser.decimal": "Decimal separator of {field}",
    "import.decimal..": "decimal point (1,234.5)",
    "import.decimal.,": "decimal comma (1.234,5)",
    "import.decimalHint": "Semicolon-delimited: numbers whose values do not tell are read with a decimal comma (1.234,5); change it per column in the mapping.",
    "quality.check.negative_dpd": "Negative days past due",
    "quality.check.dpd_over_ten_years": "Days past due above 3650 (ten years)",
    "quality.check.date_after_as_of": "Dates after the book's as-of date",
    "quality.check.date_before_1950": "Dates before 1950",
    "quality.reason.notFinite": "{field} ({source}): \"{value}\" is not a finite number",
    "quality.reason.separator": "{field} ({source}): \"{value}\" does not fit the decimal separator \"{separator}\" of this column (choose the other separator if the column uses it)",
  },
  zh: {
    "import.parser.decimal": "{field}的小数分隔符",
    "import.decimal..": "小数点（1,234.5）",
    "import.decimal.,": "小数逗号（1.234,5）",
    "import.decimalHint": "分号分隔的文件：无法从数值判断的列按小数逗号读取（1.234,5）；可在映射中逐列更改。",
    "quality.check.negative_dpd": "逾期天数为负",
    "quality.check.dpd_over_ten_years": "逾期天数超过 3650 天（十年）",
    "quality.check.date_after_as_of": "晚于数据日期的日期",
    "quality.check.date_before_1950": "早于 1950 年的日期",
    "quality.reason.notFinite": "{field}（{source}）：“{value}”不是有限的数字",
    "quality.reason.separator": "{field}（{source}）：“{value}”与此列的小数分隔符“{separator}”不符（如该列使用另一种分隔符，请更改）",
  },
} satisfies Catalog;
