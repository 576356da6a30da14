/** cronwarden's library entry point. */
export * from './sigma/index.js';
