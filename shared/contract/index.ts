export * from './common';
export * from './auth';
export * from './members';
export * from './checkout';
export * from './program';
export * from './points';
export * from './routes';
export * from './coupons';
