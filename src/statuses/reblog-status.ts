import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import { bumpAccountCounter, findAccountById } from '../accounts/accounts.repository.js';
import { bumpDaily } from '../analytics/daily-stats.repository.js';
import { AppError, notFound } from '../app/errors.js';
import { isUniqueViolation } from '../db/errors.js';
import { notify } from '../social/notify.js';
import { fanOut, fansOutOnWrite } from '../timelines/fan-out.js';
import type { Poster } from './create-status.js';
import { getReblogTarget } from './get-status.js';
import { mayReblog } from './status.policy.js';
import { mayInteractWith } from '../moderation/blocks.policy.js';
import { blockFactsFor } from '../social/exclusions.js';
import type { Visibility } from './statuses.table.js';
import { type StatusRow, bumpStatusCounter, findReblog, insertStatus } from './statuses.repository.js';
import { transaction } from '../app/transaction.js';
import { recordOperatorAct } from '../audit/record-operator-act.js';
import { queueDistribution } from '../jobs/distribute.js';

export interface ReblogInput {
  /** The status, or a reblog of it. */
  id: number;
  visibility?: Visibility | undefined;
  /** A remote account's Announce (the federation code calls this with it as the caller): the activity's id, kept as the reblog's `uri`, and when it was published. */
  remote?: { uri: string; published?: string | undefined } | undefined;
}

/**
 * POST /api/v1/statuses/:id/reblog: reblogs a status (once: a second call returns the first reblog). Returns the reblog.
 * A remote account's Announce takes the same path, with `remote`.
 */
export async function reblogStatus(ctx: Context, caller: Poster, input: ReblogInput): Promise<StatusRow> {
  const target = await getReblogTarget(ctx, caller.account, input.id);
  authorize(mayReblog(target), 'Only public and unlisted statuses can be reblogged');
  // Mastodon's StatusPolicy#reblog?: not a status of an account one blocks.
  authorize(mayInteractWith(await blockFactsFor(ctx, Number(caller.account.id), Number(target.account_id))));
  const visibility = input.visibility ?? 'public';
  const authorId = Number(caller.account.id);
  // A reblog is remote exactly when its author is: a remote Announce carries its id, a local reblog never has one.
  if ((caller.account.domain !== null) !== (input.remote !== undefined)) throw new AppError('forbidden', 'A remote reblog comes from a remote account with its Announce id');
  const existing = await findReblog(ctx.db, authorId, Number(target.id));
  if (existing) return existing;
  const now = ctx.clock.now().toISOString();
  const published = input.remote?.published;
  // A date in the future is not believed (it would sort the reblog above everything until then).
  const createdAt = published && !Number.isNaN(Date.parse(published)) && Date.parse(published) <= ctx.clock.now().getTime() ? new Date(published).toISOString() : now;
  try {
    const reblog = await transaction(ctx, async (trx) => {
      const fresh = await findAccountById(trx, authorId);
      if (!fresh) throw notFound('Account');
      const reblog = await insertStatus(trx, {
        account_id: authorId,
        operator_id: caller.operator ? Number(caller.operator.id) : null,
        text: '',
        content: '',
        spoiler_text: '',
        visibility: visibility === 'direct' ? 'public' : visibility,
        language: null,
        in_reply_to_id: null,
        in_reply_to_account_id: null,
        reblog_of_id: Number(target.id),
        conversation_id: null,
        application_name: caller.appName ?? null,
        fanned_out: fansOutOnWrite(Number(fresh.followers_count)) ? 1 : 0,
        created_at: createdAt,
        edited_at: null,
        deleted_at: null,
        uri: input.remote?.uri ?? null,
      });
      await bumpStatusCounter(trx, Number(target.id), 'reblogs_count', 1);
      await bumpAccountCounter(trx, authorId, 'statuses_count', 1, createdAt);
      if (Number(target.account_id) !== authorId) await bumpDaily(trx, Number(target.account_id), now, 'reblogs_received');
      await notify(trx, [{ accountId: Number(target.account_id), fromAccountId: authorId, type: 'reblog', statusId: Number(reblog.id), at: now }]);
      await fanOut(trx, reblog, []);
      await queueDistribution(trx, { type: 'reblogged', status: Number(reblog.id) });
      await recordOperatorAct(trx, caller, { action: 'status.reblog', subjectType: 'status', subjectId: Number(reblog.id) }, now);
      return reblog;
    });
    return reblog;
  } catch (err) {
    if (isUniqueViolation(err)) return (await findReblog(ctx.db, authorId, Number(target.id))) as StatusRow;
    throw err;
  }
}
