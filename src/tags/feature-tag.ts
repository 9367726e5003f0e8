import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import { AppError, notFound } from '../app/errors.js';
import { transaction } from '../app/transaction.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { checkedTagName } from './follow-tag.js';
import { type FeaturedTagRow, type TagRef, deleteFeaturedTag, featuredTagsOf, findFeaturedTag, findOrCreateTag, insertFeaturedTag } from './tags.repository.js';

/** Most hashtags a profile features (Mastodon's FeaturedTag::LIMIT). */
export const FEATURED_TAGS_LIMIT = 10;

/** Only its owner removes a featured tag; to anyone else it does not exist. */
export function mayRemoveFeaturedTag(me: number, featured: { account_id: number }): boolean {
  return featured.account_id === me;
}

/** POST /api/v1/featured_tags: the hashtag on the caller's profile (featured twice: a 422, as Mastodon's uniqueness). */
export async function featureTag(ctx: Context, caller: ActingCaller, raw: string | undefined): Promise<FeaturedTagRow> {
  const name = checkedTagName(raw ?? '');
  const me = Number(caller.account.id);
  const now = ctx.clock.now().toISOString();
  return transaction(ctx, async (trx) => {
    const tag = await findOrCreateTag(trx, name);
    const count = await trx.selectFrom('featured_tags').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', me).executeTakeFirstOrThrow();
    if (Number(count.n) >= FEATURED_TAGS_LIMIT) throw new AppError('validation_failed', `Validation failed: You cannot feature more than ${FEATURED_TAGS_LIMIT} hashtags`);
    const id = await insertFeaturedTag(trx, me, tag.id, now);
    if (id === undefined) throw new AppError('validation_failed', 'Validation failed: Tag has already been taken');
    await recordOperatorAct(trx, caller, { action: 'tag.feature', subjectType: 'tag', subjectId: tag.id }, now);
    const row = (await featuredTagsOf(trx, me)).find((f) => f.id === id);
    if (!row) throw notFound('Featured tag');
    return row;
  });
}

/** POST /api/v1/tags/:name/feature (Mastodon 4.4): featureTag, idempotent. */
export async function featureTagByName(ctx: Context, caller: ActingCaller, raw: string): Promise<TagRef> {
  const name = checkedTagName(raw, 'id');
  const me = Number(caller.account.id);
  const tag = await findOrCreateTag(ctx.db, name);
  const already = await ctx.db.selectFrom('featured_tags').select('id').where('account_id', '=', me).where('tag_id', '=', tag.id).executeTakeFirst();
  if (!already) await featureTag(ctx, caller, name);
  return tag;
}

/** POST /api/v1/tags/:name/unfeature (Mastodon 4.4), idempotent. */
export async function unfeatureTagByName(ctx: Context, caller: ActingCaller, raw: string): Promise<TagRef> {
  const name = checkedTagName(raw, 'id');
  const now = ctx.clock.now().toISOString();
  return transaction(ctx, async (trx) => {
    const tag = await findOrCreateTag(trx, name);
    await trx.deleteFrom('featured_tags').where('account_id', '=', Number(caller.account.id)).where('tag_id', '=', tag.id).execute();
    await recordOperatorAct(trx, caller, { action: 'tag.unfeature', subjectType: 'tag', subjectId: tag.id }, now);
    return tag;
  });
}

/** DELETE /api/v1/featured_tags/:id. */
export async function unfeatureTag(ctx: Context, caller: ActingCaller, id: number | null): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    const featured = id === null ? undefined : await findFeaturedTag(trx, id);
    if (!featured) throw notFound('Featured tag');
    authorize(mayRemoveFeaturedTag(Number(caller.account.id), featured), undefined, true);
    await deleteFeaturedTag(trx, featured.id);
    await recordOperatorAct(trx, caller, { action: 'tag.unfeature', subjectType: 'tag', subjectId: featured.tag_id }, now);
  });
}
