export * from './calendar';
export * from './tiers';
export * from './rules';
export * from './points';
export * from './phone';
export * from './member-code';
export * from './time';
export * from './money';
