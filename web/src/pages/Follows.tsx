import { AccountList } from '../components/accounts';
import { ErrorBox, LoadMore, Loading, PageTitle } from '../components/ui';
import { useTitle } from '../hooks';
import { useI18n } from '../i18n';
import { Link } from 'react-router';
import { usePages } from '../query';
import { useSession } from '../session';
import type { Account } from '../types';
import { useAccount } from './Profile';

/** An account's followers or the accounts it follows, page by page (Mastodon's Link headers). */
export function Follows({ username, which }: { username: string; which: 'followers' | 'following' }) {
  const { t } = useI18n();
  const { api } = useSession();
  const account = useAccount(username);
  const a = account.data;
  const name = a ? a.display_name || a.username : username;
  const title = which === 'followers' ? t('follows.followersOf', { name }) : t('follows.followingOf', { name });
  useTitle(title);
  const list = usePages<Account>(a ? `/api/v1/accounts/${a.id}/${which}` : null);
  if (account.isPending && !a) return <Loading />;
  if (!a) return <ErrorBox error={account.error} />;
  // An account that hides its network answers an empty list while its count says otherwise (Mastodon's hide_collections).
  const count = which === 'followers' ? a.followers_count : a.following_count;
  const hidden = !list.loading && list.items.length === 0 && count > 0;
  return (
    <>
      <PageTitle>{title}</PageTitle>
      <nav className="row tabs" aria-label={name}>
        <Link to={`/web/@${a.acct}/followers`} aria-current={which === 'followers' ? 'page' : undefined} className={which === 'followers' ? 'current' : undefined}>
          {t('profile.followers')}
        </Link>
        <Link to={`/web/@${a.acct}/following`} aria-current={which === 'following' ? 'page' : undefined} className={which === 'following' ? 'current' : undefined}>
          {t('profile.following')}
        </Link>
      </nav>
      <section className="card">
        <ErrorBox error={list.error} />
        {list.items.length > 0 && <AccountList accounts={list.items} label={title} />}
        {!list.loading && list.items.length === 0 && <p className="muted">{hidden ? t('follows.hidden') : which === 'followers' ? t('follows.noFollowers') : t('follows.noFollowing')}</p>}
        <LoadMore hasMore={list.hasMore} loading={list.loading} onMore={list.loadMore} count={list.items.length} />
      </section>
    </>
  );
}
