/** The analysis engine's health (`engine.*`): a worker that crashed or stopped answering. */
export const en = {
  'engine.lost.title': 'The analysis engine stopped',
  'engine.lost.crashed': 'The engine crashed, most likely because the book needs more memory than a browser tab may use.',
  'engine.lost.stalled': 'The engine stopped answering: nothing came back for {duration}.',
  'engine.minutes': '{n, plural, one {# minute} other {# minutes}}',
  'engine.seconds': '{n, plural, one {# second} other {# seconds}}',
  'engine.lost.safe': 'Your kept books, settings and notebooks are safe. Reloading starts a fresh engine; open the book again from the Data screen.',
  'engine.lost.large': 'For books larger than a tab can hold, the command line runs the same analysis on native DuckDB (see docs/SCALE.md).',
  'engine.lost.error': 'The analysis engine stopped; reload it to continue.',
  'engine.reload': 'Reload the engine',
  'engine.quiet': 'The engine has not answered for a while. A large book can take minutes; if it seems stuck, reload the engine.',
};
