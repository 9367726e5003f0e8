import { Parser } from 'htmlparser2';
import sanitizeHtml from 'sanitize-html';

/**
 * HTML written by another server (a Note's `content`, an actor's `summary`,
 * a PropertyValue's `value`), made safe to store and serve, and read for
 * what the rest of the provider needs of it: its plain text, the accounts
 * and hashtags it links. Beside html.ts because statuses and accounts both
 * take it; nothing here knows ActivityPub.
 *
 * The allowlist is Mastodon's MASTODON_STRICT (app/lib/sanitize_config.rb,
 * the 4.3 line): the formatting it keeps, links only to its LINK_PROTOCOLS
 * (an `<a>` to anything else, relative links included, becomes its text),
 * headings as paragraphs, classes only those its own HTML uses for mentions,
 * hashtags and shortened links. The sanitising itself is sanitize-html's
 * (htmlparser2 underneath, as the rest of the provider parses HTML).
 */

/** The schemes a remote link may keep (Mastodon's LINK_PROTOCOLS). */
export const LINK_PROTOCOLS = ['http', 'https', 'dat', 'dweb', 'ipfs', 'ipns', 'ssb', 'gopher', 'xmpp', 'magnet', 'gemini'] as const;

/** Bounds on what is read: a remote document larger than this is cut before parsing (Mastodon takes JSON documents of at most 1 MiB). */
export const REMOTE_HTML_LIMITS = {
  /** Characters of HTML read from one `content`, `summary` or field value. */
  maxInput: 1024 * 1024,
  /** Profile fields kept of a remote actor's `attachment` list. */
  maxFields: 16,
  /** Characters of a field's name (plain text). */
  fieldNameMax: 255,
  /** Characters of a field's value (HTML, before sanitising). */
  fieldValueMax: 2047,
} as const;

const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'] as const;

function linkAllowed(href: string | undefined): boolean {
  if (!href) return false;
  try {
    // The WHATWG parser, as a browser reads the href: tabs and newlines inside the scheme do not hide it.
    const scheme = new URL(href).protocol.slice(0, -1).toLowerCase();
    return (LINK_PROTOCOLS as readonly string[]).includes(scheme);
  } catch {
    return false; // relative: Mastodon keeps only the text
  }
}

