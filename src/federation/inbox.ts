import { ACCOUNT_LISTENERS } from './inbox-accounts.js';
import { FOLLOW_LISTENERS } from './inbox-follows.js';
import { STATUS_LISTENERS } from './inbox-statuses.js';
import type { InboxListener } from './listener.js';

export { type InboxListener, inboxListener } from './listener.js';

/**
 * Every incoming activity the provider acts on, one entry per type (as
 * JOB_HANDLERS lists the job kinds): a feature that handles Follow, Create,
 * Undo … adds its listener here. At most one listener per type.
 *
 * - Follow, Accept, Reject, Undo (of Follow, Like, Announce, Block): inbox-follows.ts
 * - Create, Update, Delete, Announce, Like: inbox-statuses.ts
 * - Block, Flag (and Update / Delete of an actor, reached from the status listeners): inbox-accounts.ts
 */
export const INBOX_LISTENERS: readonly InboxListener[] = [...FOLLOW_LISTENERS, ...STATUS_LISTENERS, ...ACCOUNT_LISTENERS];
