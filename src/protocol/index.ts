export * from './types';
export * from './errors';
export * from './keys';
export * from './normalize';
export * from './packet';
