/** The API's answers, one schema per entity, named in `/docs/json`'s components. */
export * from './registry.js';
export * from './errors.js';
export * from './accounts.js';
export * from './media.js';
export * from './statuses.js';
export * from './social.js';
export * from './instance.js';
export * from './oauth.js';
export * from './gov.js';
export * from './search.js';
export * from './push.js';
export * from './cards.js';
export * from './emojis.js';
export * from './discovery.js';
export * from './admin.js';
export * from './annual-reports.js';
export * from './moderation.js';
