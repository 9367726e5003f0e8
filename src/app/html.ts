const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes user text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Plain user text as Mastodon-style HTML: escaped, paragraphs on blank lines, <br> on newlines. */
export function plainToHtml(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return '';
  return trimmed
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br />')}</p>`)
    .join('');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * Rendered HTML back to the plain text it shows: tags dropped (paragraphs and
 * line breaks become spaces), entities decoded. For places that escape again,
 * such as a page title, so that text is escaped once, not twice.
 */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>|<\/p>\s*<p>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const cp = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
        return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    });
}

/**
 * Another server's HTML (a remote status or profile note) as the plain text it
 * shows, paragraphs and line breaks kept: what is stored of it here, to be
 * escaped again on output (plainToHtml, renderText), so that no remote markup
 * ever reaches a page or a client as markup.
 */
export function remoteHtmlToText(html: string): string {
  const marked = html.replace(/<br\s*\/?>/gi, '\u0000').replace(/<\/p>\s*<p[^>]*>/gi, '\u0001');
  return htmlToText(marked)
    .replace(/\u0001/g, '\n\n')
    .replace(/\u0000/g, '\n')
    .trim();
}
