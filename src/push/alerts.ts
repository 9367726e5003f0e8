import type { NotificationType } from '../social/social.table.js';

/** The alert switches of Mastodon's push subscription (data[alerts][…]). */
export const ALERT_TYPES = ['mention', 'status', 'reblog', 'follow', 'follow_request', 'favourite', 'poll', 'update', 'admin.sign_up', 'admin.report'] as const;
export type AlertType = (typeof ALERT_TYPES)[number];
export type Alerts = Record<AlertType, boolean>;

export const PUSH_POLICIES = ['all', 'followed', 'follower', 'none'] as const;
export type PushPolicy = (typeof PUSH_POLICIES)[number];

/**
 * The alert each notification type is pushed under. A reply is a mention, as
 * in Mastodon. govblog's own types (a service request filed, a step taken on
 * one, a verification decided) are addressed to the account personally, as a
 * mention is, so they go with the `mention` switch: a stock app's "mentions"
 * toggle covers them, and an app that turns mentions off is not sent them.
 */
export const ALERT_OF: Record<NotificationType, AlertType> = {
  mention: 'mention',
  reply: 'mention',
  follow: 'follow',
  follow_request: 'follow_request',
  favourite: 'favourite',
  reblog: 'reblog',
  status: 'status',
  'gov.request': 'mention',
  'gov.request_update': 'mention',
  'gov.verification': 'mention',
  'gov.verification_decision': 'mention',
  poll: 'poll',
  update: 'update',
  quote: 'mention',
  quoted_update: 'update',
  // A moderator's decision is addressed to the account alone, as a mention is.
  moderation_warning: 'mention',
  'admin.report': 'admin.report',
};

export function noAlerts(): Alerts {
  return Object.fromEntries(ALERT_TYPES.map((t) => [t, false])) as Alerts;
}

/** Stored alerts as a full set of switches (unknown keys dropped, missing ones off). */
export function readAlerts(json: string): Alerts {
  const out = noAlerts();
  try {
    const stored = JSON.parse(json) as Record<string, unknown>;
    for (const t of ALERT_TYPES) out[t] = stored[t] === true;
  } catch {
    // A row written by hand: everything off.
  }
  return out;
}
