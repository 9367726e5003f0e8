import type { Context } from '../app/context.js';
import { notFound } from '../app/errors.js';
import { transaction } from '../app/transaction.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { insertNotifications } from '../social/notifications.repository.js';
import type { NotificationPolicy } from './notification-policy.js';
import { type NotificationRequestRow, deleteRequests, findRequests, heldNotifications, insertPermission, pageRequests, policyOf, requestSummary, savePolicy } from './notification-requests.repository.js';

/** GET /api/v2/notifications/policy: the account's policy and what it holds back now. */
export async function getNotificationPolicy(ctx: Context, accountId: number) {
  const [policy, summary] = await Promise.all([policyOf(ctx.db, accountId), requestSummary(ctx.db, accountId)]);
  return { ...policy, summary: { pending_requests_count: summary.requests, pending_notifications_count: summary.notifications } };
}

/** PATCH /api/v2/notifications/policy: the conditions given change, the others stay. */
export async function updateNotificationPolicy(ctx: Context, caller: ActingCaller, patch: Partial<NotificationPolicy>) {
  const me = Number(caller.account.id);
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    const policy = { ...(await policyOf(trx, me)), ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as NotificationPolicy;
    await savePolicy(trx, me, policy, now);
    await recordOperatorAct(trx, caller, { action: 'notification_policy.update', subjectType: 'account', subjectId: me, data: patch }, now);
  });
  return getNotificationPolicy(ctx, me);
}

export async function listNotificationRequests(ctx: Context, accountId: number, window: { maxId?: number | undefined; sinceId?: number | undefined; minId?: number | undefined; limit: number }) {
  return pageRequests(ctx.db, accountId, window);
}

export async function getNotificationRequest(ctx: Context, accountId: number, id: number): Promise<NotificationRequestRow> {
  const [row] = await findRequests(ctx.db, accountId, [id]);
  if (!row) throw notFound('Notification request');
  return row;
}

/**
 * Accepting requests (Mastodon's AcceptNotificationRequestService): their
 * notifications join the others, at the time they happened, and later ones
 * from those senders are let through; done at once, so `merged` is always true.
 */
export async function acceptNotificationRequests(ctx: Context, caller: ActingCaller, ids: readonly number[], one: boolean): Promise<void> {
  const me = Number(caller.account.id);
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    const rows = await findRequests(trx, me, ids);
    if (one && rows.length === 0) throw notFound('Notification request');
    for (const r of rows) {
      const held = await heldNotifications(trx, Number(r.id));
      await insertNotifications(
        trx,
        held.map((h) => ({ account_id: me, from_account_id: Number(h.from_account_id), type: h.type, status_id: h.status_id, request_id: h.request_id, created_at: h.created_at, dismissed_at: null })),
      );
      await insertPermission(trx, me, Number(r.from_account_id), now);
      await recordOperatorAct(trx, caller, { action: 'notification_request.accept', subjectType: 'notification_request', subjectId: Number(r.id) }, now);
    }
    await deleteRequests(trx, rows.map((r) => Number(r.id)));
  });
}

/** Dismissing requests: they and what they held are gone; a sender's next notification starts a new request. */
export async function dismissNotificationRequests(ctx: Context, caller: ActingCaller, ids: readonly number[], one: boolean): Promise<void> {
  const me = Number(caller.account.id);
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    const rows = await findRequests(trx, me, ids);
    if (one && rows.length === 0) throw notFound('Notification request');
    await deleteRequests(trx, rows.map((r) => Number(r.id)));
    for (const r of rows) await recordOperatorAct(trx, caller, { action: 'notification_request.dismiss', subjectType: 'notification_request', subjectId: Number(r.id) }, now);
  });
}
