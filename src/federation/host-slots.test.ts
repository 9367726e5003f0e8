import { describe, expect, it } from 'vitest';
import { HostSlots, hostSlotLimit } from './host-slots.js';

describe('per-server delivery slots', () => {
  it('gives a server at most half the slots, at least one', () => {
    expect([1, 2, 4, 5, 16].map(hostSlotLimit)).toEqual([1, 1, 2, 2, 8]);
  });

  it('turns away a server past its share while others still get slots, and frees them on release', () => {
    let now = 0;
    const slots = new HostSlots(2, () => now);
    const a1 = slots.take('slow.example');
    const a2 = slots.take('slow.example');
    expect('release' in a1 && 'release' in a2).toBe(true);
    expect(slots.take('slow.example')).toHaveProperty('waitMs');
    expect(slots.take('fast.example')).toHaveProperty('release');
    now = 2000;
    if ('release' in a1) a1.release();
    if ('release' in a1) a1.release(); // twice: counted once
    expect(slots.running('slow.example')).toBe(1);
    expect(slots.take('slow.example')).toHaveProperty('release');
  });

  it("spreads the deliveries it turns away over the server's own pace", () => {
    let now = 0;
    const slots = new HostSlots(2, () => now);
    const held = [slots.take('slow.example'), slots.take('slow.example')];
    now = 2000;
    for (const h of held) if ('release' in h) h.release();
    // Timed twice at 2000 ms from a first guess of 1000 (moving average: 1200, then 1360), two at once: a slot every 680 ms.
    const again = [slots.take('slow.example'), slots.take('slow.example')];
    const waits = [1, 2, 3, 4].map(() => (slots.take('slow.example') as { waitMs: number }).waitMs);
    expect(waits).toEqual([680, 1360, 2040, 2720]);
    for (const h of again) if ('release' in h) h.release();
  });
});
