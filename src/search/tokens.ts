/**
 * How text becomes search terms, the same on SQLite and PostgreSQL because it
 * happens here, not in the database.
 *
 * Chinese (and Japanese, Korean) text has no spaces: each run of such
 * characters is cut into overlapping character bigrams (北京市公安局 ->
 * 北京 京市 市公 公安 安局), so that any two or more consecutive characters are
 * found. A run of one character is kept as it is. Other words (Latin, digits,
 * `_`) give their prefixes up to PREFIX_MAX characters, so that `pingan` finds
 * `pinganbeijing`. A display name's first character also gives `^X`, which a
 * one-character Chinese query looks for: such a query finds names that begin
 * with it, not every text holding it.
 *
 * Bigrams say a text may match; the query then checks the normalized text
 * holds every run of the query as written (contiguous), so 上海发布 never finds
 * 上海…发…布.
 */

/** Longest prefix of a word that is indexed; a longer query word looks up its first PREFIX_MAX characters, then the text is checked for the whole word. */
export const PREFIX_MAX = 6;
/** The most terms one query looks up in the index (the rest is checked against the text). */
export const QUERY_TERMS_MAX = 6;

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const WORD = /[\p{L}\p{N}_]/u;

/** NFKC (full-width letters become ASCII) and lower case: what is indexed and what is searched. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

type Run = { cjk: boolean; text: string };

/** The runs of CJK characters and of other word characters in normalized text; the rest separates them. */
export function runsOf(normalized: string): Run[] {
  const runs: Run[] = [];
  let cur: Run | null = null;
  for (const ch of normalized) {
    const cjk = CJK.test(ch);
    const word = cjk || WORD.test(ch);
    if (!word) {
      cur = null;
      continue;
    }
    if (cur && cur.cjk === cjk) cur.text += ch;
    else {
      cur = { cjk, text: ch };
      runs.push(cur);
    }
  }
  return runs;
}

function bigrams(run: string): string[] {
  const chars = [...run];
  if (chars.length === 1) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

function prefixes(word: string): string[] {
  const chars = [...word].slice(0, PREFIX_MAX);
  const out: string[] = [];
  for (let i = 1; i <= chars.length; i++) out.push(chars.slice(0, i).join(''));
  return out;
}

/** The index terms of a text field (already normalized). */
export function termsOf(normalized: string): string[] {
  const out = new Set<string>();
  for (const r of runsOf(normalized)) for (const t of r.cjk ? bigrams(r.text) : prefixes(r.text)) out.add(t);
  return [...out];
}

/** The term a display name's first character gives, for one-character queries. */
export function leadTermOf(normalizedName: string): string | null {
  const first = [...normalizedName.trim()][0];
  return first && CJK.test(first) ? `^${first}` : null;
}

/** What a query looks for: index terms to look up, and pieces the text must hold. */
export interface QueryPlan {
  /** Index terms, at most QUERY_TERMS_MAX; empty: the query can find nothing. */
  terms: string[];
  /** Substrings (normalized) the matching text must contain, each run of the query. */
  pieces: string[];
}

/**
 * A query's plan. One CJK character alone looks for names beginning with it
 * (`^X`); a lone CJK character beside other runs is left to the text check.
 */
export function planQuery(query: string): QueryPlan {
  const runs = runsOf(normalizeText(query));
  const pieces = [...new Set(runs.map((r) => r.text))];
  if (runs.length === 1 && runs[0]!.cjk && [...runs[0]!.text].length === 1) return { terms: [`^${runs[0]!.text}`], pieces: [] };
  const terms = new Set<string>();
  for (const r of runs) {
    if (r.cjk) {
      if ([...r.text].length > 1) for (const b of bigrams(r.text)) terms.add(b);
    } else terms.add([...r.text].slice(0, PREFIX_MAX).join(''));
  }
  return { terms: spread([...terms], QUERY_TERMS_MAX), pieces };
}

/** At most `n` items, taken evenly from first to last, so a long phrase is still pinned at both ends. */
function spread<T>(items: T[], n: number): T[] {
  if (items.length <= n) return items;
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(items[Math.round((i * (items.length - 1)) / (n - 1))]!);
  return [...new Set(out)];
}
