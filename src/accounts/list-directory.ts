import type { Context } from '../app/context.js';
import type { AccountRow } from './accounts.repository.js';
import { listDirectory as directoryRows } from './directory.repository.js';

/** GET /api/v1/directory: verified government accounts and the accounts that chose to be listed. */
export async function listDirectory(ctx: Context, query: { offset: number; limit: number; order: 'active' | 'new' }): Promise<AccountRow[]> {
  return directoryRows(ctx.db, query);
}
