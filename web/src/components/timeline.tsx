import type { Query } from '../api';
import { usePages } from '../query';
import type { FilterContext, Status } from '../types';
import { StatusCard } from './status';
import { ErrorBox, LoadMore } from './ui';

/** A list of statuses read through Link-header pages, from the shared cache (so it shows what other views did to a status). */
export function Timeline({ path, query, label, context }: { path: string; query?: Query; label: string; context?: FilterContext }) {
  const feed = usePages<Status>(path, query);
  return (
    <section aria-label={label} className="timeline">
      <ErrorBox error={feed.error} />
      {feed.items.map((s) => (
        <StatusCard
          key={s.id}
          status={s}
          {...(context ? { context } : {})}
          // A muted or blocked author's posts and boosts leave the list at once, as they leave the server's timelines.
          onAuthorGone={(a) => feed.edit((items) => items.filter((x) => x.account.id !== a.id && x.reblog?.account.id !== a.id))}
        />
      ))}
      <LoadMore hasMore={feed.hasMore} loading={feed.loading} onMore={feed.loadMore} count={feed.items.length} />
    </section>
  );
}
