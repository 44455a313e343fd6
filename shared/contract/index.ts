export * from './common';
export * from './auth';
export * from './members';
export * from './checkout';
export * from './routes';
