import { describe, expect, it } from 'vitest';
import { leadTermOf, normalizeText, planQuery, termsOf } from './tokens.js';

describe('search terms', () => {
  it('cuts CJK runs into bigrams and other words into prefixes of up to 6 characters', () => {
    expect(termsOf(normalizeText('北京市公安局'))).toEqual(['北京', '京市', '市公', '公安', '安局']);
    expect(termsOf(normalizeText('Pingan北京'))).toEqual(['p', 'pi', 'pin', 'ping', 'pinga', 'pingan', '北京']);
    expect(termsOf(normalizeText('ＡＢＣ 市'))).toEqual(['a', 'ab', 'abc', '市']);
  });

  it('plans a query as its terms and the runs the text must hold', () => {
    expect(planQuery('上海发布')).toEqual({ terms: ['上海', '海发', '发布'], pieces: ['上海发布'] });
    expect(planQuery('公安 Bei')).toEqual({ terms: ['公安', 'bei'], pieces: ['公安', 'bei'] });
    expect(planQuery('shanghaifabu')).toEqual({ terms: ['shangh'], pieces: ['shanghaifabu'] });
    // One CJK character alone looks for names beginning with it.
    expect(planQuery('平')).toEqual({ terms: ['^平'], pieces: [] });
    expect(leadTermOf('平安北京')).toBe('^平');
    // Syntax of other engines is only separators here.
    expect(planQuery('"公安" NEAR(北京) -*^')).toEqual({ terms: ['公安', 'near', '北京'], pieces: ['公安', 'near', '北京'] });
    expect(planQuery('"*^-()')).toEqual({ terms: [], pieces: [] });
  });

  it('looks up at most 6 terms of a long query, spread over it', () => {
    const plan = planQuery('中华人民共和国国务院新闻办公室');
    expect(plan.terms).toHaveLength(6);
    expect(plan.terms[0]).toBe('中华');
    expect(plan.terms[5]).toBe('公室');
  });
});
