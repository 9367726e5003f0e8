import type { Config } from '../app/config.js';
import type { Context } from '../app/context.js';
import { escapeHtml, plainToHtml } from '../app/html.js';
import { ownedTexts } from '../app/owned-buffer.js';
import type { Executor } from '../db/database.js';
import { mediaUrl } from '../media/store.js';
import type { Account, CredentialAccount, Gov } from '../http/schemas/accounts.js';
import { type GovProfileRow, loadGovProfiles } from '../verification/gov-profiles.repository.js';
import { type AccountRow, acctOf, findAccountsByIds, profileFields } from './accounts.repository.js';
import { localActorUri } from './local-uris.js';
import { type RemoteGov, remoteGovOf } from './remote-gov.js';
import type { CustomEmoji } from '../http/schemas/emojis.js';
import { emojisOfTexts } from '../emojis/emojis.presenter.js';

/**
 * The `gov` object every account JSON carries (CONTRACT §4); null for a non-government account.
 * A local account's comes from its approved verification here; a remote one's from its home provider (`remote_gov`).
 */
export function presentGov(config: Pick<Config, 'provider'>, p: GovProfileRow | undefined, remote: RemoteGov | null = null): Gov | null {
  if (remote) return { ...remote };
  if (!p) return null;
  return {
    kind: p.kind,
    organ: p.organ,
    public_security: p.public_security === 1,
    level: p.level,
    rank: p.rank,
    province: p.province,
    verification: p.verification,
    verified_at: p.verified_at,
    organ_name: p.organ_name,
    region_code: p.region_code,
    position: p.position,
    verified_by: config.provider,
  };
}

export type GovJson = Gov | null;

function dayOf(iso: string): string {
  return iso.slice(0, 10);
}

/** Mastodon's Account entity, plus `gov`. Every field listed, none leaked by accident. */
export function presentAccount(config: Config, a: AccountRow, gov: GovProfileRow | undefined, emojis: readonly CustomEmoji[] = []): Account {
  const remote = a.domain !== null;
  // A remote account: its own profile page and actor id, its pictures where its server keeps them (no copy is stored here yet).
  const url = remote ? (a.url ?? a.uri ?? `${config.publicUrl}/@${a.username}@${a.domain}`) : `${config.publicUrl}/@${a.username}`;
  const uri = remote ? (a.uri ?? url) : localActorUri(config, a.username);
  const avatar = a.avatar_key ? mediaUrl(config, a.avatar_key) : remote && a.avatar_remote_url ? a.avatar_remote_url : `${config.publicUrl}/avatars/${a.id}.png`;
  const header = a.header_key ? mediaUrl(config, a.header_key) : remote && a.header_remote_url ? a.header_remote_url : `${config.publicUrl}/headers/default.png`;
  // A remote account's government profile is never one verified here (gov_profiles holds only this provider's decisions).
  const g = remote ? presentGov(config, undefined, remoteGovOf(a)) : presentGov(config, gov);
  const json: Account = {
    id: String(a.id),
    username: a.username,
    acct: acctOf(a),
    display_name: a.display_name,
    locked: a.locked === 1,
    bot: a.bot === 1,
    discoverable: a.discoverable === 1 || g !== null,
    indexable: false,
    group: a.actor_type === 'Group',
    created_at: `${dayOf(a.created_at)}T00:00:00.000Z`,
    note: plainToHtml(a.note),
    url,
    uri,
    avatar,
    avatar_static: a.avatar_static_key ? mediaUrl(config, a.avatar_static_key) : avatar,
    header,
    header_static: a.header_static_key ? mediaUrl(config, a.header_static_key) : header,
    followers_count: Number(a.followers_count),
    following_count: Number(a.following_count),
    statuses_count: Number(a.statuses_count),
    last_status_at: a.last_status_at ? dayOf(a.last_status_at) : null,
    hide_collections: false,
    noindex: false,
    emojis: [...emojis],
    roles: [],
    // The provider's verification first, then the account's own fields (their values as safe HTML, never verified here).
    fields: [
      ...(g ? [{ name: '认证 Verified', value: escapeHtml(g.verification), verified_at: g.verified_at }] : []),
      ...profileFields(a).map((f) => ({ name: f.name, value: escapeHtml(f.value), verified_at: null })),
    ],
    gov: g,
  };
  return a.suspended_at !== null ? suspendedAccount(config, json) : a.silenced_at !== null ? { ...json, limited: true } : json;
}

