import { describe, expect, it } from 'vitest';
import { transaction } from '../app/transaction.js';
import { DIALECTS } from '../../test/dialects.js';
import { testServer } from '../../test/http.js';
import { envelopes, openEnvelope } from './bus.js';
import { IDS_PER_EVENT, type StreamEvent, parseEvent } from './events.js';
import { publishAfterCommit } from './streaming.js';

describe('the streaming bus', () => {
  it('packs events into messages that fit a NOTIFY payload (under 8000 bytes), splitting long lists', () => {
    const big: StreamEvent = { t: 'notification', n: Array.from({ length: 2000 }, (_, i) => [9_000_000_000_000_000 + i, 8_000_000_000_000_000 + i] as [number, number]) };
    const many: StreamEvent[] = Array.from({ length: 1000 }, (_, i) => ({ t: 'status', id: 123_456_789_000 + i }));
    const out = envelopes('me', [big, ...many, { t: 'delete', ids: Array.from({ length: 1000 }, (_, i) => 1e12 + i) }]);
    for (const m of out) expect(Buffer.byteLength(m)).toBeLessThan(8000);
    const back = out.flatMap((m) => openEnvelope('someone else', m));
    expect(back.filter((e) => e.t === 'notification').flatMap((e) => (e.t === 'notification' ? e.n : []))).toEqual(big.t === 'notification' ? big.n : []);
    expect(back.filter((e) => e.t === 'status')).toHaveLength(1000);
    expect(back.filter((e) => e.t === 'delete').every((e) => e.t === 'delete' && e.ids.length <= IDS_PER_EVENT)).toBe(true);
    // A process skips what it sent itself: it delivered those already.
    expect(out.flatMap((m) => openEnvelope('me', m))).toEqual([]);
  });

  it('drops malformed messages and events instead of trusting them', () => {
    expect(openEnvelope('me', 'not json')).toEqual([]);
    expect(openEnvelope('me', JSON.stringify({ from: 'x', events: [{ t: 'status', id: -1 }, { t: 'status', id: '5' }, { t: 'nope' }, null, { t: 'status', id: 5 }] }))).toEqual([{ t: 'status', id: 5 }]);
    expect(parseEvent({ t: 'notification', n: [[1, 2], [3]] })).toBeNull();
    expect(parseEvent({ t: 'kill', tokens: [1, 2] })).toEqual({ t: 'kill', tokens: [1, 2] });
  });
});

describe.each(DIALECTS)('events after commit (%s)', (dialect) => {
  it('a transaction that rolls back publishes nothing; one that commits publishes once it has', async () => {
    const s = await testServer(dialect);
    const seen: StreamEvent[] = [];
    const bus = s.ctx.streaming.bus;
    const publish = bus.publish.bind(bus);
    bus.publish = (events) => {
      seen.push(...events);
      publish(events);
    };
    await expect(
      transaction(s.ctx, async (trx) => {
        publishAfterCommit(trx, { t: 'status', id: 1 });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(seen).toEqual([]);
    await transaction(s.ctx, async (trx) => {
      publishAfterCommit(trx, { t: 'status', id: 2 });
      expect(seen).toEqual([]);
    });
    expect(seen).toEqual([{ t: 'status', id: 2 }]);
    await s.close();
  });
});
