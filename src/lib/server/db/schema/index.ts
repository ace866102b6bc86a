export * from './event-log';
export * from './dead-letter';
export * from './site';
export * from './account';
export * from './incident';
export * from './test-window';
export * from './due-item';