/**
 * A suspended account as Mastodon shows it: `suspended: true` and nothing of
 * its profile (no name, note, fields, pictures or government profile), so
 * that a suspension takes down what the account said about itself too.
 */
function suspendedAccount(config: Config, json: Account): Account {
  return {
    ...json,
    display_name: '',
    note: '',
    locked: false,
    bot: false,
    discoverable: false,
    avatar: `${config.publicUrl}/avatars/${json.id}.png`,
    avatar_static: `${config.publicUrl}/avatars/${json.id}.png`,
    header: `${config.publicUrl}/headers/default.png`,
    header_static: `${config.publicUrl}/headers/default.png`,
    fields: [],
    gov: null,
    suspended: true,
  };
}

/** The schema's type (src/http/schemas/accounts.ts): `tsc` fails if the presenter drifts from it. */
export type AccountJson = Account;

/** The account's own view (verify_credentials): adds `source` (with the follow requests waiting for it) and its role. */
export function presentCredentialAccount(config: Config, a: AccountRow, gov: GovProfileRow | undefined, followRequests = 0): CredentialAccount {
  return {
    ...presentAccount(config, a, gov),
    source: {
      privacy: a.default_privacy,
      sensitive: Number(a.default_sensitive) === 1,
      language: a.default_language ?? a.locale.slice(0, 2),
      note: a.note,
      fields: profileFields(a).map((f) => ({ ...f, verified_at: null })),
      follow_requests_count: followRequests,
    },
    role: { id: a.role, name: a.role, color: '', permissions: a.role === 'admin' ? '1' : '0', highlighted: a.role !== 'user' },
  };
}

/** Presents many accounts with one query for their government profiles (and one for custom emojis, only when a name or note has a shortcode). */
export async function presentAccounts(db: Executor, config: Config, rows: readonly AccountRow[]): Promise<AccountJson[]> {
  const [govs, emojis] = await Promise.all([
    loadGovProfiles(
      db,
      rows.map((r) => Number(r.id)),
    ),
    emojisOfTexts({ db, config }, new Map(rows.map((r) => [Number(r.id), [r.display_name, r.note]]))),
  ]);
  return rows.map((r) => presentAccount(config, r, govs.get(Number(r.id)), emojis.get(Number(r.id))));
}

export async function presentOne(db: Executor, config: Config, row: AccountRow): Promise<AccountJson> {
  const [json] = await presentAccounts(db, config, [row]);
  return json as AccountJson;
}

/** An account presented once for everyone: the entity, and its JSON as UTF-8 for pages built from pieces. */
export interface RenderedAccount {
  json: AccountJson;
  utf8: Buffer;
}

/**
 * Accounts by id as statuses embed them, from this process's cache where it
 * has them, with two queries for the rest (rows, government profiles).
 * Unknown ids are absent from the map.
 */
export async function renderedAccounts(ctx: Context, ids: Iterable<number>): Promise<Map<number, RenderedAccount>> {
  const out = new Map<number, RenderedAccount>();
  const missing: number[] = [];
  for (const id of ids) {
    if (out.has(id)) continue;
    const hit = ctx.cache.accounts.get(id);
    if (hit) out.set(id, hit);
    else missing.push(id);
  }
  if (missing.length === 0) return out;
  const mark = ctx.cache.accounts.mark();
  const rows = await findAccountsByIds(ctx.db, [...new Set(missing)]);
  for (const json of await presentAccounts(ctx.db, ctx.config, rows)) {
    // Kept by the cache: a buffer of its own, not a slice of a shared 64 KiB block (src/app/owned-buffer.ts).
    const rendered = { json, utf8: ownedTexts([JSON.stringify(json)])[0] };
    const id = Number(json.id);
    out.set(id, rendered);
    ctx.cache.accounts.fill(mark, id, rendered);
  }
  return out;
}
