import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditCodeFor, institutionApplication } from '../factories.js';
import { type Peer, eventually, startPeer } from '../peers.js';

/**
 * Two real providers on this machine, one on SQLite and one on PostgreSQL,
 * federating as CONTRACT.md §1 says; everything goes through their public
 * APIs and their inboxes, as a citizen's app and another server would.
 * `home` is the organ's provider, `away` the citizen's.
 */
describe('two providers federate', () => {
  let home: Peer;
  let away: Peer;
  let organ: { id: string; token: string; handle: string; username: string };
  let citizen: { id: string; token: string; handle: string; username: string };
  /** The organ as `away` knows it, once resolved. */
  let remoteOrgan: { id: string };

  beforeAll(async () => {
    [home, away] = await Promise.all([startPeer('sqlite', { name: 'home' }), startPeer('postgres', { name: 'away' })]);
    const reviewer = await home.user('reviewer', 'reviewer');
    organ = await home.user('shfabu');
    const applied = await home.call('POST', '/api/v1/gov/verifications', { token: organ.token, body: institutionApplication({ organ_name: '上海市人民政府新闻办公室', level: 'provincial', region_code: '310000', credit_code: creditCodeFor('310000'), public_security: false, verification: '上海市人民政府新闻办公室官方微博' }) });
    expect(applied.status).toBe(201);
    expect((await home.call('POST', `/api/v1/gov/verifications/${applied.json.id}/approve`, { token: reviewer.token, body: {} })).status).toBe(200);
    citizen = await away.user('zhang');
  }, 90_000);
  afterAll(async () => {
    await Promise.all([home?.stop(), away?.stop()]);
  });

  it('refuses an unsigned or forged activity at the inbox and keeps nothing of it', async () => {
    const note = {
      '@context': 'https://www.w3.org/ns/activitystreams',
      id: `${away.url}/forged/1`,
      type: 'Create',
      actor: `${away.url}/users/zhang`,
      object: { id: `${away.url}/forged/note/1`, type: 'Note', attributedTo: `${away.url}/users/zhang`, content: '伪造的消息', to: ['https://www.w3.org/ns/activitystreams#Public'] },
    };
    const unsigned = await fetch(`${home.url}/users/${organ.username}/inbox`, { method: 'POST', headers: { 'content-type': 'application/activity+json' }, body: JSON.stringify(note) });
    expect(unsigned.status).toBe(401);
    const forged = await fetch(`${home.url}/inbox`, {
      method: 'POST',
      headers: {
        'content-type': 'application/activity+json',
        date: new Date().toUTCString(),
        signature: `keyId="${away.url}/users/zhang#main-key",algorithm="rsa-sha256",headers="(request-target) host date",signature="${Buffer.from('not a signature').toString('base64')}"`,
      },
      body: JSON.stringify(note),
    });
    expect(forged.status).toBe(401);
    const found = await home.call('GET', `/api/v2/search?q=${encodeURIComponent('伪造的消息')}&type=statuses`, { token: organ.token });
    expect(found.json.statuses ?? []).toEqual([]);
    expect((await home.call('GET', `/api/v1/accounts/lookup?acct=${encodeURIComponent(`zhang@${away.host}`)}`)).status).toBe(404);
  });

  it('finds a remote organ by its handle, with its government profile as its home provider states it', async () => {
    const found = await away.call('GET', `/api/v2/search?q=${encodeURIComponent(`@${organ.handle}`)}&resolve=true&type=accounts`, { token: citizen.token });
    expect(found.status).toBe(200);
    const account = found.json.accounts[0];
    expect(account.acct).toBe(organ.handle);
    expect(account.gov?.kind).toBe('institutional');
    expect(account.gov?.organ_name).toBe('上海市人民政府新闻办公室');
    remoteOrgan = { id: account.id };
    // Found once, it is known by its acct too.
    expect((await away.call('GET', `/api/v1/accounts/lookup?acct=${encodeURIComponent(organ.handle)}`)).json.id).toBe(account.id);
  });

  it('follows it, and the organ counts a follower at home', async () => {
    const r = await away.call('POST', `/api/v1/accounts/${remoteOrgan.id}/follow`, { token: citizen.token });
    expect(r.status).toBe(200);
    await eventually('the Accept', async () => {
      const rel = await away.call('GET', `/api/v1/accounts/relationships?id[]=${remoteOrgan.id}`, { token: citizen.token });
      return rel.json[0]?.following === true ? true : undefined;
    });
    await eventually('the follower at home', async () => {
      const me = await home.call('GET', '/api/v1/accounts/verify_credentials', { token: organ.token });
      return me.json.followers_count === 1 ? true : undefined;
    });
  });

  let awayStatusId: string;
  let homeStatusId: string;
  it("puts the organ's post in the citizen's home timeline", async () => {
    const posted = await home.call('POST', '/api/v1/statuses', { token: organ.token, body: { status: '【提示】明日起#地铁2号线#调整运营时间', visibility: 'public' } });
    expect(posted.status).toBe(200);
    homeStatusId = posted.json.id;
    const arrived = await eventually('the post at home of the follower', async () => {
      const tl = await away.call('GET', '/api/v1/timelines/home', { token: citizen.token });
      return (tl.json as any[]).find((s) => s.account.acct === organ.handle && s.content.includes('调整运营时间'));
    });
    awayStatusId = arrived.id;
    expect(arrived.uri).toBe(posted.json.uri);
    expect(arrived.tags.map((t: { name: string }) => t.name)).toContain('地铁2号线');
  });

  it('carries a reply back to the organ as a mention, and a favourite as a count at home', async () => {
    const reply = await away.call('POST', '/api/v1/statuses', { token: citizen.token, body: { status: `@${organ.handle} 请问周末也调整吗？`, in_reply_to_id: awayStatusId } });
    expect(reply.status).toBe(200);
    await eventually('the mention at home', async () => {
      const n = await home.call('GET', '/api/v1/notifications?types[]=mention', { token: organ.token });
      return (n.json as any[]).find((x) => x.account.acct === `zhang@${away.host}` && x.status.content.includes('周末')) ? true : undefined;
    });
    expect((await away.call('POST', `/api/v1/statuses/${awayStatusId}/favourite`, { token: citizen.token })).status).toBe(200);
    await eventually('the favourite and the reply counted at home', async () => {
      const s = await home.call('GET', `/api/v1/statuses/${homeStatusId}`);
      return s.json.favourites_count === 1 && s.json.replies_count === 1 ? true : undefined;
    });
  });

  it("shows the organ's profile change on the other server", async () => {
    expect((await home.call('PATCH', '/api/v1/accounts/update_credentials', { token: organ.token, body: { note: '上海市人民政府新闻办公室官方账号' } })).status).toBe(200);
    await eventually('the Update of the actor', async () => {
      const a = await away.call('GET', `/api/v1/accounts/${remoteOrgan.id}`);
      return a.json.note.includes('官方账号') ? true : undefined;
    });
  });

  it('loses no activity when the receiving provider is killed during delivery', async () => {
    await away.crash();
    const posted = await home.call('POST', '/api/v1/statuses', { token: organ.token, body: { status: '停机期间发布的通知' } });
    expect(posted.status).toBe(200);
    await away.restart();
    await eventually(
      'the post sent while the receiver was down',
      async () => {
        const tl = await away.call('GET', '/api/v1/timelines/home', { token: citizen.token });
        return (tl.json as any[]).find((s) => s.content.includes('停机期间')) ? true : undefined;
      },
      // The failed delivery's first retry comes 30 to 60 s later (OUTBOX_RETRY), counted from before the restart.
      90_000,
    );
  }, 120_000);

  it('loses no activity when the sending provider is killed right after the post', async () => {
    const posted = await home.call('POST', '/api/v1/statuses', { token: organ.token, body: { status: '发出后即停机' } });
    expect(posted.status).toBe(200);
    await home.crash();
    await home.restart();
    await eventually(
      'the post queued before the crash',
      async () => {
        const tl = await away.call('GET', '/api/v1/timelines/home', { token: citizen.token });
        return (tl.json as any[]).find((s) => s.content.includes('发出后即停机')) ? true : undefined;
      },
      // A job the killed sender had claimed comes back when its lease (3 s here, test/peers.ts) runs out.
      30_000,
    );
  }, 90_000);

  it('takes a deleted post away on the other server', async () => {
    expect((await home.call('DELETE', `/api/v1/statuses/${homeStatusId}`, { token: organ.token })).status).toBe(200);
    await eventually('the Delete', async () => ((await away.call('GET', `/api/v1/statuses/${awayStatusId}`, { token: citizen.token })).status === 404 ? true : undefined));
  });

  it('unfollows, and the organ counts one follower fewer at home', async () => {
    expect((await away.call('POST', `/api/v1/accounts/${remoteOrgan.id}/unfollow`, { token: citizen.token })).status).toBe(200);
    await eventually('the Undo at home', async () => {
      const me = await home.call('GET', '/api/v1/accounts/verify_credentials', { token: organ.token });
      return me.json.followers_count === 0 ? true : undefined;
    });
  });
});
