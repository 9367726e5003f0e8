import type { Config } from '../app/config.js';

// The ActivityPub ids of this provider's accounts and statuses, as Mastodon spells
// them (team agreement of issue 14): derived from the public URL, never stored.
// A remote account or status keeps the id its server gave it (accounts.uri, statuses.uri).

/** A local account's actor id: `${publicUrl}/users/${username}`. */
export function localActorUri(config: Pick<Config, 'publicUrl'>, username: string): string {
  return `${config.publicUrl}/users/${username}`;
}

/** A local status's id: `${publicUrl}/users/${username}/statuses/${id}`. */
export function localStatusUri(config: Pick<Config, 'publicUrl'>, username: string, id: number | string): string {
  return `${localActorUri(config, username)}/statuses/${id}`;
}

function localPath(config: Pick<Config, 'publicUrl'>, uri: string): string | null {
  const base = config.publicUrl.replace(/\/+$/, '');
  return uri.startsWith(`${base}/`) ? uri.slice(base.length) : null;
}

/** The username a local actor id (or profile page `/@name`) names; null for any other address. */
export function parseLocalActorUri(config: Pick<Config, 'publicUrl'>, uri: string): string | null {
  const path = localPath(config, uri);
  const m = path === null ? null : /^\/(?:users\/|@)([A-Za-z0-9_]{1,30})\/?$/.exec(path);
  return m ? (m[1] as string) : null;
}

/** The username and status id a local status id (or page `/@name/:id`) names; null for any other address. */
export function parseLocalStatusUri(config: Pick<Config, 'publicUrl'>, uri: string): { username: string; id: number } | null {
  const path = localPath(config, uri);
  const m = path === null ? null : /^\/(?:users\/([A-Za-z0-9_]{1,30})\/statuses|@([A-Za-z0-9_]{1,30}))\/(\d{1,15})\/?$/.exec(path);
  return m ? { username: (m[1] ?? m[2]) as string, id: Number(m[3]) } : null;
}
