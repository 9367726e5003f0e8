import { describe, expect, it } from 'vitest';
import { REQUEST_ACTOR, REQUEST_STATES, type RequestAction, nextRequestState } from './service-request.js';

const ACTIONS: RequestAction[] = ['accept', 'respond', 'resolve', 'rate'];

describe('service request state machine', () => {
  it('walks submitted → accepted → responded → resolved, rating keeps resolved', () => {
    expect(nextRequestState('submitted', 'accept')).toBe('accepted');
    expect(nextRequestState('accepted', 'respond')).toBe('responded');
    expect(nextRequestState('responded', 'respond')).toBe('responded');
    expect(nextRequestState('responded', 'resolve')).toBe('resolved');
    expect(nextRequestState('resolved', 'rate')).toBe('resolved');
  });

  it('allows exactly these steps and refuses every other (the full table)', () => {
    const allowed = new Set(['submitted:accept', 'accepted:respond', 'responded:respond', 'responded:resolve', 'resolved:rate']);
    for (const state of REQUEST_STATES) {
      for (const action of ACTIONS) {
        const next = nextRequestState(state, action);
        expect(next !== null, `${state} ${action}`).toBe(allowed.has(`${state}:${action}`));
      }
    }
  });

  it('refuses skipping steps and going back', () => {
    expect(nextRequestState('submitted', 'respond')).toBeNull();
    expect(nextRequestState('submitted', 'resolve')).toBeNull();
    expect(nextRequestState('accepted', 'resolve')).toBeNull();
    expect(nextRequestState('accepted', 'accept')).toBeNull();
    expect(nextRequestState('resolved', 'respond')).toBeNull();
    expect(nextRequestState('resolved', 'accept')).toBeNull();
    expect(nextRequestState('submitted', 'rate')).toBeNull();
  });

  it('gives the organ every step but the rating, which is the citizen’s', () => {
    expect(REQUEST_ACTOR).toEqual({ accept: 'organ', respond: 'organ', resolve: 'organ', rate: 'citizen' });
  });

  it('never leaves the set of states, and every state is reachable from submitted', () => {
    const seen = new Set<string>(['submitted']);
    let frontier = ['submitted'] as (typeof REQUEST_STATES)[number][];
    while (frontier.length) {
      const next: (typeof REQUEST_STATES)[number][] = [];
      for (const st of frontier)
        for (const a of ACTIONS) {
          const n = nextRequestState(st, a);
          if (n === null) continue;
          expect(REQUEST_STATES).toContain(n);
          if (!seen.has(n)) {
            seen.add(n);
            next.push(n);
          }
        }
      frontier = next;
    }
    expect([...seen].sort()).toEqual([...REQUEST_STATES].sort());
  });
});
