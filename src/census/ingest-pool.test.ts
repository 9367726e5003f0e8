import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { examineChunk } from './ingest.js';
import { IngestPool, lineChunks } from './ingest-pool.js';
import { generatePopulation } from './testing/population.js';

const NEXT_DAY = Date.parse('2012-12-21T00:00:00Z');

async function chunksOf(pieces: Buffer[], size: number): Promise<{ bytes: Buffer; offset: number }[]> {
  const out: { bytes: Buffer; offset: number }[] = [];
  for await (const c of lineChunks(Readable.from(pieces), size)) out.push({ bytes: Buffer.from(c.bytes), offset: c.offset });
  return out;
}

describe('lineChunks', () => {
  it('cuts only after a line end, loses and repeats nothing, and gives each chunk its offset', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom('a', 'é', '\n', '\r\n', '{}', '某某'), { maxLength: 200 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 17 }), async (parts, size, cut) => {
        const all = Buffer.from(parts.join(''));
        const pieces: Buffer[] = [];
        for (let i = 0; i < all.length; i += cut) pieces.push(all.subarray(i, i + cut));
        const chunks = await chunksOf(pieces, size);
        expect(Buffer.concat(chunks.map((c) => c.bytes))).toEqual(all);
        let at = 0;
        chunks.forEach((c, i) => {
          expect(c.offset).toBe(at);
          expect(c.bytes.length).toBeGreaterThan(0);
          if (i < chunks.length - 1) expect(c.bytes[c.bytes.length - 1]).toBe(10);
          at += c.bytes.length;
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('IngestPool', () => {
  it('starts its workers with the first chunk sent, not before', async () => {
    const pool = new IngestPool(1);
    try {
      expect(pool.started).toBe(false);
      expect(pool.hasRoom).toBe(true);
      const line = Buffer.from(JSON.stringify({ provider: 'a.example', id: '1', name: 'n', verified: true, created_at: '2011-01-01T00:00:00Z' }) + '\n');
      const chunk = await pool.examine(line, 0, true, NEXT_DAY, false);
      expect(pool.started).toBe(true);
      expect(chunk.count).toBe(1);
    } finally {
      await pool.close();
    }
  });

  it('a worker thread examines a chunk exactly as this thread does', async () => {
    const { inputs } = generatePopulation({ seed: 7, accounts: 600, inputs: 1, badLines: 30 });
    const text = Buffer.from('\ufeff' + inputs[0]!.join('\n') + '\n\n  \r\n' + JSON.stringify({ provider: 'a.example', id: 'x-1', name: 'n', verified: true, created_at: '2011-01-01T00:00:00Z' }));
    const pool = new IngestPool(2);
    try {
      for (const keepDetails of [false, true]) {
        const here = examineChunk(text, 1000, true, NEXT_DAY, keepDetails);
        // The worker gets its own copy: examine() hands the buffer's memory over.
        const there = await pool.examine(Buffer.from(text), 1000, true, NEXT_DAY, keepDetails);
        expect(there).toEqual(here);
        expect(here.count).toBeGreaterThan(500);
        expect(here.rejectedLine.length).toBe(30);
        expect(here.ids).toContain('x-1');
      }
    } finally {
      await pool.close();
    }
  });
});
