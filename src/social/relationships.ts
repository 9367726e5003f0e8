import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import type { Relationship } from '../http/schemas/social.js';
import { presentRelationship } from './follows.presenter.js';
import { relationsAmong } from './follows.repository.js';
import { followOptionsAmong } from './follow-options.js';
import { endorsedAmong, notesOn } from '../suggestions/discovery.repository.js';

/** GET /api/v1/accounts/relationships: Mastodon's Relationship entity for each id, in the order asked, with six queries in all. */
export async function relationships(ctx: Context, viewer: AccountRow, ids: readonly number[]): Promise<Relationship[]> {
  const list = [...new Set(ids)];
  const [r, notes, endorsed, options] = await Promise.all([
    relationsAmong(ctx.db, Number(viewer.id), list),
    notesOn(ctx.db, Number(viewer.id), list),
    endorsedAmong(ctx.db, Number(viewer.id), list),
    followOptionsAmong(ctx.db, Number(viewer.id), list),
  ]);
  return list.map((id) => ({ ...presentRelationship(id, r, options.get(id)), endorsed: endorsed.has(id), note: notes.get(id) ?? '' }));
}
