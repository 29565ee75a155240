import type { Messages } from '../../types';
import type { en } from './en';

export const zh: Messages<typeof en> = {
  'startup.legend': '启动应用时',
  'startup.last': '重新打开上次打开的已保存账簿',
  'startup.empty': '不打开任何账簿',
  'startup.help': '无论选择哪项，已保存的账簿都保留在此浏览器中；此设置只决定重新加载时打开什么。',
};
