import type { Context } from '../app/context.js';
import { fieldError } from '../app/errors.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { COLLECTION_LIMITS } from '../domain/limits.js';
import { loadStatuses } from './status-cache.js';
import type { StatusRow } from './statuses.repository.js';
import { visibleTo } from './visibility.js';

/** Ids as a list endpoint takes them: digits only (others name nothing), each once, at most `max` (more: 422 naming `id`, as Mastodon). */
export function idsAsked(raw: readonly string[], max: number): number[] {
  const ids = [...new Set(raw.filter((r) => /^\d{1,15}$/.test(r)).map(Number))];
  if (raw.length > max) throw fieldError('id', 'ERR_TOO_MANY', `must list at most ${max} ids`);
  return ids;
}

/** GET /api/v1/statuses?id[]=…: the statuses the viewer may see, in the order asked; the missing and the hidden are left out. */
export async function getStatusesByIds(ctx: Context, viewer: AccountRow | null, raw: readonly string[]): Promise<StatusRow[]> {
  const ids = idsAsked(raw, COLLECTION_LIMITS.statusesByIdMax);
  const byId = new Map((await loadStatuses(ctx, ids)).map((s) => [Number(s.id), s]));
  const asked = ids.flatMap((id) => byId.get(id) ?? []);
  return visibleTo(ctx.db, viewer, asked);
}
