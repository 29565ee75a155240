export * from './linalg';
export * from './normal';
export * from './logistic';
export * from './design';
export * from './scorecard';
