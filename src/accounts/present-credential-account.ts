import type { Context } from '../app/context.js';
import type { CredentialAccount } from '../http/schemas/accounts.js';
import { countFollowRequestsTo } from '../social/follows.repository.js';
import { loadGovProfiles } from '../verification/gov-profiles.repository.js';
import { presentCredentialAccount } from './accounts.presenter.js';
import type { AccountRow } from './accounts.repository.js';

/** Mastodon's CredentialAccount of the account itself, with its government profile if it has one. */
export async function presentOwnCredentials(ctx: Context, row: AccountRow): Promise<CredentialAccount> {
  const [gov, followRequests] = await Promise.all([loadGovProfiles(ctx.db, [row.id]), countFollowRequestsTo(ctx.db, Number(row.id))]);
  return presentCredentialAccount(ctx.config, row, gov.get(row.id), followRequests);
}
