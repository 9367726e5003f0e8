/**
 * How a filter's keyword matches a status's text. Case is ignored and both
 * sides are NFKC-normalised (full-width Ｌａｔｉｎ matches Latin). `whole_word`
 * is about Latin letters and digits only: at each end of the keyword that is
 * a Latin letter or digit, the text must not go on with another Latin letter
 * or digit (so `cat` does not match `category` but does match `cat猫`). An end
 * that is a CJK character (or any other) has no boundary to respect: Chinese
 * is written without spaces, so `雾霾` matches inside `北京雾霾严重` whole word
 * or not, where a `\b` rule (Mastodon's) would make a whole-word CJK keyword
 * match almost nothing.
 */
const WORDISH = /[\p{Script=Latin}\p{Nd}]/u;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

export function keywordPattern(keyword: string, wholeWord: boolean): RegExp {
  const k = keyword.normalize('NFKC');
  const chars = [...k];
  const first = chars[0] ?? '';
  const last = chars[chars.length - 1] ?? '';
  const before = wholeWord && WORDISH.test(first) ? '(?<![\\p{Script=Latin}\\p{Nd}])' : '';
  const after = wholeWord && WORDISH.test(last) ? '(?![\\p{Script=Latin}\\p{Nd}])' : '';
  return new RegExp(`${before}${escape(k)}${after}`, 'iu');
}

/** The text as keywords are matched against it. */
export function matchableText(...parts: readonly string[]): string {
  return parts.filter((p) => p !== '').join('\n').normalize('NFKC');
}
