import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { type AccountJson, type RenderedAccount, renderedAccounts } from '../accounts/accounts.presenter.js';
import { type StatusParts, loadStatuses, sameVersion } from './status-cache.js';
import { type StatusRow, mentionsOf, tagsOf, viewerMarks } from './statuses.repository.js';

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

/** An object's JSON without its braces, to splice into a larger object. */
function members(o: object): string {
  return JSON.stringify(o).slice(1, -1);
}

/** The viewer-independent pieces of one status's JSON (key order as Mastodon's serializer). */
function partsOf(ctx: Context, s: StatusRow, username: string, mentioned: readonly RenderedAccount[], tags: readonly string[]): StatusParts {
  const url = `${ctx.config.publicUrl}/@${username}/${s.id}`;
  const head = members({
    id: String(s.id),
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
  });
  const middle = members({ muted: false, bookmarked: false, pinned: false, content: s.content, filtered: [] });
  const application = members({ application: s.application_name ? { name: s.application_name, website: null } : null });
  const end = members({
    media_attachments: [],
    mentions: mentioned.map(({ json: a }) => ({ id: a.id, username: a.username, url: a.url, acct: a.acct })),
    tags: tags.map((name) => ({ name, url: `${ctx.config.publicUrl}/tags/${encodeURIComponent(name)}` })),
    emojis: [],
    card: null,
    poll: null,
  });
  return {
    head: Buffer.from(`{${head},`),
    middle: Buffer.from(`,${middle},"reblog":`),
    application: Buffer.from(`,${application},"account":`),
    end: Buffer.from(`,${end}}`),
  };
}

const FLAGS = [
  [Buffer.from('"favourited":false,"reblogged":false'), Buffer.from('"favourited":false,"reblogged":true')],
  [Buffer.from('"favourited":true,"reblogged":false'), Buffer.from('"favourited":true,"reblogged":true')],
] as const;
const NULL = Buffer.from('null');
const OPEN = Buffer.from('[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']');
const EMPTY = Buffer.from('[]');

/**
 * Mastodon's Status entities for a batch, as the JSON text of an array.
 * What is the same for every viewer is cached per status and per account
 * (src/app/entity-cache.ts); what is not (favourited, reblogged) is looked
 * up for the whole batch. On a cold cache: reblogged originals, mentions,
 * tags, accounts with their government profiles and the viewer's marks are
 * each one query whatever the batch's size; on a warm one, only the marks.
 */
export async function renderStatuses(ctx: Context, viewer: AccountRow | null, rows: readonly StatusRow[]): Promise<Buffer> {
  if (rows.length === 0) return EMPTY;
  const originals = await loadStatuses(
    ctx,
    rows.filter((r) => r.reblog_of_id !== null).map((r) => Number(r.reblog_of_id)),
  );
  const byId = new Map<number, StatusRow>(originals.map((o) => [Number(o.id), o]));
  const all = [...rows, ...originals];
  const ids = all.map((s) => Number(s.id));

  // Pieces cached for the same version of the row are reused; the rest are
  // built below, and kept only beside a row the cache already holds (rows
  // enter it through loadStatuses, which knows when they were read).
  const mark = ctx.cache.statuses.mark();
  const parts = new Map<number, StatusParts>();
  const cachedRows = new Map<number, StatusRow>();
  const stale: StatusRow[] = [];
  for (const s of all) {
    const id = Number(s.id);
    if (parts.has(id) || cachedRows.has(id)) continue;
    const hit = ctx.cache.statuses.get(id);
    if (hit && sameVersion(hit.row, s)) {
      if (hit.parts) {
        parts.set(id, hit.parts);
        continue;
      }
      cachedRows.set(id, hit.row);
    }
    stale.push(s);
  }
  // Mentions and hashtags exist only where the text has an @ or a #: most pages need neither query.
  const [mentions, tags, marks] = await Promise.all([
    mentionsOf(ctx.db, stale.filter((s) => s.text.includes('@')).map((s) => Number(s.id))),
    tagsOf(ctx.db, stale.filter((s) => s.text.includes('#')).map((s) => Number(s.id))),
    viewer ? viewerMarks(ctx.db, Number(viewer.id), ids) : Promise.resolve({ favourited: new Set<number>(), reblogged: new Set<number>() }),
  ]);
  const accountIds = new Set<number>(all.map((s) => Number(s.account_id)));
  for (const list of mentions.values()) for (const id of list) accountIds.add(id);
  const accounts = await renderedAccounts(ctx, accountIds);
  for (const s of stale) {
    const author = accounts.get(Number(s.account_id));
    if (!author) continue;
    const mentioned = (mentions.get(Number(s.id)) ?? []).flatMap((id) => accounts.get(id) ?? []);
    const p = partsOf(ctx, s, author.json.username, mentioned, tags.get(Number(s.id)) ?? []);
    parts.set(Number(s.id), p);
    const row = cachedRows.get(Number(s.id));
    if (row) ctx.cache.statuses.fill(mark, Number(s.id), { row, parts: p });
  }

  // One status's pieces onto `out`; false (and nothing added) when it cannot be shown.
  const one = (s: StatusRow, out: Buffer[]): boolean => {
    const sid = Number(s.id);
    const p = parts.get(sid);
    const account = accounts.get(Number(s.account_id));
    if (!p || !account) return false;
    const at = out.length;
    out.push(p.head, FLAGS[marks.favourited.has(sid) ? 1 : 0][marks.reblogged.has(sid) ? 1 : 0], p.middle);
    if (s.reblog_of_id === null) out.push(NULL);
    else {
      const original = byId.get(Number(s.reblog_of_id));
      if (!original || !one(original, out)) {
        out.length = at;
        return false;
      }
    }
    out.push(p.application, account.utf8, p.end);
    return true;
  };
  const out: Buffer[] = [OPEN];
  for (const s of rows) {
    const before = out.length;
    if (out.length > 1) out.push(COMMA);
    if (!one(s, out)) out.length = before;
  }
  out.push(CLOSE);
  return Buffer.concat(out);
}

/** The same entities as objects, for answers that are not a bare list. */
export async function presentStatuses(ctx: Context, viewer: AccountRow | null, rows: readonly StatusRow[]): Promise<StatusJson[]> {
  return JSON.parse((await renderStatuses(ctx, viewer, rows)).toString('utf8')) as StatusJson[];
}

export async function presentStatus(ctx: Context, viewer: AccountRow | null, row: StatusRow): Promise<StatusJson> {
  const [json] = await presentStatuses(ctx, viewer, [row]);
  if (!json) throw new Error(`status ${row.id} could not be presented`);
  return json;
}
