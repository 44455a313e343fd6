export * from './tiers';
export * from './earning';
export * from './phone';
export * from './member-code';
export * from './time';
export * from './money';
