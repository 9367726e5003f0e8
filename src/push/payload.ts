import type { Config } from '../app/config.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { presentAccount } from '../accounts/accounts.presenter.js';
import type { NotificationRow } from '../social/notifications.repository.js';
import { type RequestStep, isRequestStep } from '../domain/service-request.js';
import type { NotificationType } from '../social/social.table.js';
import type { StatusRow } from '../statuses/statuses.repository.js';

/** What a push carries, as Mastodon's Web::NotificationSerializer: the app shows title and body, and may fetch the notification by id. */
export interface PushPayload {
  access_token: string;
  preferred_locale: string;
  notification_id: string;
  notification_type: NotificationType;
  icon: string;
  title: string;
  body: string;
}

const TITLES: Record<'zh' | 'en', Record<NotificationType, (name: string) => string>> = {
  zh: {
    mention: (n) => `${n} 提到了你`,
    reply: (n) => `${n} 回复了你`,
    status: (n) => `${n} 发布了新微博`,
    reblog: (n) => `${n} 转发了你的微博`,
    follow: (n) => `${n} 关注了你`,
    follow_request: (n) => `${n} 请求关注你`,
    favourite: (n) => `${n} 赞了你的微博`,
    'gov.request': (n) => `${n} 向你提交了服务请求`,
    'gov.request_update': (n) => `${n} 更新了服务请求`,
    'gov.verification': (n) => `${n} 为你的认证申请作了担保`,
    'gov.verification_decision': () => '你的认证申请已有审核结果',
    poll: () => '你参与或发起的投票已结束',
    update: (n) => `${n} 编辑了一条你转发过的微博`,
    quote: (n) => `${n} 引用了你的微博`,
    quoted_update: (n) => `${n} 编辑了一条你引用过的微博`,
    moderation_warning: () => '你的账号收到了管理处理通知',
    'admin.report': (n) => `${n} 提交了一份举报`,
  },
  en: {
    mention: (n) => `You were mentioned by ${n}`,
    reply: (n) => `${n} replied to you`,
    status: (n) => `${n} just posted`,
    reblog: (n) => `${n} boosted your post`,
    follow: (n) => `${n} followed you`,
    follow_request: (n) => `New follow request from ${n}`,
    favourite: (n) => `${n} favourited your post`,
    'gov.request': (n) => `${n} sent you a service request`,
    'gov.request_update': (n) => `${n} took a step on a service request`,
    'gov.verification': (n) => `${n} vouched for your verification application`,
    'gov.verification_decision': () => 'Your verification application was decided',
    poll: () => 'A poll you have voted in or created has ended',
    update: (n) => `${n} edited a post you boosted`,
    quote: (n) => `${n} quoted your post`,
    quoted_update: (n) => `${n} edited a post you quoted`,
    moderation_warning: () => 'Your account has received a moderation warning',
    'admin.report': (n) => `New report from ${n}`,
  },
};

/** A `gov.request_update`'s title by the step it tells of, so the push says what happened rather than that something did. */
const STEP_TITLES: Record<'zh' | 'en', Record<RequestStep, (name: string) => string>> = {
  zh: {
    accepted: (n) => `${n} 已受理你的服务请求`,
    responded: (n) => `${n} 答复了你的服务请求`,
    resolved: (n) => `${n} 已办结你的服务请求`,
    rated: (n) => `${n} 评价了服务请求的办理`,
  },
  en: {
    accepted: (n) => `${n} accepted your service request`,
    responded: (n) => `${n} responded to your service request`,
    resolved: (n) => `${n} resolved your service request`,
    rated: (n) => `${n} rated the handling of a service request`,
  },
};

/** The most of the text a push shows (Mastodon truncates to 140). */
const BODY_MAX = 140;

function truncate(text: string): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length <= BODY_MAX ? chars.join('') : chars.slice(0, BODY_MAX - 1).join('') + '…';
}

/** The payload for one notification, in the recipient's language (Chinese unless it chose English). Plain text: apps show it as such. */
export function pushPayload(config: Config, input: { notification: NotificationRow; recipient: AccountRow; from: AccountRow; status: StatusRow | undefined; accessToken: string }): PushPayload {
  const { notification: n, recipient, from, status } = input;
  const lang = recipient.locale.toLowerCase().startsWith('en') ? 'en' : 'zh';
  const name = from.display_name.trim() || from.username;
  const text = status && !status.deleted_at ? status.spoiler_text.trim() || status.text : n.type === 'follow' || n.type === 'follow_request' ? from.note : '';
  return {
    access_token: input.accessToken,
    preferred_locale: recipient.locale,
    notification_id: String(n.id),
    notification_type: n.type,
    icon: presentAccount(config, from, undefined).avatar_static,
    title: n.type === 'gov.request_update' && n.request_step !== null && isRequestStep(n.request_step) ? STEP_TITLES[lang][n.request_step](name) : TITLES[lang][n.type](name),
    body: truncate(text),
  };
}
