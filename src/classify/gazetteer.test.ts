import { describe, it, expect } from 'vitest';
import { findPlaces, gazetteer, shortName } from './gazetteer.js';

describe('gazetteer', () => {
  it('is GB/T 2260 revision 201210', () => {
    const g = gazetteer();
    expect(g.byCode.get('340181')?.name).toBe('巢湖市');
    expect(g.byCode.get('341400')).toBeUndefined(); // the prefecture 巢湖市, abolished in 2011
    expect(g.byCode.get('310108')?.name).toBe('闸北区');
    expect(g.byCode.get('460300')?.name).toBe('三沙市');
  });

  it('derives the short forms people write', () => {
    expect(shortName('广西壮族自治区')).toBe('广西');
    expect(shortName('恩施土家族苗族自治州')).toBe('恩施');
    expect(shortName('双江拉祜族佤族布朗族傣族自治县')).toBe('双江');
    expect(shortName('鄂温克族自治旗')).toBe('鄂温克');
    expect(shortName('浦东新区')).toBe('浦东');
    expect(shortName('城区')).toBeUndefined();
    expect(shortName('公安县')).toBeUndefined(); // 公安 is a word before it is a county
  });

  it('keeps every namesake as a candidate', () => {
    const [m] = findPlaces('鼓楼区');
    expect(m?.candidates.map((d) => d.code).sort()).toEqual(['320106', '320302', '350102', '410204']);
  });

  it('resolves names from other revisions the census year lacks', () => {
    expect(findPlaces('襄樊')[0]?.candidates[0]?.code).toBe('420600');
    expect(findPlaces('崇文区')[0]?.candidates[0]?.code).toBe('110103');
  });

  it('finds townships, and not street names', () => {
    const places = findPlaces('杭州市上城区湖滨街道办事处');
    expect(places.map((p) => p.candidates[0]?.level)).toEqual(['prefectural', 'county', 'township']);
    expect(findPlaces('中山路派出所')).toEqual([]);
    expect(findPlaces('朝阳门街道')[0]?.candidates[0]?.level).toBe('township');
  });
});
