import { describe, expect, it } from 'vitest';
import { owned, ownedTexts } from './owned-buffer.js';

describe('owned buffers', () => {
  it('copies a slice of the shared pool into an ArrayBuffer of its size, and leaves a buffer that owns its memory alone', () => {
    const pooled = Buffer.from('政务公开');
    // What this guards against: a short Buffer.from is a window on a much larger shared block.
    expect(pooled.buffer.byteLength).toBeGreaterThan(pooled.length);
    const copy = owned(pooled);
    expect(copy.buffer.byteLength).toBe(12);
    expect(copy.toString()).toBe('政务公开');
    expect(owned(copy)).toBe(copy);
  });

  it('encodes texts into one ArrayBuffer exactly as long as they are together', () => {
    const [a, b, c] = ownedTexts(['{"id":"1",', '', '"content":"<p>今日</p>"}']);
    expect([a.toString(), b.toString(), c.toString()]).toEqual(['{"id":"1",', '', '"content":"<p>今日</p>"}']);
    expect(a.buffer).toBe(c.buffer);
    expect(a.buffer.byteLength).toBe(a.length + c.length);
  });
});
