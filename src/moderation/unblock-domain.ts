import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { transaction } from '../app/transaction.js';
import { exclusionsChanged } from '../social/exclusions.js';
import { deleteDomainBlock } from './blocks.repository.js';
import { normalizeDomain } from './domain.js';

/** DELETE /api/v1/domain_blocks: the user's block of the domain ends (idempotent). */
export async function unblockDomain(ctx: Context, viewer: AccountRow, raw: unknown): Promise<void> {
  const domain = normalizeDomain(raw);
  const me = Number(viewer.id);
  await transaction(ctx, async (trx) => {
    if (await deleteDomainBlock(trx, me, domain)) exclusionsChanged(trx, [me]);
  });
}
