/**
 * Traditional characters to simplified (OpenCC's dictionaries): the cues and
 * the gazetteer are simplified, and accounts in Hong Kong, Macao, Taiwan or
 * of a traditional-minded operator write 廣州市公安局.
 *
 * Almost every record is simplified already, and the classifier runs on
 * millions: a text is converted only when it holds a character that
 * conversion would change (a set built once from the same dictionaries).
 */
import { Converter } from 'opencc-js/t2cn';

const toSimplified = Converter({ from: 't', to: 'cn' });
let changing: Set<number> | undefined;

function changingChars(): Set<number> {
  const codes: number[] = [];
  for (let c = 0x3400; c <= 0x9fff; c++) codes.push(c);
  const chars = codes.map((c) => String.fromCharCode(c));
  // A line each, so that no two-character phrase of the dictionary joins neighbours.
  const converted = toSimplified(chars.join('\n')).split('\n');
  const set = new Set<number>();
  for (let i = 0; i < chars.length; i++) if (converted[i] !== chars[i]) set.add(codes[i]!);
  return set;
}

/** `text` in simplified characters; the same string when it has none to change. */
export function simplified(text: string): string {
  changing ??= changingChars();
  for (let i = 0; i < text.length; i++) {
    if (changing.has(text.charCodeAt(i))) return toSimplified(text);
  }
  return text;
}
