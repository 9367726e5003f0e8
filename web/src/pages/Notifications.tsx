import { useUnread } from '../components/unread';
import { useEffect, useState } from 'react';
import { AccountName, Avatar, ErrorBox, LoadMore, Loading, PageTitle, Time, profilePath } from '../components/ui';
import { useTitle } from '../hooks';
import { isMessageKey, useI18n } from '../i18n';
import { Link } from 'react-router';
import { usePages } from '../query';
import { useSession } from '../session';
import type { Notification, Relationship } from '../types';

/** Authorize or reject a follow request from its notification (POST /api/v1/follow_requests/:id/authorize|reject). */
function FollowRequestActions({ accountId }: { accountId: string }) {
  const { t } = useI18n();
  const { api } = useSession();
  const [done, setDone] = useState<'authorized' | 'rejected' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const decide = async (how: 'authorize' | 'reject') => {
    setBusy(true);
    setError(null);
    try {
      await api.post<Relationship>(`/api/v1/follow_requests/${accountId}/${how}`);
      setDone(how === 'authorize' ? 'authorized' : 'rejected');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  if (done) return <p className="muted small">{t(done === 'authorized' ? 'notif.authorized' : 'notif.rejected')}</p>;
  return (
    <p>
      <button type="button" disabled={busy} onClick={() => void decide('authorize')}>
        {t('notif.authorize')}
      </button>{' '}
      <button type="button" className="secondary" disabled={busy} onClick={() => void decide('reject')}>
        {t('notif.reject')}
      </button>
      <ErrorBox error={error} />
    </p>
  );
}

/** What a reviewer decided on one's verification application, and why. */
function VerificationDecisionNote({ v }: { v: NonNullable<Notification['verification']> }) {
  const { t } = useI18n();
  const headline =
    v.state === 'approved' && v.display_name
      ? t('notif.verification.approvedName', { organ: v.organ_name, name: v.display_name })
      : t(`notif.verification.${v.state}`, { organ: v.organ_name });
  return (
    <div className="quote verification-decision" data-testid="verification-decision">
      <p>{headline}</p>
      {v.reason && <p>{t('notif.verification.reason', { reason: v.reason })}</p>}
      <Link to="/web/verify">{t('notif.verification.open')}</Link>
    </div>
  );
}

/** Mentions, replies, follows, favourites, reblogs and the service-request events, newest first. */
export function Notifications() {
  const { t } = useI18n();
  const { api, me, loading } = useSession();
  const list = usePages<Notification>(me ? '/api/v1/notifications' : null);
  useTitle(t('notifications.title'));
  // What is on screen has been read: the marker moves to the newest shown, and the badge clears.
  const { markNotificationsRead } = useUnread();
  const newest = list.items[0]?.id;
  useEffect(() => {
    if (newest) markNotificationsRead(newest);
  }, [newest, markNotificationsRead]);
  if (loading) return <Loading />;
  if (!me)
    return (
      <div className="card">
        <h1 tabIndex={-1}>{t('notifications.title')}</h1>
        <p>{t('common.signinNeeded')}</p>
      </div>
    );
  return (
    <>
      <PageTitle>{t('notifications.title')}</PageTitle>
      <ErrorBox error={list.error} />
      <ul className="plain-list">
        {list.items
          // A service request's step also arrives as a mention carrying request_id, for apps that know only
          // Mastodon's types; this UI shows the gov.request* notification of the same step instead.
          .filter((n) => !(n.type === 'mention' && n.request_id))
          .map((n) => {
          const name = n.account.display_name || n.account.username;
          // A reply that names the account arrives as a mention; say what it is.
          // A request's step names what the other party did ("X 已受理你的服务请求"), when the provider says which step it was.
          const key = n.type === 'mention' && n.status?.in_reply_to_account_id === me.id ? 'notif.reply' : n.type === 'gov.request_update' && n.request_step ? `notif.gov.request_update.${n.request_step}` : `notif.${n.type}`;
          const text = isMessageKey(key) ? t(key, { name }) : t('notif.other', { name, type: n.type });
          return (
            <li key={n.id} className={`card notification notif-${n.type.replace('.', '-')}`}>
              <Avatar account={n.account} size={36} />
              <div>
                <p>
                  <strong>{text}</strong> · <Time iso={n.created_at} />
                </p>
                <p className="muted small">
                  <AccountName account={n.account} />
                </p>
                {n.status && (
                  // Server-sanitised HTML, as on a status card.
                  <div className="quote">
                    <div dangerouslySetInnerHTML={{ __html: n.status.content }} />
                    <Link to={`${profilePath(n.status.account)}/${n.status.id}`}>{t('status.thread')} →</Link>
                  </div>
                )}
                {n.type === 'follow_request' && <FollowRequestActions accountId={n.account.id} />}
                {n.request_id && <Link to={`/web/requests/${n.request_id}`}>{t('notif.open')}</Link>}
                {n.moderation_warning && (
                  <div className="quote" data-testid="moderation-warning">
                    <p>{t('notif.warningAction', { action: t(`mod.type.${n.moderation_warning.action}`) })}</p>
                    {n.moderation_warning.text && <p>{n.moderation_warning.text}</p>}
                  </div>
                )}
                {n.verification && n.type === 'gov.verification_decision' && <VerificationDecisionNote v={n.verification} />}
                {n.report && n.type === 'admin.report' && <Link to={`/web/moderation/${n.report.id}`}>{t('notif.openReport')}</Link>}
              </div>
            </li>
          );
        })}
      </ul>
      <LoadMore hasMore={list.hasMore} loading={list.loading} onMore={list.loadMore} count={list.items.length} />
    </>
  );
}
