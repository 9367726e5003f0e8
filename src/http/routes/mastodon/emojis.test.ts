import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliIO, main } from '../../../cli/main.js';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, staffUser } from '../../../../test/factories.js';
import { type TestServer, testServer } from '../../../../test/http.js';
import { SVG_FILE, animatedGif, pngImage } from '../../../../test/images.js';

describe.each(DIALECTS)('custom emojis (%s)', (dialect) => {
  let s: TestServer;
  let admin: { token: string; id: string };
  let reviewer: { token: string; id: string };
  let user: { token: string; id: string };

  beforeAll(async () => {
    s = await testServer(dialect);
    admin = await staffUser(s, 'admin');
    reviewer = await staffUser(s, 'reviewer');
    user = await citizen(s);
  });
  afterAll(async () => {
    await s?.close();
  });

  const upload = async (token: string | undefined, fields: Record<string, unknown>) =>
    s.call('POST', '/api/v1/admin/custom_emojis', { ...(token ? { token } : {}), multipart: fields as Record<string, string> });

  it('who may not add one: no token 401, a citizen 403, a reviewer 403; and none is listed', async () => {
    const image = { data: await pngImage(64, 64), name: 'a.png', type: 'image/png' };
    expect((await upload(undefined, { shortcode: 'guohui', image })).status).toBe(401);
    expect((await upload(user.token, { shortcode: 'guohui', image })).status).toBe(403);
    expect((await upload(reviewer.token, { shortcode: 'guohui', image })).status).toBe(403);
    expect((await s.call('GET', '/api/v1/admin/custom_emojis', { token: reviewer.token })).status).toBe(403);
    expect((await s.call('GET', '/api/v1/custom_emojis')).json).toEqual([]);
  });

  it('422 naming the field: a bad shortcode, an SVG, a file over 256 KB, a taken shortcode', async () => {
    const image = { data: await pngImage(64, 64), name: 'a.png', type: 'image/png' };
    const bad = await upload(admin.token, { shortcode: 'no spaces!', image });
    expect(bad.status).toBe(422);
    expect(bad.json.details).toHaveProperty('shortcode');
    const svg = await upload(admin.token, { shortcode: 'svg_one', image: { data: SVG_FILE, name: 'x.svg', type: 'image/svg+xml' } });
    expect(svg.status).toBe(422);
    expect(svg.json.details).toHaveProperty('image');
    const big = await upload(admin.token, { shortcode: 'big_one', image: { data: Buffer.concat([await pngImage(64, 64), Buffer.alloc(300 * 1024)]), name: 'b.png', type: 'image/png' } });
    expect(big.status).toBe(422);
    expect(big.json.details).toHaveProperty('image');
    expect((await upload(admin.token, { shortcode: 'dangqi', image })).status).toBe(200);
    const taken = await upload(admin.token, { shortcode: 'dangqi', image });
    expect(taken.status).toBe(422);
    expect(taken.json.details).toHaveProperty('shortcode');
  });

  it('an admin adds one (an animated one keeps a still); everyone lists it; statuses and names that write :shortcode: carry it in `emojis`', async () => {
    const made = await upload(admin.token, { shortcode: 'hongqi', category: '国家', image: { data: await animatedGif(200, 100), name: 'h.gif', type: 'image/gif' } });
    expect(made.status).toBe(200);
    expect(made.json).toMatchObject({ shortcode: 'hongqi', category: '国家', visible_in_picker: true, disabled: false });
    expect(made.json.url).not.toBe(made.json.static_url);
    const list = await s.call('GET', '/api/v1/custom_emojis');
    expect(list.json.map((e: { shortcode: string }) => e.shortcode)).toEqual(['dangqi', 'hongqi']);
    expect(list.json[1]).toEqual({ shortcode: 'hongqi', url: made.json.url, static_url: made.json.static_url, visible_in_picker: true, category: '国家' });

    const post = await s.call('POST', '/api/v1/statuses', { token: user.token, body: { status: '国庆快乐:hongqi: :nothere: 10:30:00' } });
    expect(post.status).toBe(200);
    expect(post.json.emojis).toEqual([list.json[1]]);
    const again = await s.call('GET', `/api/v1/statuses/${post.json.id}`);
    expect(again.json.emojis).toEqual([list.json[1]]);
    const timeline = await s.call('GET', `/api/v1/accounts/${user.id}/statuses`);
    expect(timeline.json[0].emojis).toEqual([list.json[1]]);

    await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: user.token, body: { display_name: '热心市民 :dangqi:' } });
    const me = await s.call('GET', `/api/v1/accounts/${user.id}`);
    expect(me.json.emojis.map((e: { shortcode: string }) => e.shortcode)).toEqual(['dangqi']);
  });

  it('disabled, it leaves the list and new texts; removed, it is gone; a citizen cannot do either', async () => {
    const all = await s.call('GET', '/api/v1/admin/custom_emojis', { token: admin.token });
    const hongqi = all.json.find((e: { shortcode: string }) => e.shortcode === 'hongqi');
    expect((await s.call('PATCH', `/api/v1/admin/custom_emojis/${hongqi.id}`, { token: user.token, body: { disabled: true } })).status).toBe(403);
    const off = await s.call('PATCH', `/api/v1/admin/custom_emojis/${hongqi.id}`, { token: admin.token, body: { disabled: true, category: '' } });
    expect(off.json).toMatchObject({ disabled: true, category: null });
    expect((await s.call('GET', '/api/v1/custom_emojis')).json.map((e: { shortcode: string }) => e.shortcode)).toEqual(['dangqi']);
    const post = await s.call('POST', '/api/v1/statuses', { token: user.token, body: { status: '再来:hongqi:' } });
    expect(post.json.emojis).toEqual([]);
    expect((await s.call('DELETE', `/api/v1/admin/custom_emojis/${hongqi.id}`, { token: reviewer.token })).status).toBe(403);
    expect((await s.call('DELETE', `/api/v1/admin/custom_emojis/${hongqi.id}`, { token: admin.token })).status).toBe(200);
    expect((await s.call('DELETE', `/api/v1/admin/custom_emojis/${hongqi.id}`, { token: admin.token })).status).toBe(404);
    expect((await s.call('PATCH', '/api/v1/admin/custom_emojis/999999', { token: admin.token, body: { disabled: false } })).status).toBe(404);
  });
});

