export * from './types';
export * from './rules';
export * from './select';
export * from './matrix';
export * from './stats';
export * from './pareto';
export * from './caseFile';
export * from './userRules';
