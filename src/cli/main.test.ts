import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshConnection } from '../../test/dialects.js';
import { DIALECTS } from '../../test/dialects.js';
import { type CliIO, main } from './main.js';

function capture(): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

const dir = mkdtempSync(join(tmpdir(), 'govblog-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('govblog usage errors', () => {
  it('an unknown command or flag is a usage error (exit 2) with one line naming it', async () => {
    const io = capture();
    expect(await main(['frobnicate'], io)).toBe(2);
    expect(io.stderr.join('\n')).toMatch(/unknown command 'frobnicate'/);
    const io2 = capture();
    expect(await main(['admin', 'pending', '--db', join(dir, 'x.sqlite'), '--bogus'], io2)).toBe(2);
    expect(io2.stderr.join('\n')).toMatch(/unknown option '--bogus'/);
  });

  it('a missing required flag names it', async () => {
    const io = capture();
    expect(await main(['admin', 'create-user', '--db', join(dir, 'x.sqlite'), '--role', 'user'], io)).toBe(2);
    expect(io.stderr.join('\n')).toMatch(/--username/);
  });

  it('serve reports every bad setting at once, naming flag and variable', async () => {
    const io = capture();
    expect(await main(['serve', '--port', 'abc', '--rate-limit', 'maybe', '--provider', 'not a host'], io)).toBe(2);
    const text = io.stderr.join('\n');
    expect(text).toMatch(/--port \(GOVBLOG_PORT\)/);
    expect(text).toMatch(/--rate-limit \(GOVBLOG_RATE_LIMIT\)/);
    expect(text).toMatch(/--provider \(GOVBLOG_PROVIDER\)/);
  });

  it('serve refuses several workers that would each keep their own rate limits, naming the way out', async () => {
    const io = capture();
    expect(await main(['serve', '--workers', '2', '--db', join(dir, 'w.sqlite')], io)).toBe(2);
    expect(io.stderr.join('\n')).toMatch(/--workers \(GOVBLOG_WORKERS\).*--redis \(GOVBLOG_REDIS\).*--rate-limit off/);
    const io2 = capture();
    expect(await main(['serve', '--workers', '0', '--redis', 'http://x'], io2)).toBe(2);
    expect(io2.stderr.join('\n')).toMatch(/--workers \(GOVBLOG_WORKERS\)/);
    expect(io2.stderr.join('\n')).toMatch(/--redis \(GOVBLOG_REDIS\): must be a redis:\/\/ URL/);
  });
});

describe.each(DIALECTS)('govblog admin (%s)', (dialect) => {
  async function dbArg(): Promise<string> {
    if (dialect === 'sqlite') return join(dir, `admin-${Math.random().toString(36).slice(2)}.sqlite`);
    // The CLI works in the URL's default schema; a fresh schema per test keeps runs apart.
    const { connection } = await freshConnection('postgres');
    const { rows } = await (await import('kysely')).sql<{ s: string }>`select current_schema() as s`.execute(connection.db);
    await connection.close();
    return `postgres://postgres@127.0.0.1:5432/test?options=-c%20search_path%3D${rows[0]?.s}`;
  }

  it('create-user prints one JSON line with a working token; a duplicate is refused naming the field', async () => {
    const db = await dbArg();
    const io = capture();
    expect(await main(['admin', 'create-user', '--db', db, '--username', 'reviewer1', '--role', 'reviewer'], io)).toBe(0);
    expect(io.stdout).toHaveLength(1);
    const created = JSON.parse(io.stdout[0] as string);
    expect(created).toMatchObject({ username: 'reviewer1', role: 'reviewer' });
    expect(created.access_token).toMatch(/^[A-Za-z0-9_-]{40,}$/);

    const dup = capture();
    expect(await main(['admin', 'create-user', '--db', db, '--username', 'Reviewer1', '--role', 'user'], dup)).toBe(1);
    expect(dup.stderr).toHaveLength(1);
    expect(dup.stderr[0]).toMatch(/--username/);

    const bad = capture();
    expect(await main(['admin', 'create-user', '--db', db, '--username', 'x', '--role', 'king'], bad)).toBe(2);
    expect(bad.stderr[0]).toMatch(/--role/);

    const tok = capture();
    expect(await main(['admin', 'token', '--db', db, '--username', 'reviewer1'], tok)).toBe(0);
    const minted = JSON.parse(tok.stdout[0] as string);
    expect(minted.id).toBe(created.id);
    expect(minted.access_token).not.toBe(created.access_token);

    const none = capture();
    expect(await main(['admin', 'token', '--db', db, '--username', 'nobody'], none)).toBe(1);
    expect(none.stderr[0]).toMatch(/--username: no account named "nobody"/);

    const pending = capture();
    expect(await main(['admin', 'pending', '--db', db], pending)).toBe(0);
    expect(pending.stdout).toEqual([]);
  });
});
