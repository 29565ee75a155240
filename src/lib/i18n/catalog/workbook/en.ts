export const en = {
  'workbook.download': 'Workbook',
  'workbook.downloadTitle': 'Download every table and chart of this screen in one xlsx, one sheet each',
  'workbook.filters': 'Filters',
  'workbook.baseline': 'Compare baseline',
  'workbook.baselineNone': 'none',
  'workbook.asOf': 'As of',
  'workbook.asOfLatest': 'latest (loan table)',
} as const;
