// Every area's messages, English and Chinese. A new area: add its folder (en.ts + zh.ts) and one line to each list below.
import { en as captionEn } from './caption/en';
import { zh as captionZh } from './caption/zh';
import { en as casesEn } from './cases/en';
import { zh as casesZh } from './cases/zh';
import { en as causesEn } from './causes/en';
import { zh as causesZh } from './causes/zh';
import { en as cleanEn } from './clean/en';
import { zh as cleanZh } from './clean/zh';
import { en as dataEn } from './data/en';
import { zh as dataZh } from './data/zh';
import { en as domainEn } from './domain/en';
import { zh as domainZh } from './domain/zh';
import { en as engineEn } from './engine/en';
import { zh as engineZh } from './engine/zh';
import { en as flagsEn } from './flags/en';
import { zh as flagsZh } from './flags/zh';
import { en as importEngineEn } from './import-engine/en';
import { zh as importEngineZh } from './import-engine/zh';
import { en as importReadersEn } from './import-readers/en';
import { zh as importReadersZh } from './import-readers/zh';
import { en as importEn } from './import/en';
import { zh as importZh } from './import/zh';
import { en as leakageEn } from './leakage/en';
import { zh as leakageZh } from './leakage/zh';
import { en as modelsEn } from './models/en';
import { zh as modelsZh } from './models/zh';
import { en as notebookEn } from './notebook/en';
import { zh as notebookZh } from './notebook/zh';
import { en as outcomeEn } from './outcome/en';
import { zh as outcomeZh } from './outcome/zh';
import { en as overviewEn } from './overview/en';
import { zh as overviewZh } from './overview/zh';
import { en as publishEn } from './publish/en';
import { zh as publishZh } from './publish/zh';
import { en as reportEn } from './report/en';
import { zh as reportZh } from './report/zh';
import { en as shellEn } from './shell/en';
import { zh as shellZh } from './shell/zh';
import { en as structureEn } from './structure/en';
import { zh as structureZh } from './structure/zh';
import { en as exposureEn } from './exposure/en';
import { zh as exposureZh } from './exposure/zh';
import { en as ifrs9En } from './ifrs9/en';
import { zh as ifrs9Zh } from './ifrs9/zh';
import { en as startupEn } from './startup/en';
import { zh as startupZh } from './startup/zh';
import { en as excessEn } from './excess/en';
import { zh as excessZh } from './excess/zh';
import { en as tableRulesEn } from './table-rules/en';
import { zh as tableRulesZh } from './table-rules/zh';
import { en as binGroupsEn } from './bin-groups/en';
import { zh as binGroupsZh } from './bin-groups/zh';
import { en as signalsEn } from './signals/en';
import { zh as signalsZh } from './signals/zh';
import { en as pivotEn } from './pivot/en';
import { zh as pivotZh } from './pivot/zh';
import { en as monitorEn } from './monitor/en';
import { zh as monitorZh } from './monitor/zh';
import { en as compareEn } from './compare/en';
import { zh as compareZh } from './compare/zh';
import { en as segmentsEn } from './segments/en';
import { zh as segmentsZh } from './segments/zh';
import { en as workbookEn } from './workbook/en';
import { zh as workbookZh } from './workbook/zh';
import type { Messages } from '../types';

export const en = {
  ...captionEn,
  ...casesEn,
  ...causesEn,
  ...cleanEn,
  ...dataEn,
  ...domainEn,
  ...engineEn,
  ...flagsEn,
  ...importEngineEn,
  ...importReadersEn,
  ...importEn,
  ...leakageEn,
  ...modelsEn,
  ...notebookEn,
  ...outcomeEn,
  ...overviewEn,
  ...publishEn,
  ...reportEn,
  ...shellEn,
  ...structureEn,
  ...exposureEn,
  ...ifrs9En,
  ...startupEn,
  ...excessEn,
  ...tableRulesEn,
  ...binGroupsEn,
  ...signalsEn,
  ...pivotEn,
  ...monitorEn,
  ...compareEn,
  ...segmentsEn,
  ...workbookEn,
};

/** A message key: `t` accepts only these. */
export type MessageKey = keyof typeof en;

export const zh: Messages<typeof en> = {
  ...captionZh,
  ...casesZh,
  ...causesZh,
  ...cleanZh,
  ...dataZh,
  ...domainZh,
  ...engineZh,
  ...flagsZh,
  ...importEngineZh,
  ...importReadersZh,
  ...importZh,
  ...leakageZh,
  ...modelsZh,
  ...notebookZh,
  ...outcomeZh,
  ...overviewZh,
  ...publishZh,
  ...reportZh,
  ...shellZh,
  ...structureZh,
  ...exposureZh,
  ...ifrs9Zh,
  ...startupZh,
  ...excessZh,
  ...tableRulesZh,
  ...binGroupsZh,
  ...signalsZh,
  ...pivotZh,
  ...monitorZh,
  ...compareZh,
  ...segmentsZh,
  ...workbookZh,
};
