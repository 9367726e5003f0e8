import { describe, expect, it } from 'vitest';
import { keywordPattern, matchableText } from './keyword-match.js';

const hit = (keyword: string, wholeWord: boolean, text: string) => keywordPattern(keyword, wholeWord).test(matchableText(text));

describe('keyword matching', () => {
  it('a whole-word Latin keyword does not match inside a longer word', () => {
    expect(hit('cat', true, 'a category of its own')).toBe(false);
    expect(hit('cat', true, 'the Cat sat')).toBe(true);
    expect(hit('cat', false, 'a category')).toBe(true);
    expect(hit('2012', true, '20123')).toBe(false);
    expect(hit('2012', true, '2012年')).toBe(true);
  });

  it('a CJK keyword matches as a substring, whole word or not', () => {
    expect(hit('雾霾', true, '北京雾霾严重')).toBe(true);
    expect(hit('雾霾', false, '北京雾霾严重')).toBe(true);
    expect(hit('雾霾', true, '北京空气好')).toBe(false);
  });

  it('a Latin end next to Chinese text is a boundary', () => {
    expect(hit('PM2.5', true, '今天PM2.5超标')).toBe(true);
    expect(hit('PM2.5', true, '今天PM2.55超标')).toBe(false);
  });

  it('ignores case and full-width forms, and escapes the keyword', () => {
    expect(hit('ＰＭ', true, 'pm readings')).toBe(true);
    expect(hit('a.b', false, 'axb')).toBe(false);
    expect(hit('(x)', false, 'see (x) here')).toBe(true);
  });
});
