import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import { notFound } from '../app/errors.js';
import { bumpAccountCounter } from '../accounts/accounts.repository.js';
import { bumpDaily } from '../analytics/daily-stats.repository.js';
import { isUniqueViolation } from '../db/errors.js';
import { notify } from '../social/notify.js';
import { fanOut, fansOutOnWrite } from '../timelines/fan-out.js';
import type { Poster } from './create-status.js';
import { mayReblog } from './status.policy.js';
import type { Visibility } from './statuses.table.js';
import { type StatusRow, bumpStatusCounter, findReblog, findStatus, insertStatus, markStatusesDeleted } from './statuses.repository.js';
import { visibleOne } from './visibility.js';
import { transaction } from '../app/transaction.js';
import { recordOperatorAct } from '../audit/record-operator-act.js';

/** The original a reblog points at: the route's id may name either. */
async function original(ctx: Context, poster: Poster, id: number): Promise<StatusRow> {
  let s = await visibleOne(ctx.db, poster.account, await findStatus(ctx.db, id));
  if (s && s.reblog_of_id !== null) s = await visibleOne(ctx.db, poster.account, await findStatus(ctx.db, Number(s.reblog_of_id)));
  if (!s) throw notFound('Status');
  return s;
}

/** Reblogs a status (once: a second call returns the first reblog). Returns the reblog. */
export async function reblogStatus(ctx: Context, poster: Poster, id: number, visibility: Visibility = 'public'): Promise<StatusRow> {
  const target = await original(ctx, poster, id);
  authorize(mayReblog(target), 'Only public and unlisted statuses can be reblogged');
  const authorId = Number(poster.account.id);
  const existing = await findReblog(ctx.db, authorId, Number(target.id));
  if (existing) return existing;
  const now = ctx.clock.now().toISOString();
  try {
    const reblog = await transaction(ctx, async (trx) => {
      const fresh = await trx.selectFrom('accounts').select('followers_count').where('id', '=', authorId).executeTakeFirstOrThrow();
      const reblog = await insertStatus(trx, {
        account_id: authorId,
        operator_id: poster.operator ? Number(poster.operator.id) : null,
        text: '',
        content: '',
        spoiler_text: '',
        visibility: visibility === 'direct' ? 'public' : visibility,
        language: null,
        in_reply_to_id: null,
        in_reply_to_account_id: null,
        reblog_of_id: Number(target.id),
        conversation_id: null,
        application_name: poster.appName ?? null,
        fanned_out: fansOutOnWrite(Number(fresh.followers_count)) ? 1 : 0,
        created_at: now,
        edited_at: null,
        deleted_at: null,
      });
      await bumpStatusCounter(trx, Number(target.id), 'reblogs_count', 1);
      await bumpAccountCounter(trx, authorId, 'statuses_count', 1, now);
      if (Number(target.account_id) !== authorId) await bumpDaily(trx, Number(target.account_id), now, 'reblogs_received');
      await notify(trx, [{ accountId: Number(target.account_id), fromAccountId: authorId, type: 'reblog', statusId: Number(reblog.id), at: now }]);
      await fanOut(trx, reblog, []);
      await recordOperatorAct(trx, poster, { action: 'status.reblog', subjectType: 'status', subjectId: Number(reblog.id) }, now);
      return reblog;
    });
    return reblog;
  } catch (err) {
    if (isUniqueViolation(err)) return (await findReblog(ctx.db, authorId, Number(target.id))) as StatusRow;
    throw err;
  }
}

/** Undoes a reblog; returns the original. Not having reblogged it is not an error (Mastodon answers the same). */
export async function unreblogStatus(ctx: Context, poster: Poster, id: number): Promise<StatusRow> {
  const target = await original(ctx, poster, id);
  const authorId = Number(poster.account.id);
  const reblog = await findReblog(ctx.db, authorId, Number(target.id));
  if (!reblog) return target;
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    await markStatusesDeleted(trx, [Number(reblog.id)], now);
    await trx.deleteFrom('feeds').where('status_id', '=', reblog.id).execute();
    await trx.deleteFrom('notifications').where('status_id', '=', reblog.id).execute();
    await bumpStatusCounter(trx, Number(target.id), 'reblogs_count', -1);
    await bumpAccountCounter(trx, authorId, 'statuses_count', -1);
    await recordOperatorAct(trx, poster, { action: 'status.unreblog', subjectType: 'status', subjectId: Number(target.id) }, now);
  });
  return (await findStatus(ctx.db, Number(target.id))) ?? target;
}
