import { useState } from 'react';
import { StatusCard } from '../components/status';
import { ErrorBox, LoadMore, Loading, PageTitle } from '../components/ui';
import { useStream, useTitle } from '../hooks';
import { useI18n } from '../i18n';
import { Link } from 'react-router';
import { usePages } from '../query';
import { useSession } from '../session';
import type { Account, Status } from '../types';

interface Conversation {
  id: string;
  unread: boolean;
  accounts: Account[];
  last_status: Status | null;
}

/**
 * The direct-message inbox (Mastodon's conversations): one entry per
 * conversation with its other participants and latest message, unread ones
 * marked; new messages arrive over the `direct` stream.
 */
export function Conversations() {
  const { t } = useI18n();
  const { api, me, loading } = useSession();
  useTitle(t('conversations.title'));
  const list = usePages<Conversation>(me ? '/api/v1/conversations' : null);
  const [error, setError] = useState<unknown>(null);
  useStream(me ? api.token : null, 'direct', (e) => {
    if (e.event !== 'conversation') return;
    const c = e.payload as Conversation;
    list.edit((items) => [c, ...items.filter((x) => x.id !== c.id)]);
  });
  if (loading) return <Loading />;
  if (!me) return <p className="card">{t('common.signinNeeded')}</p>;
  const act = async (c: Conversation, how: 'read' | 'remove') => {
    setError(null);
    try {
      if (how === 'read') {
        const updated = await api.post<Conversation>(`/api/v1/conversations/${c.id}/read`);
        list.edit((items) => items.map((x) => (x.id === c.id ? updated : x)));
      } else {
        await api.delete(`/api/v1/conversations/${c.id}`);
        list.edit((items) => items.filter((x) => !(x.id === c.id)));
      }
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <PageTitle>{t('conversations.title')}</PageTitle>
      <ErrorBox error={error ?? list.error} />
      {!list.loading && list.items.length === 0 && <p className="card muted">{t('conversations.none')}</p>}
      <ul className="conversations" aria-label={t('conversations.title')}>
        {list.items.map((c) => {
          const names = c.accounts.map((a) => a.display_name || a.username).join('、') || me.display_name || me.username;
          const s = c.last_status;
          return (
            <li key={c.id} className={`conversation${c.unread ? ' conversation-unread' : ''}`} aria-label={t('conversations.with', { names })}>
              <div className="row conversation-head">
                <strong>{t('conversations.with', { names })}</strong>
                {c.unread && <span className="pill">{t('conversations.unread')}</span>}
                <span className="push-end row">
                  {s && (
                    <Link to={`/web/@${s.account.acct}/${s.id}`} className="button secondary small" onClick={() => (c.unread ? void act(c, 'read') : undefined)}>
                      {t('conversations.open')}
                    </Link>
                  )}
                  {c.unread && (
                    <button type="button" className="secondary small" onClick={() => void act(c, 'read')}>
                      {t('conversations.markRead')}
                    </button>
                  )}
                  <button type="button" className="secondary small" onClick={() => void act(c, 'remove')}>
                    {t('conversations.remove')}
                  </button>
                </span>
              </div>
              {s && <StatusCard status={s} />}
            </li>
          );
        })}
      </ul>
      <LoadMore hasMore={list.hasMore} loading={list.loading} onMore={list.loadMore} count={list.items.length} />
    </>
  );
}
