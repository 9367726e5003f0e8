import { describe, expect, it } from 'vitest';
import type { PollRow } from './polls.repository.js';
import { voteProblem } from './polls.policy.js';

const now = new Date('2012-12-01T08:00:00Z');
const poll = (over: Partial<PollRow> = {}) => ({ id: 1, account_id: 7, multiple: 0, expires_at: '2012-12-01T09:00:00.000Z', ...over }) as unknown as PollRow;

describe('who may vote, and how', () => {
  it('not the author, not after the end, not nothing, not an option the poll lacks', () => {
    expect(voteProblem(poll(), 7, [], [0], 2, now)).toMatch(/own poll/);
    expect(voteProblem(poll({ expires_at: '2012-12-01T08:00:00.000Z' }), 8, [], [0], 2, now)).toMatch(/ended/);
    expect(voteProblem(poll(), 8, [], [], 2, now)).toMatch(/blank/);
    for (const c of [2, -1, 0.5]) expect(voteProblem(poll(), 8, [], [c], 2, now), String(c)).toMatch(/option/);
  });
  it('a single-choice poll: one option, once', () => {
    expect(voteProblem(poll(), 8, [], [0, 1], 2, now)).toMatch(/only one/);
    expect(voteProblem(poll(), 8, [1], [0], 2, now)).toMatch(/already/);
    expect(voteProblem(poll(), 8, [], [1], 2, now)).toBeNull();
  });
  it('a multiple-choice poll: several options, none twice', () => {
    expect(voteProblem(poll({ multiple: 1 }), 8, [], [0, 0], 3, now)).toMatch(/already/);
    expect(voteProblem(poll({ multiple: 1 }), 8, [2], [2], 3, now)).toMatch(/already/);
    expect(voteProblem(poll({ multiple: 1 }), 8, [], [0, 2], 3, now)).toBeNull();
  });
});
