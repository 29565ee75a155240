/** IFRS 9: staging rules, lifetime PD term structures and expected credit loss. */
export * from './rules';
export * from './curve';
export * from './states';
export * from './staging';
export * from './ecl';
export * from './transfer';
export * from './movement';
