import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { type AccountJson, presentAccounts } from '../accounts/accounts.presenter.js';
import { findAccountsByIds } from '../accounts/accounts.repository.js';
import { type StatusRow, findStatuses, mentionsOf, tagsOf, viewerMarks } from './statuses.repository.js';

export interface StatusJson {
  id: string;
  created_at: string;
  in_reply_to_id: string | null;
  in_reply_to_account_id: string | null;
  sensitive: boolean;
  spoiler_text: string;
  visibility: StatusRow['visibility'];
  language: string | null;
  uri: string;
  url: string;
  replies_count: number;
  reblogs_count: number;
  favourites_count: number;
  edited_at: string | null;
  favourited: boolean;
  reblogged: boolean;
  muted: boolean;
  bookmarked: boolean;
  pinned: boolean;
  content: string;
  filtered: unknown[];
  reblog: StatusJson | null;
  application: { name: string; website: null } | null;
  account: AccountJson;
  media_attachments: unknown[];
  mentions: { id: string; username: string; url: string; acct: string }[];
  tags: { name: string; url: string }[];
  emojis: unknown[];
  card: null;
  poll: null;
  /** Only in the answer to a delete, so that clients can redraft. */
  text?: string;
}

/**
 * Mastodon's Status entity for a batch, with a fixed number of queries
 * whatever its size: reblogged originals, accounts, mentions, tags and the
 * viewer's favourites/reblogs are each loaded once.
 */
export async function presentStatuses(ctx: Context, viewer: AccountRow | null, rows: readonly StatusRow[]): Promise<StatusJson[]> {
  if (rows.length === 0) return [];
  const originals = await findStatuses(
    ctx.db,
    rows.filter((r) => r.reblog_of_id !== null).map((r) => Number(r.reblog_of_id)),
  );
  const byId = new Map<number, StatusRow>(originals.map((o) => [Number(o.id), o]));
  const all = [...rows, ...originals];
  const ids = all.map((s) => Number(s.id));
  // Mentions and hashtags exist only where the text has an @ or a #: most pages need neither query.
  const withAt = all.filter((s) => s.text.includes('@')).map((s) => Number(s.id));
  const withHash = all.filter((s) => s.text.includes('#')).map((s) => Number(s.id));
  const [mentions, tags, marks] = await Promise.all([
    mentionsOf(ctx.db, withAt),
    tagsOf(ctx.db, withHash),
    viewer ? viewerMarks(ctx.db, Number(viewer.id), ids) : Promise.resolve({ favourited: new Set<number>(), reblogged: new Set<number>() }),
  ]);
  const accountIds = new Set<number>(all.map((s) => Number(s.account_id)));
  for (const list of mentions.values()) for (const id of list) accountIds.add(id);
  const accounts = await findAccountsByIds(ctx.db, [...accountIds]);
  const presented = await presentAccounts(ctx.db, ctx.config, accounts);
  const accountJson = new Map(presented.map((a) => [Number(a.id), a]));

  const one = (s: StatusRow): StatusJson | null => {
    const account = accountJson.get(Number(s.account_id));
    if (!account) return null;
    const sid = Number(s.id);
    const url = `${ctx.config.publicUrl}/@${account.username}/${sid}`;
    const original = s.reblog_of_id !== null ? byId.get(Number(s.reblog_of_id)) : undefined;
    if (s.reblog_of_id !== null && !original) return null;
    return {
      id: String(sid),
      created_at: s.created_at,
      in_reply_to_id: s.in_reply_to_id === null ? null : String(s.in_reply_to_id),
      in_reply_to_account_id: s.in_reply_to_account_id === null ? null : String(s.in_reply_to_account_id),
      sensitive: s.spoiler_text !== '',
      spoiler_text: s.spoiler_text,
      visibility: s.visibility,
      language: s.language,
      uri: url,
      url,
      replies_count: Number(s.replies_count),
      reblogs_count: Number(s.reblogs_count),
      favourites_count: Number(s.favourites_count),
      edited_at: s.edited_at,
      favourited: marks.favourited.has(sid),
      reblogged: marks.reblogged.has(sid),
      muted: false,
      bookmarked: false,
      pinned: false,
      content: s.content,
      filtered: [],
      reblog: original ? one(original) : null,
      application: s.application_name ? { name: s.application_name, website: null } : null,
      account,
      media_attachments: [],
      mentions: (mentions.get(sid) ?? []).flatMap((id) => {
        const a = accountJson.get(id);
        return a ? [{ id: a.id, username: a.username, url: a.url, acct: a.acct }] : [];
      }),
      tags: (tags.get(sid) ?? []).map((name) => ({ name, url: `${ctx.config.publicUrl}/tags/${encodeURIComponent(name)}` })),
      emojis: [],
      card: null,
      poll: null,
    };
  };
  return rows.map(one).filter((s): s is StatusJson => s !== null);
}

export async function presentStatus(ctx: Context, viewer: AccountRow | null, row: StatusRow): Promise<StatusJson> {
  const [json] = await presentStatuses(ctx, viewer, [row]);
  if (!json) throw new Error(`status ${row.id} could not be presented`);
  return json;
}
