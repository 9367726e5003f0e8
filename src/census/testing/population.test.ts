import { describe, expect, it } from 'vitest';
import { classify } from '../../classify/classify.js';
import { CERTAIN, CERTAIN_NOT_GOVERNMENT } from './population.js';

// The populations' truth assumes these names classify exactly so; if the classifier changes, this says why the census tests fail.
describe('names the population generator relies on', () => {
  it.each(CERTAIN)('$name is classified as given, with no doubt', (c) => {
    expect(classify(c)).toEqual({ ...c.labels, uncertain: [] });
  });
  it.each(CERTAIN_NOT_GOVERNMENT)('$name is not government, with no doubt', (c) => {
    const got = classify(c);
    expect(got.government).toBe(false);
    expect(got.uncertain).toEqual([]);
  });
});
