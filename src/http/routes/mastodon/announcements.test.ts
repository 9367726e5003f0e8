import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, staffUser } from '../../../../test/factories.js';
import { type TestServer, listeningServer } from '../../../../test/http.js';
import { pngImage } from '../../../../test/images.js';
import { openEventStream } from '../../../../test/streams.js';

describe.each(DIALECTS)('announcements (%s)', (dialect) => {
  let s: TestServer & { url: string };
  let admin: { token: string; id: string };
  let reviewer: { token: string; id: string };
  let reader: { token: string; id: string; username: string };
  let other: { token: string; id: string };

  beforeAll(async () => {
    s = await listeningServer(dialect);
    admin = await staffUser(s, 'admin');
    reviewer = await staffUser(s, 'reviewer');
    reader = await citizen(s);
    other = await citizen(s);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('who may not write one: nobody without a token (401), a citizen (403: no admin scope), a reviewer (403); nothing is written', async () => {
    const body = { text: '系统维护通知' };
    expect((await s.call('POST', '/api/v1/admin/announcements', { body })).status).toBe(401);
    expect((await s.call('POST', '/api/v1/admin/announcements', { token: reader.token, body })).status).toBe(403);
    const byReviewer = await s.call('POST', '/api/v1/admin/announcements', { token: reviewer.token, body });
    expect(byReviewer.status).toBe(403);
    expect((await s.call('GET', '/api/v1/admin/announcements', { token: reviewer.token })).status).toBe(403);
    expect((await s.call('GET', '/api/v1/admin/announcements', { token: admin.token })).json).toEqual([]);
  });

  it('an admin writes one; 422 naming the field for no text or an end before the start', async () => {
    const blank = await s.call('POST', '/api/v1/admin/announcements', { token: admin.token, body: { text: '  ' } });
    expect(blank.status).toBe(422);
    expect(blank.json.details).toHaveProperty('text');
    const backwards = await s.call('POST', '/api/v1/admin/announcements', { token: admin.token, body: { text: '通知', starts_at: '2030-01-02T00:00:00Z', ends_at: '2030-01-01T00:00:00Z' } });
    expect(backwards.status).toBe(422);
    expect(backwards.json.details).toHaveProperty('ends_at');
  });

  it('published at once, it reaches user streams; readers see it with read and reactions; dismiss; drafts and ended ones stay hidden', async () => {
    const stream = await openEventStream(s.url, '/api/v1/streaming/user', reader.token);
    expect(stream.res.status).toBe(200);
    try {
      const made = await s.call('POST', '/api/v1/admin/announcements', { token: admin.token, body: { text: `12月5日凌晨系统维护 #维护# @${reader.username}` } });
      expect(made.status).toBe(200);
      expect(made.json).toMatchObject({ published: true, text: expect.stringContaining('系统维护') });
      const heard = await stream.inbox.next((m) => m.event === 'announcement');
      expect(heard.payload).toMatchObject({ id: made.json.id, reactions: [] });
      expect(heard.payload).not.toHaveProperty('read');

      const draft = await s.call('POST', '/api/v1/admin/announcements', { token: admin.token, body: { text: '草稿', published: false } });
      await s.call('POST', '/api/v1/admin/announcements', { token: admin.token, body: { text: '已结束', starts_at: '2020-01-01T00:00:00Z', ends_at: '2020-01-02T00:00:00Z' } });
      expect((await s.call('GET', '/api/v1/announcements')).status).toBe(401);
      const list = await s.call('GET', '/api/v1/announcements', { token: reader.token });
      expect(list.json.map((a: { id: string }) => a.id)).toEqual([made.json.id]);
      expect(list.json[0]).toMatchObject({ read: false, tags: [{ name: '维护' }], mentions: [{ id: reader.id }], all_day: false });
      expect(list.json[0].content).toContain('hashtag');

      // Reactions: unicode, twice is once; another reader; a custom emoji; bad names refused.
      const id = made.json.id as string;
      expect((await s.call('PUT', `/api/v1/announcements/${id}/reactions/${encodeURIComponent('👍')}`, { token: reader.token })).status).toBe(200);
      await stream.inbox.next((m) => m.event === 'announcement.reaction');
      expect((await s.call('PUT', `/api/v1/announcements/${id}/reactions/${encodeURIComponent('👍')}`, { token: reader.token })).status).toBe(200);
      expect((await s.call('PUT', `/api/v1/announcements/${id}/reactions/${encodeURIComponent('👍')}`, { token: other.token })).status).toBe(200);
      const heardCount = await stream.inbox.next((m) => m.event === 'announcement.reaction' && m.payload.count === 2);
      expect(heardCount.payload).toEqual({ name: '👍', count: 2, announcement_id: id });
      const bad = await s.call('PUT', `/api/v1/announcements/${id}/reactions/hello`, { token: reader.token });
      expect(bad.status).toBe(422);
      expect(bad.json.details).toHaveProperty('name');
      expect((await s.call('PUT', `/api/v1/announcements/${draft.json.id}/reactions/${encodeURIComponent('👍')}`, { token: reader.token })).status).toBe(404);
      const emoji = await s.call('POST', '/api/v1/admin/custom_emojis', { token: admin.token, multipart: { shortcode: 'zhengwu', image: { data: await pngImage(64, 64), name: 'z.png', type: 'image/png' } } });
      expect(emoji.status).toBe(200);
      expect((await s.call('PUT', `/api/v1/announcements/${id}/reactions/zhengwu`, { token: other.token })).status).toBe(200);
      const seen = await s.call('GET', '/api/v1/announcements', { token: reader.token });
      expect(seen.json[0].reactions).toEqual([
        { name: '👍', count: 2, me: true },
        { name: 'zhengwu', count: 1, me: false, url: emoji.json.url, static_url: emoji.json.static_url },
      ]);
      expect((await s.call('DELETE', `/api/v1/announcements/${id}/reactions/${encodeURIComponent('👍')}`, { token: reader.token })).status).toBe(200);
      expect((await s.call('GET', '/api/v1/announcements', { token: reader.token })).json[0].reactions[0]).toEqual({ name: '👍', count: 1, me: false });

      // Dismissed: gone from the list, back with with_dismissed, marked read.
      expect((await s.call('POST', `/api/v1/announcements/${id}/dismiss`, { token: reader.token })).status).toBe(200);
      expect((await s.call('GET', '/api/v1/announcements', { token: reader.token })).json).toEqual([]);
      const all = await s.call('GET', '/api/v1/announcements?with_dismissed=true', { token: reader.token });
      expect(all.json[0]).toMatchObject({ id, read: true });
      expect((await s.call('GET', '/api/v1/announcements', { token: other.token })).json).toHaveLength(1);

      // A citizen cannot change or remove it; the admin unpublishes then removes it, and streams hear it go.
      expect((await s.call('PUT', `/api/v1/admin/announcements/${id}`, { token: reader.token, body: { text: 'x' } })).status).toBe(403);
      expect((await s.call('DELETE', `/api/v1/admin/announcements/${id}`, { token: reviewer.token })).status).toBe(403);
      const changed = await s.call('PUT', `/api/v1/admin/announcements/${id}`, { token: admin.token, body: { text: '维护推迟到12月6日', ends_at: '2099-12-06T00:00:00Z' } });
      expect(changed.json).toMatchObject({ text: '维护推迟到12月6日', ends_at: '2099-12-06T00:00:00.000Z' });
      const off = await s.call('PUT', `/api/v1/admin/announcements/${id}`, { token: admin.token, body: { published: false } });
      expect(off.json.published).toBe(false);
      await stream.inbox.next((m) => m.event === 'announcement.delete' && String(m.payload) === id);
      expect((await s.call('GET', '/api/v1/announcements', { token: other.token })).json).toEqual([]);
      expect((await s.call('DELETE', `/api/v1/admin/announcements/${id}`, { token: admin.token })).status).toBe(200);
      expect((await s.call('DELETE', `/api/v1/admin/announcements/${id}`, { token: admin.token })).status).toBe(404);
      const audit = await s.ctx.db.selectFrom('audit_log').select('action').where('subject_type', '=', 'announcement').execute();
      expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['announcement.create', 'announcement.update', 'announcement.delete']));
    } finally {
      stream.close();
    }
  });
});
