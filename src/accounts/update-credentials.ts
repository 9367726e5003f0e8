import type { Context } from '../app/context.js';
import { AppError, fieldError, notFound } from '../app/errors.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { authorizeAllFollowRequests } from '../social/authorize-all-follow-requests.js';
import { loadGovProfiles } from '../verification/gov-profiles.repository.js';
import { type AccountRow, type ProfileField, findAccountById, updateAccount } from './accounts.repository.js';
import { LIMITS } from '../domain/limits.js';
import { afterCommit, transaction } from '../app/transaction.js';
import { removeFiles } from '../media/status-media.js';
import { storeProfileImages } from '../media/profile-images.js';
import { queueDistribution } from '../jobs/distribute.js';

export interface UpdateCredentialsInput {
  display_name?: string | undefined;
  note?: string | undefined;
  locked?: boolean | undefined;
  bot?: boolean | undefined;
  discoverable?: boolean | undefined;
  /** Uploaded pictures (multipart files). */
  avatar?: Buffer | undefined;
  header?: Buffer | undefined;
  /** Posting preferences (Mastodon's source[privacy], source[sensitive], source[language]); language "" clears it. */
  source?: { privacy?: 'public' | 'unlisted' | 'private' | undefined; sensitive?: boolean | undefined; language?: string | null | undefined } | undefined;
  /** Profile fields as sent (Rails' `fields_attributes[0][name]` or a list); blank pairs are dropped. */
  fields_attributes?: { name?: string | undefined; value?: string | undefined }[] | undefined;
}

/** The profile fields to store, checked as Mastodon checks them (at most 4; name and value at most 255 characters). */
export function checkProfileFields(list: readonly { name?: string | undefined; value?: string | undefined }[]): ProfileField[] {
  const fields = list.map((f) => ({ name: (f.name ?? '').trim(), value: (f.value ?? '').trim() })).filter((f) => f.name !== '' || f.value !== '');
  if (fields.length > LIMITS.profileFieldsMax) throw fieldError('fields_attributes', 'ERR_TOO_LONG', `is too long (maximum is ${LIMITS.profileFieldsMax} fields)`);
  fields.forEach((f, i) => {
    if ([...f.name].length > LIMITS.profileFieldNameMax) throw fieldError(`fields_attributes[${i}][name]`, 'ERR_TOO_LONG', `is too long (maximum is ${LIMITS.profileFieldNameMax} characters)`);
    if ([...f.value].length > LIMITS.profileFieldValueMax) throw fieldError(`fields_attributes[${i}][value]`, 'ERR_TOO_LONG', `is too long (maximum is ${LIMITS.profileFieldValueMax} characters)`);
  });
  return fields;
}

/**
 * PATCH /api/v1/accounts/update_credentials: an account edits its own profile.
 * A verified government account keeps the name a reviewer gave it on
 * approval: a new name would let it pass as another organ with the badge of
 * the first. It changes only by a new application, approved under the new name.
 * An account that turns `locked` off accepts the follow requests it had.
 * An avatar or header is processed and stored first; the pictures it replaces
 * are removed once the update commits (the new ones, if it does not).
 */
export async function updateCredentials(ctx: Context, caller: ActingCaller, input: UpdateCredentialsInput): Promise<AccountRow> {
  const account = caller.account;
  // Another server's account is edited there (federation's Update replaces it here); it never holds a token, but say it here too.
  if (account.domain !== null) throw new AppError('forbidden', 'This account belongs to another server');
  if (input.display_name !== undefined && input.display_name.trim() !== account.display_name) {
    const gov = await loadGovProfiles(ctx.db, [account.id]);
    if (gov.has(account.id)) throw fieldError('display_name', 'ERR_LOCKED', 'of a verified government account changes only by a new verification application: the reviewer who approves it sets the name', 'display_name_locked');
  }
  const now = ctx.clock.now().toISOString();
  const patch: Partial<AccountRow> = { updated_at: now };
  if (input.display_name !== undefined) patch.display_name = input.display_name.trim();
  if (input.note !== undefined) patch.note = input.note;
  if (input.locked !== undefined) patch.locked = input.locked ? 1 : 0;
  if (input.bot !== undefined) patch.bot = input.bot ? 1 : 0;
  if (input.discoverable !== undefined) patch.discoverable = input.discoverable ? 1 : 0;
  if (input.source?.privacy !== undefined) patch.default_privacy = input.source.privacy;
  if (input.source?.sensitive !== undefined) patch.default_sensitive = input.source.sensitive ? 1 : 0;
  if (input.source?.language !== undefined) patch.default_language = input.source.language;
  if (input.fields_attributes !== undefined) patch.fields = JSON.stringify(checkProfileFields(input.fields_attributes));
  const images = await storeProfileImages(ctx, input);
  Object.assign(patch, images.patch);
  let row: AccountRow | undefined;
  try {
    row = await transaction(ctx, async (trx) => {
      const before = await findAccountById(trx, Number(account.id));
      const updated = await updateAccount(trx, account.id, patch);
      if (updated) {
        await recordOperatorAct(trx, caller, { action: 'account.update', subjectType: 'account', subjectId: Number(account.id) }, now);
        await queueDistribution(trx, { type: 'account.updated', account: Number(account.id) });
      }
      if (before) afterCommit(trx, () => removeFiles(ctx, images.replaced(before)));
      return updated;
    });
  } catch (err) {
    removeFiles(ctx, images.added);
    throw err;
  }
  if (!row) removeFiles(ctx, images.added);
  if (!row) throw notFound('Account');
  if (input.locked === false && row.locked === 0) await authorizeAllFollowRequests(ctx, row);
  return row;
}
