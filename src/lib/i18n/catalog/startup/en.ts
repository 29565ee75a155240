export const en = {
  'startup.legend': 'When the app starts',
  'startup.last': 'Reopen the kept book that was open',
  'startup.empty': 'Start with no book open',
  'startup.help': 'Kept books stay in this browser either way; this only decides what opens on a reload.',
};
