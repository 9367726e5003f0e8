import { describe, expect, it } from 'vitest';
import { REQUEST_ACTOR, REQUEST_STATES, REQUEST_TIME_LIMIT_HOURS, type RequestAction, nextRequestState, requestDeadline, requestDueAt } from './service-request.js';

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

describe('request due times', () => {
  const created = new Date('2024-05-01T08:00:00.000Z');
  it('adds each category its time limit', () => {
    expect(requestDueAt('inquiry', created).toISOString()).toBe('2024-05-04T08:00:00.000Z');
    expect(requestDueAt('help', created).toISOString()).toBe('2024-05-03T08:00:00.000Z');
    expect(requestDueAt('complaint', created).toISOString()).toBe('2024-05-16T08:00:00.000Z');
    expect(Object.keys(REQUEST_TIME_LIMIT_HOURS).sort()).toEqual(['complaint', 'help', 'inquiry', 'report']);
  });
  it('is due soon within 24 h, overdue past the due time, neither once resolved', () => {
    const due = new Date('2024-05-04T08:00:00.000Z');
    const at = (iso: string) => new Date(iso);
    expect(requestDeadline('accepted', due, at('2024-05-03T07:59:59.999Z'))).toEqual({ overdue: false, due_soon: false });
    expect(requestDeadline('accepted', due, at('2024-05-03T08:00:00.000Z'))).toEqual({ overdue: false, due_soon: true });
    expect(requestDeadline('submitted', due, at('2024-05-04T08:00:00.000Z'))).toEqual({ overdue: false, due_soon: true });
    expect(requestDeadline('responded', due, at('2024-05-04T08:00:00.001Z'))).toEqual({ overdue: true, due_soon: false });
    expect(requestDeadline('resolved', due, at('2024-05-09T00:00:00.000Z'))).toEqual({ overdue: false, due_soon: false });
  });
});
