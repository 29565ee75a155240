export * from './attributes';
export * from './binomial';
export * from './select';
export * from './search';
export * from './count';