/** The options for one call: they count the links open as the parser goes, so that a link inside a link is unwrapped. */
function options(): sanitizeHtml.IOptions {
  let openLinks = 0;
  return {
    allowedTags: ['p', 'br', 'span', 'a', 'del', 's', 'pre', 'blockquote', 'code', 'b', 'strong', 'u', 'i', 'em', 'ul', 'ol', 'li', 'ruby', 'rt', 'rp'],
    allowedAttributes: {
      a: ['href', 'rel', 'class', 'target', 'translate'],
      span: ['class', 'translate'],
      ol: ['start', 'reversed'],
      li: ['value'],
    },
    allowedClasses: {
      a: ['u-url', 'mention', 'hashtag'],
      span: ['h-card', 'mention', 'hashtag', 'invisible', 'ellipsis'],
    },
    allowedSchemes: [...LINK_PROTOCOLS],
    allowedSchemesByTag: {},
    allowedSchemesAppliedToAttributes: ['href'],
    allowProtocolRelative: false,
    allowedStyles: {},
    // Dropped with their content, not only their tags (sanitize-html's list has no noscript, template, iframe…).
    nonTextTags: ['script', 'style', 'textarea', 'option', 'xmp', 'noscript', 'noembed', 'noframes', 'template', 'iframe', 'object', 'title', 'svg', 'math', 'select', 'head'],
    disallowedTagsMode: 'discard',
    // A bound on how deep the kept structure may go: deeper tags are dropped, their text kept.
    nestingLimit: 32,
    parser: { lowerCaseTags: true, lowerCaseAttributeNames: true, decodeEntities: true },
    transformTags: {
      ...Object.fromEntries(HEADINGS.map((h) => [h, () => ({ tagName: 'p', attribs: {} })])),
      a: (_name, attribs) => {
        // Left without an href, and so dropped by exclusiveFilter with its text kept. (Not renamed to a
        // disallowed tag: sanitize-html 2.18 then closes the next element at that depth with the new name.)
        if (openLinks > 1 || !linkAllowed(attribs.href)) return { tagName: 'a', attribs: {} };
        // The provider's own rel and target replace the remote's (Mastodon's add_attributes).
        return {
          tagName: 'a',
          attribs: {
            href: attribs.href as string,
            ...(attribs.class ? { class: attribs.class } : {}),
            ...(attribs.translate === 'no' ? { translate: 'no' } : {}),
            rel: 'nofollow noopener noreferrer',
            target: '_blank',
          },
        };
      },
      span: (_name, attribs) => ({ tagName: 'span', attribs: { ...(attribs.class ? { class: attribs.class } : {}), ...(attribs.translate === 'no' ? { translate: 'no' } : {}) } }),
      ol: (_name, attribs) => ({
        tagName: 'ol',
        attribs: { ...(/^-?\d{1,9}$/.test(attribs.start ?? '') ? { start: attribs.start as string } : {}), ...('reversed' in attribs ? { reversed: '' } : {}) },
      }),
      li: (_name, attribs): sanitizeHtml.Tag => ({ tagName: 'li', attribs: /^-?\d{1,9}$/.test(attribs.value ?? '') ? { value: attribs.value as string } : {} }),
    },
    // A link whose href did not pass (above, or sanitize-html's own scheme check) becomes its text, as in Mastodon.
    exclusiveFilter: (frame) => (frame.tag === 'a' && !frame.attribs.href ? 'excludeTag' : false),
    // htmlparser2 closes an open <a> when another opens beside it, as browsers do, but not one further down (<a><span><a>).
    onOpenTag: (name) => {
      if (name === 'a') openLinks += 1;
    },
    onCloseTag: (name) => {
      if (name === 'a') openLinks -= 1;
    },
  };
}

/** Remote HTML as the provider stores and serves it (see the module's note for what is kept). */
export function sanitizeRemoteHtml(html: string): string {
  const input = html.length > REMOTE_HTML_LIMITS.maxInput ? html.slice(0, REMOTE_HTML_LIMITS.maxInput) : html;
  return sanitizeHtml(input, options()).trim();
}

/** A link to an account, as the HTML has it. */
export interface LinkedMention {
  /** The href, absolute http(s): matched by the caller against the Note's `tag` list or resolved as an actor. */
  href: string;
  /** What the link shows (`@user` or `@user@host`). */
  text: string;
}

/** A link to a hashtag, as the HTML has it. */
export interface LinkedHashtag {
  href: string;
  /** The tag's name as shown, without its `#`. */
  name: string;
}

/** Remote HTML, sanitised and read. */
export interface RemoteHtml {
  /** Safe to store and serve as `content` / `note` / a field's `value`. */
  html: string;
  /** What it shows as plain text: paragraphs apart by a blank line, `<br>` a newline, entities decoded. For search, notifications, lengths. */
  text: string;
  /** Links classed `mention` (not `hashtag`), in order, each href once. */
  mentions: LinkedMention[];
  /** Links classed `hashtag` (or `mention hashtag`, as Mastodon writes them), in order, each name once (case-insensitive). */
  hashtags: LinkedHashtag[];
  /** Every other http(s) link, in order, each once: the first is a status's preview card. */
  links: string[];
}

const BLOCKS = new Set(['p', 'blockquote', 'pre', 'ul', 'ol']);

