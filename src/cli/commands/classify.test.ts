import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { Command } from 'commander';
import { describe, it, expect } from 'vitest';
import { registerClassify, runClassify } from './classify.js';

function capture() {
  let text = '';
  return { stderr: { write: (s: string) => (text += s) }, text: () => text };
}

const record = (patch: Record<string, unknown> = {}) =>
  JSON.stringify({
    provider: 'weibo.example',
    id: '1',
    name: '平安西安',
    verified: true,
    verification: '西安市公安局官方微博',
    created_at: '2012-03-01T00:00:00Z',
    closed_at: null,
    labels: null,
    ...patch,
  });

function workdir(): string {
  return mkdtempSync(join(tmpdir(), 'govblog-classify-'));
}

describe('govblog classify', () => {
  it('is a usage error (2) without --input', async () => {
    const io = capture();
    expect(await runClassify({}, io)).toBe(2);
    expect(io.text()).toMatch(/--input/);
  });

  it('is an I/O failure (1) when the input is missing, in one line naming the file', async () => {
    const io = capture();
    expect(await runClassify({ input: '/nonexistent/accounts.jsonl', out: join(workdir(), 'o.jsonl') }, io)).toBe(1);
    const lines = io.text().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/\/nonexistent\/accounts\.jsonl/);
  });

  it('is an I/O failure (1) when the output cannot be written', async () => {
    const dir = workdir();
    writeFileSync(join(dir, 'in.jsonl'), record() + '\n');
    const io = capture();
    expect(await runClassify({ input: join(dir, 'in.jsonl'), out: join(dir, 'no/such/dir/out.jsonl') }, io)).toBe(1);
    expect(io.text()).toMatch(/cannot write .*out\.jsonl/);
  });

  it('reports bad lines with their numbers, skips them and exits 0', async () => {
    const dir = workdir();
    const input = join(dir, 'in.jsonl');
    const out = join(dir, 'out.jsonl');
    writeFileSync(
      input,
      [
        record({ id: '1' }),
        'not json',
        '',
        record({ id: '3', name: undefined }),
        record({ id: '4', created_at: '2012-03-01' }),
        record({ id: '5', labels: { level: 'city' } }),
        record({ id: '6', name: '人民日报', verification: '人民日报法人微博' }),
      ].join('\n') + '\n',
    );
    const io = capture();
    expect(await runClassify({ input, out }, io)).toBe(0);
    const err = io.text().trim().split('\n');
    expect(err).toEqual([
      expect.stringMatching(new RegExp(`^${input}:2: json: not valid JSON`)),
      `${input}:4: name: missing`,
      `${input}:5: created_at: not an RFC 3339 timestamp`,
      expect.stringMatching(new RegExp(`^${input}:6: labels\\.level: "city" is not one of`)),
      'classify: classified 2, rejected 4',
    ]);
    const written = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(written.map((r) => r.id)).toEqual(['1', '6']);
    expect(written[0].labels).toMatchObject({ government: true, kind: 'institutional', organ: 'government', public_security: true, level: 'prefectural', rank: null, province: '61', uncertain: [] });
    expect(written[1].labels.government).toBe(false);
  });

  it('keeps complete labels as given, fills partial ones, and keeps unknown fields', async () => {
    const dir = workdir();
    const input = join(dir, 'in.jsonl');
    const out = join(dir, 'out.jsonl');
    const given = { government: false, kind: null, organ: null, public_security: false, level: null, rank: null, province: null };
    writeFileSync(input, [record({ id: 'a', labels: given, extra: 7 }), record({ id: 'b', labels: { province: '11' } })].join('\n'));
    expect(await runClassify({ input, out }, capture())).toBe(0);
    const [a, b] = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(a.labels).toEqual(given);
    expect(a.extra).toBe(7);
    expect(b.labels).toMatchObject({ government: true, public_security: true, province: '11', level: 'prefectural' });
  });

  it('streams stdin to stdout, waiting when the output pushes back', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => record({ id: String(i) }));
    const stdin = Readable.from([lines.join('\n')]);
    const chunks: Buffer[] = [];
    // A slow consumer with a tiny buffer: the writer must honour backpressure.
    const stdout = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _enc, cb) {
        chunks.push(chunk);
        setImmediate(cb);
      },
    });
    const io = capture();
    expect(await runClassify({ input: '-', out: '-' }, { ...io, stdin, stdout })).toBe(0);
    const out = Buffer.concat(chunks).toString('utf8').trim().split('\n');
    expect(out).toHaveLength(5000);
    expect(JSON.parse(out[4999]!).id).toBe('4999');
    expect(io.text()).toBe('classify: classified 5000, rejected 0\n');
  });

  it('is an I/O failure (1) when stdout breaks', async () => {
    const stdin = new PassThrough();
    stdin.end(record() + '\n');
    const stdout = new Writable({
      write(_chunk, _enc, cb) {
        cb(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    const io = capture();
    expect(await runClassify({ input: '-', out: '-' }, { ...io, stdin, stdout })).toBe(1);
    expect(io.text()).toMatch(/cannot write stdout: EPIPE/);
  });

  it('reads a plain list with --names: a name a line, or name<TAB>verification', async () => {
    const dir = workdir();
    const input = join(dir, 'names.txt');
    const out = join(dir, 'out.jsonl');
    writeFileSync(input, ['平安北京', '', '张三\t某某县副县长', '  人民日报  ', '{"looks":"like json"}'].join('\n') + '\n');
    const io = capture();
    expect(await runClassify({ input, out, names: true }, io)).toBe(0);
    expect(io.text()).toBe('classify: classified 4, rejected 0\n');
    const written = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(written.map((r) => [r.name, r.verification])).toEqual([
      ['平安北京', null],
      ['张三', '某某县副县长'],
      ['人民日报', null],
      ['{"looks":"like json"}', null],
    ]);
    expect(written[0].labels).toMatchObject({ government: true, kind: 'institutional', public_security: true, level: 'provincial', province: '11' });
    expect(written[1].labels).toMatchObject({ government: true, kind: 'individual', level: 'county', rank: 'division', province: null });
    expect(written[2].labels.government).toBe(false);
  });

  it('registers the command with commander', () => {
    const program = new Command();
    registerClassify(program);
    const cmd = program.commands.find((c) => c.name() === 'classify');
    expect(cmd?.options.map((o) => o.long)).toEqual(['--input', '--names', '--out']);
  });
});
