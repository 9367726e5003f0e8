import { mkdtempSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLineAt } from './read-lines.js';

describe('readLineAt', () => {
  it('reads a line back at its offset, without its CRLF or LF, however long', async () => {
    const long = 'x'.repeat(200_000);
    const lines = ['{"a":"平安"}', '', '{"b":2}', '最后一行', long, 'end'];
    const endings = ['\r\n', '\n', '\n', '\n', '\r\n', ''];
    const path = join(mkdtempSync(join(tmpdir(), 'govblog-lines-')), 'x.jsonl');
    writeFileSync(path, lines.map((l, i) => l + endings[i]).join(''));
    const handle = await open(path, 'r');
    try {
      let offset = 0;
      for (let i = 0; i < lines.length; i++) {
        expect(await readLineAt(handle, offset)).toBe(lines[i]);
        offset += Buffer.byteLength(lines[i]! + endings[i]);
      }
    } finally {
      await handle.close();
    }
  });
});
