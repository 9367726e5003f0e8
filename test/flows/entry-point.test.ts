import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// `node bin/govblog.js …` as a service manager runs it, with whatever Node the
// machine has. These machines keep the end-of-life Node 20 as /usr/bin/node.
const OLD_NODE = process.env.GOVBLOG_OLD_NODE ?? '/usr/bin/node';
const oldMajor = existsSync(OLD_NODE) ? Number(execFileSync(OLD_NODE, ['-p', 'process.versions.node.split(".")[0]']).toString()) : NaN;
const haveOldNode = Number.isFinite(oldMajor) && oldMajor < 24;
const BIN = resolve('bin/govblog.js');
const dir = mkdtempSync(join(tmpdir(), 'govblog-entry-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!haveOldNode)(`bin/govblog.js started by an older Node (${OLD_NODE})`, () => {
  it('runs itself again under the project runtime: better-sqlite3 13 (which crashes Node 20) opens a database', () => {
    const db = join(dir, 'x.sqlite');
    const run = spawnSync(OLD_NODE, [BIN, 'admin', 'create-user', '--db', db, '--username', 'press', '--role', 'user'], {
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ username: 'press', role: 'user' });
  });

  it('passes usage errors and their exit code through', () => {
    const run = spawnSync(OLD_NODE, [BIN, 'frobnicate'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/unknown command 'frobnicate'/);
  });

  it('without the project runtime, one line says which Node is needed and how to get it, exit 2', () => {
    const bare = join(dir, 'bare');
    mkdirSync(join(bare, 'bin'), { recursive: true });
    copyFileSync(BIN, join(bare, 'bin', 'govblog.js'));
    writeFileSync(join(bare, 'package.json'), '{"type":"module"}');
    const run = spawnSync(OLD_NODE, [join(bare, 'bin', 'govblog.js'), 'demo'], { encoding: 'utf8', cwd: bare });
    expect(run.status).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/needs Node 24 or later \(this is v\d+/);
    expect(lines[0]).toMatch(/npm ci/);
  });
});
