import { LinkifyIt } from 'linkify-it';
import { escapeHtml } from '../app/html.js';

const linkify = new LinkifyIt({ fuzzyLink: false, fuzzyEmail: false });

/**
 * `@name` (optionally `@name@host`), after start or a non-word character. CJK
 * text has no spaces, so a mention may follow a Chinese character directly.
 */
// The host: a domain name, or (for peers on one machine, CONTRACT's --allow-private-peers) an address, either with a port.
const MENTION = /(^|[^A-Za-z0-9_@/.])@([a-z0-9_]{1,30})(?:@((?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d{1,5})?|(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?|localhost:\d{1,5}))?/giu;
/** Weibo's `#话题#` and Mastodon's `#tag`. */
const WEIBO_TAG = /#([^#\s<>@]{1,40})#/gu;
const TAG = /(^|[^A-Za-z0-9_&/#])#([\p{L}\p{N}_]{1,60})/gu;

export interface ParsedText {
  /** The username keys mentioned (accounts.repository.ts usernameKeyOf): `name` for this host's accounts, `name@host` for another's; lower-cased. */
  mentions: string[];
  /** Hashtags as written (first spelling), unique by lower case. */
  tags: string[];
}

type Piece =
  | { kind: 'text'; text: string }
  | { kind: 'link'; text: string; url: string }
  | { kind: 'mention'; text: string; username: string; host: string | undefined }
  | { kind: 'tag'; text: string; name: string };

function splitLinks(text: string): Piece[] {
  const matches = linkify.match(text) ?? [];
  const pieces: Piece[] = [];
  let at = 0;
  for (const m of matches) {
    if (!/^https?:\/\//i.test(m.url)) continue;
    if (m.index > at) pieces.push({ kind: 'text', text: text.slice(at, m.index) });
    pieces.push({ kind: 'link', text: m.raw, url: m.url });
    at = m.lastIndex;
  }
  if (at < text.length) pieces.push({ kind: 'text', text: text.slice(at) });
  return pieces;
}

/** Cuts plain text into text, mention and hashtag pieces (links are cut out before). */
function splitEntities(text: string): Piece[] {
  type Hit = { start: number; end: number; piece: Piece };
  const hits: Hit[] = [];
  for (const m of text.matchAll(WEIBO_TAG)) {
    hits.push({ start: m.index, end: m.index + m[0].length, piece: { kind: 'tag', text: m[0], name: (m[1] as string).trim() } });
  }
  const taken = (s: number, e: number) => hits.some((h) => s < h.end && e > h.start);
  for (const m of text.matchAll(TAG)) {
    const start = m.index + (m[1] as string).length;
    const end = m.index + m[0].length;
    if (!taken(start, end)) hits.push({ start, end, piece: { kind: 'tag', text: text.slice(start, end), name: m[2] as string } });
  }
  for (const m of text.matchAll(MENTION)) {
    const start = m.index + (m[1] as string).length;
    const end = m.index + m[0].length;
    if (!taken(start, end)) hits.push({ start, end, piece: { kind: 'mention', text: text.slice(start, end), username: m[2] as string, host: m[3] } });
  }
  hits.sort((a, b) => a.start - b.start);
  const pieces: Piece[] = [];
  let at = 0;
  for (const h of hits) {
    if (h.start < at) continue;
    if (h.start > at) pieces.push({ kind: 'text', text: text.slice(at, h.start) });
    pieces.push(h.piece);
    at = h.end;
  }
  if (at < text.length) pieces.push({ kind: 'text', text: text.slice(at) });
  return pieces;
}

function pieces(text: string): Piece[] {
  return splitLinks(text).flatMap((p) => (p.kind === 'text' ? splitEntities(p.text) : [p]));
}

/** The username key a mention names: `@name` and `@name@ourhost` are local (`name`), `@name@elsewhere` is `name@elsewhere`. */
function mentionKey(username: string, host: string | undefined, localHost: string): string {
  const h = host?.toLowerCase();
  return !h || h === localHost.toLowerCase() ? username.toLowerCase() : `${username}@${h}`.toLowerCase();
}

/** Mentions (of this host's accounts and of others') and hashtags. */
export function parseText(text: string, localHost: string): ParsedText {
  const mentions = new Set<string>();
  const tags = new Map<string, string>();
  for (const p of pieces(text)) {
    if (p.kind === 'mention') mentions.add(mentionKey(p.username, p.host, localHost));
    if (p.kind === 'tag' && !tags.has(p.name.toLowerCase())) tags.set(p.name.toLowerCase(), p.name);
  }
  return { mentions: [...mentions], tags: [...tags.values()] };
}

export interface RenderContext {
  baseUrl: string;
  localHost: string;
  /** Mentioned accounts that exist, by username key (`name` local, `name@host` remote); `href` where the link goes, else their page here. */
  accounts: ReadonlyMap<string, { id: number; username: string; href?: string | undefined }>;
  /** The host a bare `@name` is on: ours unless said (a remote status's text names its own server's accounts so). */
  defaultHost?: string | undefined;
}

/**
 * The status as safe HTML: every piece of user text escaped, links made only
 * for http(s) URLs found by linkify-it, mentions linked only when the account
 * exists, hashtags linked to their timeline; paragraphs and line breaks kept.
 */
export function renderText(text: string, r: RenderContext): string {
  const html = pieces(text)
    .map((p) => {
      switch (p.kind) {
        case 'text':
          return escapeHtml(p.text);
        case 'link': {
          const shown = p.text.replace(/^https?:\/\//i, '');
          return `<a href="${escapeHtml(p.url)}" rel="nofollow noopener noreferrer" target="_blank">${escapeHtml(shown)}</a>`;
        }
        case 'mention': {
          const acct = r.accounts.get(mentionKey(p.username, p.host ?? r.defaultHost, r.localHost));
          if (!acct) return escapeHtml(p.text);
          return `<span class="h-card"><a href="${escapeHtml(acct.href ?? `${r.baseUrl}/@${acct.username}`)}" class="u-url mention">@<span>${escapeHtml(acct.username)}</span></a></span>`;
        }
        case 'tag':
          return `<a href="${escapeHtml(`${r.baseUrl}/tags/${encodeURIComponent(p.name)}`)}" class="mention hashtag" rel="tag">${escapeHtml(p.text)}</a>`;
      }
    })
    .join('');
  return html
    .split(/\n{2,}/)
    .map((para) => para.trim())
    .filter(Boolean)
    .map((para) => `<p>${para.replace(/\n/g, '<br />')}</p>`)
    .join('');
}

/** Length as Mastodon counts it: code points, with every link counting 23. */
export function statusLength(text: string): number {
  let n = 0;
  for (const p of splitLinks(text)) n += p.kind === 'link' ? 23 : [...p.text].length;
  return n;
}
