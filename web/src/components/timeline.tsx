import type { Query } from '../api';
import { usePaged, type Paged } from '../hooks';
import { useSession } from '../session';
import type { FilterContext, Status } from '../types';
import { StatusCard } from './status';
import { ErrorBox, LoadMore } from './ui';

/** A list of statuses read through Link-header pages. */
export function Timeline({ path, query, label, list, context }: { path: string; query?: Query; label: string; list?: Paged<Status>; context?: FilterContext }) {
  const { api } = useSession();
  const own = usePaged<Status>(api, list ? null : path, query, []);
  const feed = list ?? own;
  return (
    <section aria-label={label} className="timeline">
      <ErrorBox error={feed.error} />
      {feed.items.map((s) => (
        <StatusCard
          key={s.id}
          status={s}
          {...(context ? { context } : {})}
          onChange={(u) => feed.update((x) => x.id === s.id, () => u)}
          // A muted or blocked author's posts and boosts leave the list at once, as they leave the server's timelines.
          onAuthorGone={(a) => feed.update((x) => x.account.id === a.id || x.reblog?.account.id === a.id, () => null)}
        />
      ))}
      <LoadMore hasMore={feed.hasMore} loading={feed.loading} onMore={feed.loadMore} count={feed.items.length} />
    </section>
  );
}
