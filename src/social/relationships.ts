import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import type { Relationship } from '../http/schemas/social.js';
import { presentRelationship } from './follows.presenter.js';
import { relationsAmong } from './follows.repository.js';
import { followOptionsAmong } from './follow-options.js';
import { endorsedAmong, notesOn } from '../suggestions/discovery.repository.js';
import { blockRelationsAmong } from '../moderation/blocks.repository.js';

/** GET /api/v1/accounts/relationships: Mastodon's Relationship entity for each id, in the order asked, with nine queries in all, blocks and mutes read from their rows (not the cache) so that an answer right after a change is exact. */
export async function relationships(ctx: Context, viewer: AccountRow, ids: readonly number[]): Promise<Relationship[]> {
  const list = [...new Set(ids)];
  const [r, notes, endorsed, b, options] = await Promise.all([
    relationsAmong(ctx.db, Number(viewer.id), list),
    notesOn(ctx.db, Number(viewer.id), list),
    endorsedAmong(ctx.db, Number(viewer.id), list),
    blockRelationsAmong(ctx.db, Number(viewer.id), list, ctx.clock.now().toISOString()),
    followOptionsAmong(ctx.db, Number(viewer.id), list),
  ]);
  return list.map((id) => ({ ...presentRelationship(id, r, b, options.get(id)), endorsed: endorsed.has(id), note: notes.get(id) ?? '' }));
}
