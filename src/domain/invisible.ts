/**
 * Characters that change how a name reads without being seen: zero-width
 * spaces and joiners, directional marks, embeddings, overrides and isolates,
 * invisible operators, the byte-order mark, the soft hyphen, the Mongolian
 * vowel separator. In a verified name they let "北京市公安局" hide another
 * organ's name, or read backwards.
 */
const INVISIBLE_CONTROLS = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/u;

export function hasInvisibleControls(text: string): boolean {
  return INVISIBLE_CONTROLS.test(text);
}
