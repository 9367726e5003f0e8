import type { AccountRow } from '../accounts/accounts.repository.js';
import type { Disclosure } from '../app/config.js';
import type { Context } from '../app/context.js';
import { AppError, notFound } from '../app/errors.js';
import type { DomainBlockJson } from '../http/schemas/admin.js';
import { presentDomainBlock } from './domain-moderation.presenter.js';
import { userFacingDomainBlocks } from './domain-moderation.repository.js';

/** Whether a setting of Mastodon's kind (`disabled`, `users`, `all`) shows a thing to this caller. */
export function disclosedTo(setting: Disclosure, signedIn: boolean): boolean {
  return setting === 'all' || (setting === 'users' && signedIn);
}

/**
 * GET /api/v1/instance/domain_blocks, as Mastodon's: the silenced and
 * suspended domains (noop blocks are not limits users meet), silenced first,
 * then by name; a 404 to whom GOVBLOG_SHOW_DOMAIN_BLOCKS does not show them,
 * with reasons only to whom GOVBLOG_SHOW_DOMAIN_BLOCKS_RATIONALE shows them.
 * In limited-federation mode the instance's lists are for signed-in users.
 */
export async function listInstanceDomainBlocks(ctx: Context, viewer: AccountRow | null): Promise<DomainBlockJson[]> {
  const signedIn = viewer !== null;
  if (ctx.config.limitedFederation && !signedIn) throw new AppError('token_required');
  if (!disclosedTo(ctx.config.showDomainBlocks, signedIn)) throw notFound('Domain blocks');
  const withComment = disclosedTo(ctx.config.showDomainBlocksRationale, signedIn);
  return (await userFacingDomainBlocks(ctx.db)).map((r) => presentDomainBlock(r, withComment));
}
