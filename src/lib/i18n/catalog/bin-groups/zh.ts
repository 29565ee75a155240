import type { Messages } from '../../types';
import type { en } from './en';

/** The bin editor's merged categories. */
export const zh: Messages<typeof en> = {
  'bins.splitGroup': '拆分为各类别',
  'bins.groupsNote': '类别与列表中的下一个类别合并；合并后的分箱可拆回各个类别。',
};
