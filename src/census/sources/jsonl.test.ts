import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it, expect } from 'vitest';
import { linesOf, readLines } from './jsonl.js';

async function collect(it: AsyncIterable<{ line: number; text: string }>) {
  const out: [number, string][] = [];
  for await (const l of it) out.push([l.line, l.text]);
  return out;
}

describe('readLines', () => {
  it('fails on a missing file, naming it', async () => {
    await expect(collect(readLines('/nonexistent/accounts.jsonl'))).rejects.toThrow(/ENOENT.*accounts\.jsonl/);
  });

  it('numbers lines from 1, strips CRLF and a BOM, keeps a last line without newline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'govblog-jsonl-'));
    const file = join(dir, 'a.jsonl');
    writeFileSync(file, '\uFEFF{"a":1}\r\n\n{"b":"中文"}\nlast');
    expect(await collect(readLines(file))).toEqual([
      [1, '{"a":1}'],
      [2, ''],
      [3, '{"b":"中文"}'],
      [4, 'last'],
    ]);
  });

  it('joins lines and multi-byte characters split across chunks', async () => {
    const bytes = Buffer.from('平安北京\n朝阳群众\n');
    const chunks = [...bytes].map((b) => Buffer.from([b]));
    expect(await collect(linesOf(Readable.from(chunks)))).toEqual([
      [1, '平安北京'],
      [2, '朝阳群众'],
    ]);
  });
});
