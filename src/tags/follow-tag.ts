import type { Context } from '../app/context.js';
import { fieldError } from '../app/errors.js';
import { transaction } from '../app/transaction.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { hashtagKey } from '../streaming/channels.js';
import { type TagRef, deleteTagFollow, findOrCreateTag, insertTagFollow } from './tags.repository.js';

/** Most hashtags one account may follow. */
export const FOLLOWED_TAGS_LIMIT = 1000;

/** A hashtag as a route names it (`#雾霾#`, `#雾霾`, `雾霾`), checked: letters, digits and `_` only, as Mastodon's Tag name. */
export function checkedTagName(raw: string, field = 'name'): string {
  const name = raw.replace(/^#|#$/g, '').trim();
  if (name === '' || hashtagKey(name) !== name.normalize('NFKC').toLowerCase() || [...name].length > 100) throw fieldError(field, 'ERR_INVALID', 'is not a valid hashtag', 'hashtag');
  return name;
}

/** POST /api/v1/tags/:name/follow (idempotent): public statuses with it reach the caller's home from now on. */
export async function followTag(ctx: Context, caller: ActingCaller, raw: string): Promise<TagRef> {
  const name = checkedTagName(raw, 'id');
  const now = ctx.clock.now().toISOString();
  return transaction(ctx, async (trx) => {
    const tag = await findOrCreateTag(trx, name);
    const count = await trx.selectFrom('tag_follows').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', Number(caller.account.id)).executeTakeFirstOrThrow();
    if (Number(count.n) >= FOLLOWED_TAGS_LIMIT) throw fieldError('id', 'ERR_LIMIT', `cannot follow more than ${FOLLOWED_TAGS_LIMIT} hashtags`);
    await insertTagFollow(trx, Number(caller.account.id), tag.id, now);
    await recordOperatorAct(trx, caller, { action: 'tag.follow', subjectType: 'tag', subjectId: tag.id }, now);
    return tag;
  });
}

/** POST /api/v1/tags/:name/unfollow (idempotent). */
export async function unfollowTag(ctx: Context, caller: ActingCaller, raw: string): Promise<TagRef> {
  const name = checkedTagName(raw, 'id');
  const now = ctx.clock.now().toISOString();
  return transaction(ctx, async (trx) => {
    const tag = await findOrCreateTag(trx, name);
    await deleteTagFollow(trx, Number(caller.account.id), tag.id);
    await recordOperatorAct(trx, caller, { action: 'tag.unfollow', subjectType: 'tag', subjectId: tag.id }, now);
    return tag;
  });
}
