import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { type RowWindow, pageBlockedAccounts, pageDomainBlocks, pageMutedAccounts } from './blocks.repository.js';

/** GET /api/v1/blocks: the accounts the viewer blocks, newest block first, paged by the block's id. */
export async function listBlocks(ctx: Context, viewer: AccountRow, w: RowWindow) {
  return pageBlockedAccounts(ctx.db, Number(viewer.id), w);
}

/** GET /api/v1/mutes: the accounts the viewer mutes now (an ended mute is gone at once), with when each mute ends. */
export async function listMutes(ctx: Context, viewer: AccountRow, w: RowWindow) {
  return pageMutedAccounts(ctx.db, Number(viewer.id), ctx.clock.now().toISOString(), w);
}

/** GET /api/v1/domain_blocks: the domains the viewer blocks, newest first. */
export async function listDomainBlocks(ctx: Context, viewer: AccountRow, w: RowWindow) {
  return pageDomainBlocks(ctx.db, Number(viewer.id), w);
}
