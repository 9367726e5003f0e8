import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../app/clock.js';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen } from '../../../../test/factories.js';
import { type TestServer, testServer } from '../../../../test/http.js';

type Conversation = { id: string; unread: boolean; accounts: { id: string }[]; last_status: { id: string; account: { id: string } } | null };

describe.each(DIALECTS)('direct conversations (%s)', (dialect) => {
  let s: TestServer;
  const clock = fixedClock('2012-12-01T08:00:00Z');

  beforeAll(async () => {
    s = await testServer(dialect, {}, clock);
  });
  afterAll(async () => {
    await s?.close();
  });

  const post = async (token: string, body: Record<string, unknown>) => {
    const r = await s.call('POST', '/api/v1/statuses', { token, body });
    expect(r.status).toBe(200);
    return r.json as { id: string };
  };
  const conversations = async (token: string): Promise<Conversation[]> => {
    const r = await s.call('GET', '/api/v1/conversations', { token });
    expect(r.status).toBe(200);
    return r.json;
  };
  /** Every account a reader can find in their conversations, as `a<id>`, and every status, as `s<id>`. */
  const seen = (list: Conversation[]) =>
    list.flatMap((c) => [...c.accounts.map((a) => `a${a.id}`), ...(c.last_status ? [`s${c.last_status.id}`, `a${c.last_status.account.id}`] : [])]);

  it('401 without a token', async () => {
    expect((await s.call('GET', '/api/v1/conversations')).status).toBe(401);
  });

  it('two citizens who each message the organ under the same public notice get separate conversations and never see each other', async () => {
    const organ = await citizen(s, 'organ_conv');
    const zhang = await citizen(s, 'zhang_conv');
    const li = await citizen(s, 'li_conv');
    const notice = await post(organ.token, { status: '停水通知：明日 8 时至 18 时' });
    const fromZhang = await post(zhang.token, { status: '@organ_conv 我家地址是…', visibility: 'direct', in_reply_to_id: notice.id });
    const fromLi = await post(li.token, { status: '@organ_conv 我的电话是…', visibility: 'direct', in_reply_to_id: notice.id });

    const zhangs = await conversations(zhang.token);
    expect(zhangs).toHaveLength(1);
    expect(zhangs[0]?.accounts.map((a) => a.id)).toEqual([organ.id]);
    expect(zhangs[0]?.last_status?.id).toBe(fromZhang.id);
    expect(zhangs[0]?.unread).toBe(false);
    expect(seen(zhangs)).not.toContain(`a${li.id}`);
    expect(seen(zhangs)).not.toContain(`s${fromLi.id}`);

    const lis = await conversations(li.token);
    expect(lis).toHaveLength(1);
    expect(lis[0]?.accounts.map((a) => a.id)).toEqual([organ.id]);
    expect(lis[0]?.last_status?.id).toBe(fromLi.id);
    expect(seen(lis)).not.toContain(`a${zhang.id}`);
    expect(seen(lis)).not.toContain(`s${fromZhang.id}`);

    // The organ has one conversation with each, both unread.
    const organs = await conversations(organ.token);
    expect(organs.map((c) => [c.accounts.map((a) => a.id), c.last_status?.id, c.unread])).toEqual([
      [[li.id], fromLi.id, true],
      [[zhang.id], fromZhang.id, true],
    ]);

    // The organ answers Zhang: only Zhang's conversation moves and turns unread.
    const answer = await post(organ.token, { status: '@zhang_conv 已派人处理', visibility: 'direct', in_reply_to_id: fromZhang.id });
    const zhangsAfter = await conversations(zhang.token);
    expect(zhangsAfter.map((c) => [c.id, c.last_status?.id, c.unread])).toEqual([[zhangs[0]?.id, answer.id, true]]);
    const lisAfter = await conversations(li.token);
    expect(lisAfter.map((c) => [c.id, c.last_status?.id, c.unread])).toEqual([[lis[0]?.id, fromLi.id, false]]);
    expect(seen(lisAfter)).not.toContain(`s${answer.id}`);

    // Li reading or removing their conversation touches nobody else's.
    expect((await s.call('POST', `/api/v1/conversations/${zhangs[0]?.id}/read`, { token: li.token })).status).toBe(404);
    expect((await s.call('DELETE', `/api/v1/conversations/${zhangs[0]?.id}`, { token: li.token })).status).toBe(404);
    expect((await conversations(zhang.token))[0]?.unread).toBe(true);
    const read = await s.call('POST', `/api/v1/conversations/${zhangs[0]?.id}/read`, { token: zhang.token });
    expect([read.status, read.json.unread, read.json.last_status.id]).toEqual([200, false, answer.id]);
  });

  it('a stranger who sends a direct reply into the thread joins no one else’s conversation and gets no unread markers from it', async () => {
    const organ = await citizen(s, 'organ_conv2');
    const wang = await citizen(s, 'wang_conv2');
    const stranger = await citizen(s, 'stranger_conv2');
    const notice = await post(organ.token, { status: '征求意见：旧城改造方案' });
    const fromWang = await post(wang.token, { status: '@organ_conv2 我反对拆迁', visibility: 'direct', in_reply_to_id: notice.id });
    // Addressed to no one: its only participant is the stranger.
    const lone = await post(stranger.token, { status: '我也来说两句', visibility: 'direct', in_reply_to_id: notice.id });
    const strangers = await conversations(stranger.token);
    expect(strangers.map((c) => [c.accounts.map((a) => a.id), c.last_status?.id, c.unread])).toEqual([[[stranger.id], lone.id, false]]);
    expect(seen(strangers)).not.toContain(`a${wang.id}`);
    expect(seen(strangers)).not.toContain(`s${fromWang.id}`);
    expect(seen(strangers)).not.toContain(`a${organ.id}`);
    // Wang's and the organ's conversations are untouched by it.
    expect((await conversations(wang.token)).map((c) => [c.accounts.map((a) => a.id), c.last_status?.id, c.unread])).toEqual([[[organ.id], fromWang.id, false]]);
    expect((await conversations(organ.token)).map((c) => [c.accounts.map((a) => a.id), c.last_status?.id])).toEqual([[[wang.id], fromWang.id]]);

    // Addressed to the organ, the stranger's message opens a conversation of their own with it.
    const toOrgan = await post(stranger.token, { status: '@organ_conv2 我有材料', visibility: 'direct', in_reply_to_id: notice.id });
    expect((await conversations(wang.token)).map((c) => [c.last_status?.id, c.unread])).toEqual([[fromWang.id, false]]);
    const organs = await conversations(organ.token);
    expect(organs.map((c) => [c.accounts.map((a) => a.id), c.last_status?.id])).toEqual([
      [[stranger.id], toOrgan.id],
      [[wang.id], fromWang.id],
    ]);
  });

  it('a message to several people is one conversation for each of them, listing the others', async () => {
    const a = await citizen(s, 'grp_a');
    const b = await citizen(s, 'grp_b');
    const c = await citizen(s, 'grp_c');
    const dm = await post(a.token, { status: '@grp_b @grp_c 周末开会', visibility: 'direct' });
    for (const [who, others] of [
      [a, [b.id, c.id]],
      [b, [a.id, c.id]],
      [c, [a.id, b.id]],
    ] as const) {
      const list = await conversations(who.token);
      expect(list.map((x) => [x.accounts.map((y) => y.id).sort(), x.last_status?.id])).toEqual([[[...others].sort(), dm.id]]);
    }
    // B answers A alone: a new conversation between the two, the group one stays as it was.
    const aside = await post(b.token, { status: '@grp_a 我晚到', visibility: 'direct', in_reply_to_id: dm.id });
    expect((await conversations(c.token)).map((x) => x.last_status?.id)).toEqual([dm.id]);
    expect((await conversations(a.token)).map((x) => [x.accounts.map((y) => y.id).sort(), x.last_status?.id, x.unread])).toEqual([
      [[b.id], aside.id, true],
      [[b.id, c.id].sort(), dm.id, false],
    ]);
  });
});
