import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useStream } from '../hooks';
import { formatNumber, useI18n } from '../i18n';
import { pagesKey, prependTo } from '../query';
import { useSession } from '../session';

interface Unread {
  notifications: number;
  /** After the notifications page shows the newest: saves the read marker and clears the count. */
  markNotificationsRead: (lastId: string) => void;
}

const UnreadContext = createContext<Unread>({ notifications: 0, markNotificationsRead: () => undefined });

/** How often the count is asked for again, beside the live stream (a dropped socket, another device reading). */
const POLL_MS = 60_000;

/**
 * The signed-in reader's unread notifications: counted by the server against
 * the `notifications` read marker (Mastodon's unread_count), raised live by the
 * user stream, cleared when the notifications page saves the marker, so that
 * every device that reads the same marker agrees.
 */
export function UnreadProvider({ children }: { children: ReactNode }) {
  const { api, me } = useSession();
  const qc = useQueryClient();
  const [count, setCount] = useState(0);
  const refresh = useCallback(() => {
    if (!me) return;
    api.get<{ count: number }>('/api/v1/notifications/unread_count').then(
      (r) => setCount(r.count),
      () => undefined,
    );
  }, [api, me]);
  useEffect(() => {
    setCount(0);
    if (!me) return;
    refresh();
    const id = window.setInterval(refresh, POLL_MS);
    return () => window.clearInterval(id);
  }, [me?.id, refresh]);
  useStream(me ? api.token : null, 'user:notification', (e) => {
    if (e.event !== 'notification') return;
    setCount((n) => n + 1);
    // The notifications page, open or next opened, has it too.
    prependTo(qc, pagesKey('/api/v1/notifications'), e.payload as { id: string });
  });
  const markNotificationsRead = useCallback(
    (lastId: string) => {
      setCount(0);
      api.post('/api/v1/markers', { notifications: { last_read_id: lastId } }).then(refresh, () => undefined);
    },
    [api, refresh],
  );
  return <UnreadContext.Provider value={{ notifications: count, markNotificationsRead }}>{children}</UnreadContext.Provider>;
}

export function useUnread(): Unread {
  return useContext(UnreadContext);
}

/** The count beside a nav entry, read out with it ("3 条未读"); nothing when there is none. */
export function UnreadBadge({ count }: { count: number }) {
  const { t, lang } = useI18n();
  if (count <= 0) return null;
  return (
    <span className="unread-badge" aria-label={t('unread.count', { count })}>
      {count > 99 ? '99+' : formatNumber(lang, count)}
    </span>
  );
}