describe('govblog admin emoji', () => {
  const dir = mkdtempSync(join(tmpdir(), 'govblog-emoji-cli-'));
  const saved = process.env.GOVBLOG_MEDIA_DIR;
  beforeAll(() => {
    process.env.GOVBLOG_MEDIA_DIR = join(dir, 'media');
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.GOVBLOG_MEDIA_DIR;
    else process.env.GOVBLOG_MEDIA_DIR = saved;
    rmSync(dir, { recursive: true, force: true });
  });
  const capture = (): CliIO & { stdout: string[]; stderr: string[] } => {
    const stdout: string[] = [];
    const stderr: string[] = [];
    return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
  };

  it('adds from a file, lists, refuses a taken shortcode naming it, removes', async () => {
    const db = join(dir, 'e.sqlite');
    const file = join(dir, 'flag.png');
    writeFileSync(file, await pngImage(96, 64));
    const io = capture();
    expect(await main(['admin', 'emoji', 'add', 'guoqi', file, '--db', db, '--category', '国家'], io)).toBe(0);
    expect(JSON.parse(io.stdout[0] as string)).toMatchObject({ shortcode: 'guoqi', category: '国家' });
    const taken = capture();
    expect(await main(['admin', 'emoji', 'add', 'guoqi', file, '--db', db], taken)).toBe(1);
    expect(taken.stderr.join('\n')).toMatch(/--shortcode: .*taken/);
    const missing = capture();
    expect(await main(['admin', 'emoji', 'add', 'other', join(dir, 'nope.png'), '--db', db], missing)).toBe(1);
    expect(missing.stderr.join('\n')).toMatch(/nope\.png: cannot read/);
    const list = capture();
    expect(await main(['admin', 'emoji', 'list', '--db', db], list)).toBe(0);
    expect(list.stdout).toHaveLength(1);
    const rm = capture();
    expect(await main(['admin', 'emoji', 'remove', 'guoqi', '--db', db], rm)).toBe(0);
    const after = capture();
    await main(['admin', 'emoji', 'list', '--db', db], after);
    expect(after.stdout).toHaveLength(0);
  });
});
