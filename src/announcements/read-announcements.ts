import type { Context } from '../app/context.js';
import { fieldError, notFound } from '../app/errors.js';
import { transaction } from '../app/transaction.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { enabledEmojisByShortcodes } from '../emojis/emojis.repository.js';
import { publishAfterCommit } from '../streaming/streaming.js';
import { REACTION_KINDS_LIMIT, isActive, isUnicodeEmoji } from './announcements.policy.js';
import { type AnnouncementRow, activeAnnouncements, countReactions, deleteReaction, findAnnouncement, insertReaction, markRead, readAmong, reactionNames } from './announcements.repository.js';
import type { Executor } from '../db/database.js';

/** GET /api/v1/announcements: the active ones; those the viewer dismissed only when asked (`with_dismissed`). */
export async function listAnnouncements(ctx: Context, viewer: number, withDismissed: boolean): Promise<AnnouncementRow[]> {
  const rows = await activeAnnouncements(ctx.db, ctx.clock.now().toISOString());
  if (withDismissed) return rows;
  const read = await readAmong(ctx.db, viewer, rows.map((r) => Number(r.id)));
  return rows.filter((r) => !read.has(Number(r.id)));
}

/** An announcement the viewer may see (published, not ended), or 404. */
async function shownAnnouncement(db: Executor, ctx: Context, id: number): Promise<AnnouncementRow> {
  const row = await findAnnouncement(db, id);
  if (!row || !isActive(row, ctx.clock.now())) throw notFound('Announcement');
  return row;
}

/** POST /api/v1/announcements/:id/dismiss: read, for all of the account's apps. */
export async function dismissAnnouncement(ctx: Context, caller: ActingCaller, id: number): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    await shownAnnouncement(trx, ctx, id);
    await markRead(trx, Number(caller.account.id), id, now);
    await recordOperatorAct(trx, caller, { action: 'announcement.dismiss', subjectType: 'announcement', subjectId: id }, now);
  });
}

/** A reaction's name as given: one unicode emoji, or the shortcode of an enabled custom emoji (with or without its colons); else 422. */
async function reactionName(db: Executor, raw: string): Promise<string> {
  const name = raw.trim().replace(/^:([A-Za-z0-9_]{2,30}):$/, '$1');
  if (isUnicodeEmoji(name)) return name;
  if (/^[A-Za-z0-9_]{2,30}$/.test(name) && (await enabledEmojisByShortcodes(db, [name])).length > 0) return name;
  throw fieldError('name', 'ERR_INVALID', 'must be one emoji or the shortcode of a custom emoji of this provider');
}

/** PUT /api/v1/announcements/:id/reactions/:name (idempotent); everyone's streams hear the new count. */
export async function addReaction(ctx: Context, caller: ActingCaller, id: number, raw: string): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    await shownAnnouncement(trx, ctx, id);
    const name = await reactionName(trx, raw);
    const names = await reactionNames(trx, id);
    if (!names.includes(name) && names.length >= REACTION_KINDS_LIMIT) throw fieldError('name', 'ERR_LIMIT_REACHED', `an announcement carries at most ${REACTION_KINDS_LIMIT} different reactions`);
    if (await insertReaction(trx, id, Number(caller.account.id), name, now)) {
      publishAfterCommit(trx, { t: 'announcement.reaction', id, name, count: await countReactions(trx, id, name) });
    }
    await recordOperatorAct(trx, caller, { action: 'announcement.react', subjectType: 'announcement', subjectId: id, data: { name } }, now);
  });
}

/** DELETE /api/v1/announcements/:id/reactions/:name (idempotent). */
export async function removeReaction(ctx: Context, caller: ActingCaller, id: number, raw: string): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    await shownAnnouncement(trx, ctx, id);
    const name = raw.trim().replace(/^:([A-Za-z0-9_]{2,30}):$/, '$1');
    if (await deleteReaction(trx, id, Number(caller.account.id), name)) {
      publishAfterCommit(trx, { t: 'announcement.reaction', id, name, count: await countReactions(trx, id, name) });
    }
    await recordOperatorAct(trx, caller, { action: 'announcement.unreact', subjectType: 'announcement', subjectId: id, data: { name } }, now);
  });
}
