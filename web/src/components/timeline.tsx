import type { Query } from '../api';
import { usePaged, type Paged } from '../hooks';
import { useSession } from '../session';
import type { Status } from '../types';
import { StatusCard } from './status';
import { ErrorBox, LoadMore } from './ui';

/** A list of statuses read through Link-header pages. */
export function Timeline({ path, query, label, list }: { path: string; query?: Query; label: string; list?: Paged<Status> }) {
  const { api } = useSession();
  const own = usePaged<Status>(api, list ? null : path, query, []);
  const feed = list ?? own;
  return (
    <section aria-label={label} className="timeline">
      <ErrorBox error={feed.error} />
      {feed.items.map((s) => (
        <StatusCard key={s.id} status={s} onChange={(u) => feed.update((x) => x.id === s.id, () => u)} />
      ))}
      <LoadMore hasMore={feed.hasMore} loading={feed.loading} onMore={feed.loadMore} count={feed.items.length} />
    </section>
  );
}
