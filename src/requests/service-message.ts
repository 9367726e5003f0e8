import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import type { Executor } from '../db/database.js';
import type { RequestCategory } from '../domain/service-request.js';
import { LIMITS } from '../domain/limits.js';
import { notify } from '../social/notify.js';
import { type StatusRow, findStatus, insertMentions, insertStatus, setConversation } from '../statuses/statuses.repository.js';
import { renderText, statusLength } from '../statuses/text.js';
import { recordConversation } from '../timelines/conversations.repository.js';
import { fanOut } from '../timelines/fan-out.js';
import { lastRequestMessageId } from './requests.repository.js';

/** How a request's category reads in its message. */
export const CATEGORY_LABELS: Record<RequestCategory, string> = { inquiry: '咨询 inquiry', complaint: '投诉 complaint', help: '求助 help', report: '举报 report' };

/** A step of a service request that the other party is told of. */
export type ServiceStep = 'submitted' | 'accepted' | 'responded' | 'resolved' | 'rated';

const HEADLINE: Record<ServiceStep, string> = {
  submitted: '新请求 New request',
  accepted: '已受理 Accepted',
  responded: '答复 Response',
  resolved: '已办结 Resolved — 请评价 please rate',
  rated: '评价 Rated',
};

/** The message's text: a mention of the recipient, the request's number and step, what was said (cut to fit), and the request's page. */
export function serviceMessageText(o: { to: string; requestId: number; step: ServiceStep; category?: string | undefined; body?: string | null | undefined; url: string }): string {
  const category = o.category ? ` · ${o.category}` : '';
  const head = `@${o.to} 【服务请求 #${o.requestId}${category}】${HEADLINE[o.step]}`;
  const tail = `\n${o.url}`;
  if (!o.body) return head + tail;
  const room = LIMITS.statusMax - statusLength(head + tail) - 2;
  const chars = [...o.body.trim()];
  const body = chars.length > room ? chars.slice(0, Math.max(0, room - 1)).join('') + '…' : chars.join('');
  return `${head}：${body}${tail}`;
}

/**
 * Each step of a service request also reaches the other party as a direct
 * message (`visibility: direct`, mentioning only them), threaded per request,
 * with a standard `mention` notification that carries `request_id`: apps that
 * know only Mastodon's notification types (megalodon drops the others) show it.
 * govblog's own `gov.request*` notification is written beside it, and the web
 * UI, which shows that one, leaves these mentions out; so does Web Push (one
 * push a step, the gov one, whose title says what happened). Written in the step's
 * transaction; not counted as a post of the organ (statuses_count, analytics).
 */
export async function postServiceMessage(
  ctx: Context,
  trx: Executor,
  o: { from: AccountRow; to: AccountRow; operatorId: number | null; requestId: number; step: ServiceStep; category?: string | undefined; body?: string | null | undefined; at: string },
): Promise<StatusRow> {
  const text = serviceMessageText({ to: o.to.username, requestId: o.requestId, step: o.step, category: o.category, body: o.body, url: `${ctx.config.publicUrl}/web/requests/${o.requestId}` });
  const previous = await lastRequestMessageId(trx, o.requestId);
  const parent = previous === null ? undefined : await findStatus(trx, previous);
  const live = parent && parent.deleted_at === null ? parent : undefined;
  const toId = Number(o.to.id);
  let status = await insertStatus(trx, {
    account_id: Number(o.from.id),
    operator_id: o.operatorId,
    text,
    content: renderText(text, { baseUrl: ctx.config.publicUrl, localHost: ctx.config.provider, accounts: new Map([[o.to.username_key, { id: toId, username: o.to.username }]]) }),
    spoiler_text: '',
    visibility: 'direct',
    language: 'zh',
    in_reply_to_id: live ? Number(live.id) : null,
    in_reply_to_account_id: live ? Number(live.account_id) : null,
    reblog_of_id: null,
    conversation_id: live ? Number(live.conversation_id ?? live.id) : null,
    application_name: null,
    fanned_out: 1,
    created_at: o.at,
    edited_at: null,
    deleted_at: null,
  });
  if (status.conversation_id === null) status = await setConversation(trx, Number(status.id), Number(status.id));
  await insertMentions(trx, Number(status.id), [toId]);
  await notify(trx, [{ accountId: toId, fromAccountId: Number(o.from.id), type: 'mention', statusId: Number(status.id), requestId: o.requestId, at: o.at }], { push: false });
  await fanOut(trx, status, [toId]);
  await recordConversation(trx, status, [toId]);
  return status;
}
