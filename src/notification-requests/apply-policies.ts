import type { Insertable } from 'kysely';
import type { Executor } from '../db/database.js';
import type { NotificationsTable } from '../social/social.table.js';
import { NEW_ACCOUNT_DAYS, type SenderFacts, policyAction } from './notification-policy.js';
import { holdNotification, permittedPairs, policiesOf } from './notification-requests.repository.js';

/**
 * The notifications about to be written, less those their recipients'
 * policies hold back (kept in a request, in this transaction) or drop. For
 * recipients who kept accept-all (nearly everyone) this costs one query.
 */
export async function applyNotificationPolicies(db: Executor, rows: readonly Insertable<NotificationsTable>[]): Promise<Insertable<NotificationsTable>[]> {
  if (rows.length === 0) return [];
  const policies = await policiesOf(db, [...new Set(rows.map((r) => Number(r.account_id)))]);
  if (policies.size === 0) return [...rows];
  const judged = rows.filter((r) => policies.has(Number(r.account_id)));
  const pairs = judged.map((r) => [Number(r.account_id), Number(r.from_account_id)] as [number, number]);
  const recipients = [...new Set(pairs.map((p) => p[0]))];
  const senders = [...new Set(pairs.map((p) => p[1]))];
  const statusIds = [...new Set(judged.flatMap((r) => (r.status_id ? [Number(r.status_id)] : [])))];
  const [follows, accounts, permitted, statuses] = await Promise.all([
    db
      .selectFrom('follows')
      .select(['account_id', 'target_account_id'])
      .where((eb) =>
        eb.or([
          eb.and([eb('account_id', 'in', recipients), eb('target_account_id', 'in', senders)]),
          eb.and([eb('account_id', 'in', senders), eb('target_account_id', 'in', recipients)]),
        ]),
      )
      .execute(),
    db.selectFrom('accounts').select(['id', 'created_at', 'role', 'silenced_at']).where('id', 'in', senders).execute(),
    permittedPairs(db, pairs),
    statusIds.length ? db.selectFrom('statuses').select(['id', 'visibility', 'in_reply_to_account_id']).where('id', 'in', statusIds).execute() : Promise.resolve([]),
  ]);
  const follow = new Set(follows.map((f) => `${f.account_id}:${f.target_account_id}`));
  const sender = new Map(accounts.map((a) => [Number(a.id), a]));
  const status = new Map(statuses.map((s) => [Number(s.id), s]));
  const newSince = Date.parse(String(rows[0]?.created_at)) - NEW_ACCOUNT_DAYS * 86_400_000;
  const out: Insertable<NotificationsTable>[] = [];
  for (const r of rows) {
    const policy = policies.get(Number(r.account_id));
    if (!policy) {
      out.push(r);
      continue;
    }
    const to = Number(r.account_id);
    const from = Number(r.from_account_id);
    const s = r.status_id ? status.get(Number(r.status_id)) : undefined;
    const who = sender.get(from);
    const facts: SenderFacts = {
      recipientFollowsSender: follow.has(`${to}:${from}`),
      senderFollowsRecipient: follow.has(`${from}:${to}`),
      senderIsNew: who ? Date.parse(who.created_at) > newSince : false,
      privateMention: r.type === 'mention' && s?.visibility === 'direct' && Number(s.in_reply_to_account_id) !== to,
      // Silenced by a moderator (Mastodon's limited account), unless the recipient follows it.
      limited: who !== undefined && who.silenced_at !== null && !follow.has(`${to}:${from}`),
      exempt: (who !== undefined && who.role !== 'user') || permitted.has(`${to}:${from}`),
      serviceMessage: r.request_id !== null && r.request_id !== undefined,
    };
    const action = policyAction(policy, r.type, facts);
    if (action === 'accept') out.push(r);
    else if (action === 'filter') await holdNotification(db, { account_id: to, from_account_id: from, type: r.type, status_id: r.status_id ?? null, request_id: r.request_id ?? null, created_at: r.created_at });
  }
  return out;
}
