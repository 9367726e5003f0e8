import { mkdtempSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readLineAt, scanLines } from './read-lines.js';

async function scan(chunks: Buffer[]): Promise<[string, number, number][]> {
  const out: [string, number, number][] = [];
  await scanLines(Readable.from(chunks), (t, l, o) => out.push([t, l, o]));
  return out;
}

describe('scanLines', () => {
  const text = '\ufeff{"a":"平安"}\r\n\n{"b":2}\n最后一行';
  const bytes = Buffer.from(text, 'utf8');
  const expected: [string, number, number][] = [
    ['{"a":"平安"}', 1, 3],
    ['', 2, 3 + Buffer.byteLength('{"a":"平安"}\r\n')],
    ['{"b":2}', 3, 3 + Buffer.byteLength('{"a":"平安"}\r\n\n')],
    ['最后一行', 4, 3 + Buffer.byteLength('{"a":"平安"}\r\n\n{"b":2}\n')],
  ];

  it('numbers lines, strips CRLF and the BOM, and gives byte offsets, however the bytes are chunked', async () => {
    expect(await scan([bytes])).toEqual(expected);
    for (let size = 1; size <= 7; size++) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
      expect(await scan(chunks), `chunks of ${size}`).toEqual(expected);
    }
  });

  it('reads a line back at its offset', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'govblog-lines-')), 'x.jsonl');
    const long = 'x'.repeat(200_000);
    writeFileSync(path, Buffer.concat([bytes, Buffer.from(`\n${long}\r\nend`)]));
    const lines = await scan([Buffer.concat([bytes, Buffer.from(`\n${long}\r\nend`)])]);
    const handle = await open(path, 'r');
    try {
      for (const [t, , offset] of lines) expect(await readLineAt(handle, offset)).toBe(t);
      expect(lines.map(([t]) => t.length).at(-2)).toBe(200_000);
    } finally {
      await handle.close();
    }
  });
});
