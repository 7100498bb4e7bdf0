export * from './types';
export * from './errors';
export * from './keys';
export * from './normalize';
export { normalizeOnlineReply } from './online';
export * from './packet';
export * from './events';
export * from './topics';
