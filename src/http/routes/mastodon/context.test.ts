import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../app/clock.js';
import type { Insertable } from 'kysely';
import type { StatusesTable } from '../../../statuses/statuses.table.js';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen } from '../../../../test/factories.js';
import { type TestServer, testServer } from '../../../../test/http.js';

type Ctx = { ancestors: { id: string }[]; descendants: { id: string }[] };

/** GET /api/v1/statuses/:id/context, bounded as Mastodon bounds it: 4,096 either way signed in; 40 ancestors, 60 descendants 20 deep for anonymous readers. */
describe.each(DIALECTS)('thread context (%s)', (dialect) => {
  let s: TestServer;
  let organ: Awaited<ReturnType<typeof citizen>>;
  let reader: Awaited<ReturnType<typeof citizen>>;

  beforeAll(async () => {
    s = await testServer(dialect, {}, fixedClock('2012-12-01T08:00:00Z'));
    organ = await citizen(s, 'organ_ctx');
    reader = await citizen(s, 'reader_ctx');
  });
  afterAll(async () => {
    await s?.close();
  });

  const post = async (token: string, body: Record<string, unknown>) => {
    const r = await s.call('POST', '/api/v1/statuses', { token, body });
    expect(r.status).toBe(200);
    return r.json.id as string;
  };
  const context = async (id: string, token?: string) => {
    const r = await s.call('GET', `/api/v1/statuses/${id}/context`, token ? { token } : {});
    expect(r.status).toBe(200);
    return { ...(r.json as Ctx), bytes: r.body.length };
  };
  const ids = (list: { id: string }[]) => list.map((x) => x.id);

  /** Replies written straight to the table: fast enough for threads of tens of thousands. */
  function reply(parent: { id: number; conversation: number }, text: string): Insertable<StatusesTable> {
    return {
      account_id: Number(organ.id),
      operator_id: null,
      text,
      content: `<p>${text}</p>`,
      spoiler_text: '',
      visibility: 'public',
      language: null,
      in_reply_to_id: parent.id,
      in_reply_to_account_id: Number(organ.id),
      reblog_of_id: null,
      conversation_id: parent.conversation,
      application_name: null,
      fanned_out: 1,
      created_at: '2012-12-01T08:00:00.000Z',
      edited_at: null,
      deleted_at: null,
    };
  }

  it('orders descendants depth first and hides what the reader may not see', async () => {
    const root = await post(organ.token, { status: '公告' });
    const a = await post(reader.token, { status: '回复 a', in_reply_to_id: root });
    const b = await post(reader.token, { status: '回复 b', in_reply_to_id: root });
    const a1 = await post(organ.token, { status: '回复 a1', in_reply_to_id: a });
    const hidden = await post(reader.token, { status: '仅关注者', visibility: 'private', in_reply_to_id: b });
    expect(ids((await context(root)).descendants)).toEqual([a, a1, b]);
    expect(ids((await context(root, reader.token)).descendants)).toEqual([a, a1, b, hidden]);
    expect(ids((await context(a1)).ancestors)).toEqual([root, a]);
  });

  it('a 20,000-reply thread: a late reply has its ancestors, and the context stays bounded, smaller for anonymous readers', async () => {
    const root = Number(await post(organ.token, { status: '征求意见：两万条回复' }));
    const top = { id: root, conversation: root };
    for (let i = 0; i < 20_000; i += 1000) {
      await s.ctx.db
        .insertInto('statuses')
        .values(Array.from({ length: 1000 }, (_, j) => reply(top, `意见 ${i + j}`)))
        .execute();
    }
    const last = await s.ctx.db.selectFrom('statuses').select('id').where('in_reply_to_id', '=', root).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    const late = await post(reader.token, { status: '回复第两万条', in_reply_to_id: String(last.id) });

    for (const token of [undefined, reader.token]) {
      expect(ids((await context(late, token)).ancestors)).toEqual([String(root), String(last.id)]);
    }
    const anonymous = await context(String(root));
    expect(anonymous.ancestors).toEqual([]);
    expect(anonymous.descendants).toHaveLength(60);
    expect(anonymous.bytes).toBeLessThan(200_000);
    const signedIn = await context(String(root), reader.token);
    expect(signedIn.descendants).toHaveLength(4096);
    expect(new Set(ids(signedIn.descendants)).size).toBe(4096);
  });

  it('a 50-deep chain: anonymous readers get the nearest 40 ancestors and descendants 20 deep, signed-in readers all of them', async () => {
    const root = Number(await post(organ.token, { status: '一条长链' }));
    const chain: number[] = [root];
    for (let i = 1; i <= 50; i++) {
      const row = await s.ctx.db
        .insertInto('statuses')
        .values(reply({ id: chain[i - 1] as number, conversation: root }, `第 ${i} 层`))
        .returning('id')
        .executeTakeFirstOrThrow();
      chain.push(Number(row.id));
    }
    const asText = (xs: number[]) => xs.map(String);
    const deepest = String(chain[50]);
    expect(ids((await context(deepest)).ancestors)).toEqual(asText(chain.slice(10, 50)));
    expect(ids((await context(deepest, reader.token)).ancestors)).toEqual(asText(chain.slice(0, 50)));
    expect(ids((await context(String(root))).descendants)).toEqual(asText(chain.slice(1, 21)));
    expect(ids((await context(String(root), reader.token)).descendants)).toEqual(asText(chain.slice(1)));
  });
});
