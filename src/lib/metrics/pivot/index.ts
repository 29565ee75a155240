/** The pivot: a layout (rows × columns × figures) and its query. */
export * from './layout';
export * from './query';
export * from './population';
