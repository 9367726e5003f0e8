import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import { fieldError, notFound } from '../app/errors.js';
import { transaction } from '../app/transaction.js';
import { findOpenAccountsByUsernameKeys, mentionMap } from '../accounts/accounts.repository.js';
import type { ActingCaller } from '../audit/record-operator-act.js';
import { recordAudit } from '../audit/audit.repository.js';
import type { Executor } from '../db/database.js';
import { publishAfterCommit } from '../streaming/streaming.js';
import { parseText, renderText } from '../statuses/text.js';
import { ANNOUNCEMENT_MAX, mayManageAnnouncements } from './announcements.policy.js';
import { type AnnouncementRow, deleteAnnouncementRow, findAnnouncement, insertAnnouncement, updateAnnouncementRow } from './announcements.repository.js';

export interface AnnouncementInput {
  text?: string | undefined;
  starts_at?: string | null | undefined;
  ends_at?: string | null | undefined;
  all_day?: boolean | undefined;
  /** Publish now (default for a new one) or keep (make) it a draft. */
  published?: boolean | undefined;
}

function checkTimes(startsAt: string | null, endsAt: string | null): void {
  for (const [field, v] of [
    ['starts_at', startsAt],
    ['ends_at', endsAt],
  ] as const) {
    if (v !== null && Number.isNaN(Date.parse(v))) throw fieldError(field, 'ERR_INVALID', 'must be an ISO 8601 time');
  }
  if (startsAt !== null && endsAt !== null && Date.parse(endsAt) < Date.parse(startsAt)) throw fieldError('ends_at', 'ERR_INVALID', 'must not be before starts_at');
}

async function render(trx: Executor, ctx: Context, text: string): Promise<string> {
  const { mentions } = parseText(text, ctx.config.provider);
  const accounts = await findOpenAccountsByUsernameKeys(trx, mentions);
  return renderText(text, { baseUrl: ctx.config.publicUrl, localHost: ctx.config.provider, accounts: mentionMap(ctx.config.publicUrl, accounts) });
}

const iso = (v: string | null) => (v === null ? null : new Date(Date.parse(v)).toISOString());

/** An admin writes an announcement (govblog's admin API); a published one reaches every open `user` stream as `announcement`. */
export async function createAnnouncement(ctx: Context, caller: ActingCaller, input: AnnouncementInput): Promise<AnnouncementRow> {
  authorize(mayManageAnnouncements(caller.account, caller.operator), 'Only admins write announcements');
  const text = (input.text ?? '').trim();
  if (text === '') throw fieldError('text', 'ERR_BLANK', "can't be blank");
  if (text.length > ANNOUNCEMENT_MAX) throw fieldError('text', 'ERR_TOO_LONG', `is at most ${ANNOUNCEMENT_MAX} characters`);
  const startsAt = input.starts_at ?? null;
  const endsAt = input.ends_at ?? null;
  checkTimes(startsAt, endsAt);
  const now = ctx.clock.now().toISOString();
  return transaction(ctx, async (trx) => {
    const row = await insertAnnouncement(trx, {
      text,
      content: await render(trx, ctx, text),
      starts_at: iso(startsAt),
      ends_at: iso(endsAt),
      all_day: input.all_day ? 1 : 0,
      published_at: input.published === false ? null : now,
      created_by: Number(caller.account.id),
      created_at: now,
      updated_at: now,
    });
    await recordAudit(trx, { actorId: Number(caller.account.id), action: 'announcement.create', subjectType: 'announcement', subjectId: Number(row.id), at: now });
    if (row.published_at !== null) publishAfterCommit(trx, { t: 'announcement', id: Number(row.id) });
    return row;
  });
}

/** An admin changes an announcement: its text, times, or publishes or unpublishes it (unpublishing takes it off every client, as `announcement.delete`). */
export async function updateAnnouncement(ctx: Context, caller: ActingCaller, id: number, input: AnnouncementInput): Promise<AnnouncementRow> {
  authorize(mayManageAnnouncements(caller.account, caller.operator), 'Only admins write announcements');
  const now = ctx.clock.now().toISOString();
  return transaction(ctx, async (trx) => {
    const old = await findAnnouncement(trx, id);
    if (!old) throw notFound('Announcement');
    const patch: Partial<Omit<AnnouncementRow, 'id'>> = { updated_at: now };
    if (input.text !== undefined) {
      const text = input.text.trim();
      if (text === '') throw fieldError('text', 'ERR_BLANK', "can't be blank");
      if (text.length > ANNOUNCEMENT_MAX) throw fieldError('text', 'ERR_TOO_LONG', `is at most ${ANNOUNCEMENT_MAX} characters`);
      patch.text = text;
      patch.content = await render(trx, ctx, text);
    }
    const startsAt = input.starts_at !== undefined ? input.starts_at : old.starts_at;
    const endsAt = input.ends_at !== undefined ? input.ends_at : old.ends_at;
    checkTimes(startsAt, endsAt);
    patch.starts_at = iso(startsAt);
    patch.ends_at = iso(endsAt);
    if (input.all_day !== undefined) patch.all_day = input.all_day ? 1 : 0;
    if (input.published === true && old.published_at === null) patch.published_at = now;
    if (input.published === false) patch.published_at = null;
    const row = (await updateAnnouncementRow(trx, id, patch)) as AnnouncementRow;
    await recordAudit(trx, { actorId: Number(caller.account.id), action: 'announcement.update', subjectType: 'announcement', subjectId: id, at: now });
    if (row.published_at !== null) publishAfterCommit(trx, { t: 'announcement', id });
    else if (old.published_at !== null) publishAfterCommit(trx, { t: 'announcement.delete', id });
    return row;
  });
}

/** An admin removes an announcement; clients hear `announcement.delete`. */
export async function deleteAnnouncement(ctx: Context, caller: ActingCaller, id: number): Promise<void> {
  authorize(mayManageAnnouncements(caller.account, caller.operator), 'Only admins write announcements');
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    const old = await findAnnouncement(trx, id);
    if (!old || !(await deleteAnnouncementRow(trx, id))) throw notFound('Announcement');
    await recordAudit(trx, { actorId: Number(caller.account.id), action: 'announcement.delete', subjectType: 'announcement', subjectId: id, at: now });
    if (old.published_at !== null) publishAfterCommit(trx, { t: 'announcement.delete', id });
  });
}
