import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { transaction } from '../app/transaction.js';
import { exclusionsChanged } from '../social/exclusions.js';
import { insertDomainBlock } from './blocks.repository.js';
import { normalizeDomain } from './domain.js';

/**
 * POST /api/v1/domain_blocks: the user blocks a domain (normalised; a bad one
 * is a 422 naming `domain`). Accounts have no remote domain yet, so nothing
 * else changes now; once they do, the exclusion predicate
 * (src/social/exclusions.ts, excludesAccount) applies it everywhere.
 */
export async function blockDomain(ctx: Context, viewer: AccountRow, raw: unknown): Promise<void> {
  const domain = normalizeDomain(raw);
  const me = Number(viewer.id);
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    if (await insertDomainBlock(trx, me, domain, now)) exclusionsChanged(trx, [me]);
  });
}
