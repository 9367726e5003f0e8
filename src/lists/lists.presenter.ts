import type { List } from '../http/schemas/lists.js';
import type { ListRow } from './lists.repository.js';

/** Mastodon's List entity, every field listed. */
export function presentList(row: ListRow): List {
  return { id: String(row.id), title: row.title, replies_policy: row.replies_policy, exclusive: Number(row.exclusive) === 1 };
}
