import { Parser } from 'htmlparser2';

/** What a page says of itself for a preview: OpenGraph first, then Twitter's cards, then plain HTML. */
export interface PageMeta {
  title: string;
  description: string;
  /** Absolute http(s) URL of the preview image, or null. */
  image: string | null;
  imageAlt: string;
  siteName: string;
  authorName: string;
  language: string | null;
  publishedAt: string | null;
  /** Mastodon's link_type: `article` when the page says so (og:type), else `unknown`; only articles trend. */
  linkType: 'article' | 'unknown';
}

/** The most of a title or description kept (Mastodon's card columns are as long). */
const TITLE_MAX = 300;
const DESCRIPTION_MAX = 1000;

/**
 * The charset a page is in: its Content-Type's, else a `<meta charset>` (or
 * http-equiv) in its first bytes, else UTF-8. Chinese sites still serve GBK
 * and GB2312, which read as UTF-8 give mojibake titles.
 */
export function pageCharset(contentType: string, head: Buffer): string {
  const fromHeader = /charset\s*=\s*["']?([\w-]+)/i.exec(contentType)?.[1];
  const sniffed = fromHeader ?? /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head.subarray(0, 2048).toString('latin1'))?.[1];
  const name = (sniffed ?? 'utf-8').toLowerCase();
  try {
    new TextDecoder(name);
    return name;
  } catch {
    return 'utf-8';
  }
}

/** Control characters (PostgreSQL cannot store U+0000) and lone surrogates: a page's bytes are anyone's. */
const UNSTORABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|\p{Cs}/gu;

function clean(s: string | undefined, max: number): string {
  return [...(s ?? '').replace(UNSTORABLE, '').replace(/\s+/g, ' ').trim()].slice(0, max).join('');
}

/** An absolute http(s) URL from `raw` as the page at `base` names it, or null. */
function absolute(raw: string | undefined, base: string): string | null {
  if (!raw?.trim()) return null;
  try {
    const u = new URL(raw.trim(), base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}

/** A timestamp as ISO text, or null for what does not read as one. */
function isoTime(raw: string | undefined): string | null {
  if (!raw) return null;
  const t = Date.parse(raw);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/**
 * Reads a page's preview data with htmlparser2 (a tolerant, streaming
 * parser: real pages are rarely valid HTML). Only `<head>`-level facts are
 * taken: meta tags by `property` or `name`, `<title>`, `<html lang>`.
 */
export function parsePage(html: string, pageUrl: string): PageMeta {
  const meta = new Map<string, string>();
  let title = '';
  let inTitle = false;
  let lang: string | null = null;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'html' && attrs.lang) lang = attrs.lang;
        if (name === 'title') inTitle = true;
        if (name === 'meta' && attrs.content !== undefined) {
          const key = (attrs.property ?? attrs.name ?? attrs.itemprop ?? '').trim().toLowerCase();
          // The first of each wins, as in Mastodon (a page may repeat og:image for several sizes).
          if (key && !meta.has(key)) meta.set(key, attrs.content);
        }
      },
      ontext(text) {
        if (inTitle) title += text;
      },
      onclosetag(name) {
        if (name === 'title') inTitle = false;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  const first = (...keys: string[]) => keys.map((k) => meta.get(k)?.trim()).find((v) => v) ?? undefined;
  const language = (lang as string | null) ?? first('og:locale')?.replace('_', '-') ?? null;
  return {
    title: clean(first('og:title', 'twitter:title') ?? title, TITLE_MAX),
    description: clean(first('og:description', 'twitter:description', 'description'), DESCRIPTION_MAX),
    image: absolute(first('og:image', 'og:image:url', 'og:image:secure_url', 'twitter:image', 'twitter:image:src'), pageUrl),
    imageAlt: clean(first('og:image:alt', 'twitter:image:alt'), DESCRIPTION_MAX),
    siteName: clean(first('og:site_name', 'application-name'), TITLE_MAX),
    authorName: clean(first('author', 'article:author', 'twitter:creator'), TITLE_MAX),
    language: language && /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/i.test(language) ? language.split('-')[0]!.toLowerCase() : null,
    publishedAt: isoTime(first('article:published_time', 'og:published_time', 'datepublished')),
    linkType: first('og:type')?.toLowerCase() === 'article' ? 'article' : 'unknown',
  };
}