function httpUrl(href: string): boolean {
  try {
    const u = new URL(href);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Reads sanitised HTML (what sanitizeRemoteHtml returned): its text and
 * links. Only safe HTML is read, so that what the provider counts, indexes
 * and notifies of is what it shows.
 */
function readSafeHtml(html: string): Omit<RemoteHtml, 'html'> {
  let text = '';
  const mentions: LinkedMention[] = [];
  const hashtags: LinkedHashtag[] = [];
  const links: string[] = [];
  let link: { href: string; classes: string[]; text: string } | null = null;
  const breakTo = (newlines: number) => {
    const trailing = /\n*$/.exec(text)?.[0].length ?? 0;
    if (text.length > trailing && trailing < newlines) text += '\n'.repeat(newlines - trailing);
  };
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (BLOCKS.has(name)) breakTo(2);
        if (name === 'li') breakTo(1);
        if (name === 'br') text += '\n';
        if (name === 'a') link = { href: attrs.href ?? '', classes: (attrs.class ?? '').split(/\s+/), text: '' };
      },
      ontext(t) {
        text += t;
        if (link) link.text += t;
      },
      onclosetag(name) {
        if (BLOCKS.has(name)) breakTo(2);
        if (name !== 'a' || !link) return;
        const { href, classes } = link;
        const shown = link.text.trim();
        link = null;
        if (!httpUrl(href)) return;
        if (classes.includes('hashtag')) {
          const tag = shown.replace(/^[#＃]/, '');
          if (tag && !hashtags.some((h) => h.name.toLowerCase() === tag.toLowerCase())) hashtags.push({ href, name: tag });
        } else if (classes.includes('mention')) {
          if (!mentions.some((m) => m.href === href)) mentions.push({ href, text: shown });
        } else if (!links.includes(href)) links.push(href);
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return {
    text: text
      .replace(/\u00a0/g, ' ')
      .replace(/[ \t]+\n/g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim(),
    mentions,
    hashtags,
    links,
  };
}

/** Remote HTML sanitised, with its plain text and the mentions, hashtags and links it carries. */
export function readRemoteHtml(html: string): RemoteHtml {
  const safe = sanitizeRemoteHtml(html);
  return { html: safe, ...readSafeHtml(safe) };
}

/** The plain text a piece of remote HTML shows (a remote display name or summary shown as text, a field's name). */
export function remoteHtmlToText(html: string): string {
  return readSafeHtml(sanitizeRemoteHtml(html)).text;
}

/** One profile field of a remote actor, as the provider keeps it. */
export interface RemoteProfileField {
  /** Plain text as the remote wrote it (not read as HTML: escaped when shown), whitespace runs as one space, control characters dropped, at most fieldNameMax characters. */
  name: string;
  /** Sanitised HTML. */
  value: string;
  /** The value's plain text. */
  valueText: string;
}

/**
 * A remote actor's profile fields from its `attachment` list (PropertyValue
 * entries: `name` text, `value` HTML), in order: entries that are not
 * PropertyValues or lack a name are skipped, at most maxFields kept. A
 * single object (as Fedify writes one field) is read as a list of one.
 */
export function remoteProfileFields(attachment: unknown): RemoteProfileField[] {
  const list = Array.isArray(attachment) ? attachment : attachment && typeof attachment === 'object' ? [attachment] : [];
  const fields: RemoteProfileField[] = [];
  for (const entry of list) {
    if (fields.length >= REMOTE_HTML_LIMITS.maxFields) break;
    if (!entry || typeof entry !== 'object') continue;
    const { type, name, value } = entry as { type?: unknown; name?: unknown; value?: unknown };
    if (type !== undefined && type !== 'PropertyValue') continue;
    if (typeof name !== 'string' || typeof value !== 'string') continue;
    const plainName = [...name.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim()].slice(0, REMOTE_HTML_LIMITS.fieldNameMax).join('');
    if (!plainName) continue;
    const read = readRemoteHtml(value.slice(0, REMOTE_HTML_LIMITS.fieldValueMax));
    fields.push({ name: plainName, value: read.html, valueText: read.text });
  }
  return fields;
}
