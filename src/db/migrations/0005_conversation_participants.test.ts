import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../app/clock.js';
import { DIALECTS } from '../../../test/dialects.js';
import { citizen } from '../../../test/factories.js';
import { type TestServer, testServer } from '../../../test/http.js';
import { migrator } from '../../../test/migrator.js';

/**
 * Before 0005 a conversation was its thread: everyone who sent a direct reply
 * under one post was a member of the same one. The migration rebuilds
 * conversations from the direct statuses, by participants.
 */
describe.each(DIALECTS)('migration 0005_conversation_participants (%s)', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer(dialect, {}, fixedClock('2012-12-01T08:00:00Z'));
  });
  afterAll(async () => {
    await s?.close();
  });

  it('splits stored conversations that mixed citizens, keeping what each had read or removed', async () => {
    const organ = await citizen(s, 'organ_mig');
    const zhang = await citizen(s, 'zhang_mig');
    const li = await citizen(s, 'li_mig');
    const wu = await citizen(s, 'wu_mig');
    const post = async (token: string, body: Record<string, unknown>) => (await s.call('POST', '/api/v1/statuses', { token, body })).json.id as string;
    const notice = await post(organ.token, { status: '停电通知' });
    const fromZhang = await post(zhang.token, { status: '@organ_mig 我家停电三天了', visibility: 'direct', in_reply_to_id: notice });
    const fromLi = await post(li.token, { status: '@organ_mig 我的电话 138…', visibility: 'direct', in_reply_to_id: notice });
    const fromWu = await post(wu.token, { status: '@organ_mig 还有我', visibility: 'direct', in_reply_to_id: notice });

    // Back to the old layout, and the rows as the old code wrote them: one conversation, the thread's, for all four.
    const m = await migrator(s.ctx.db);
    expect((await m.migrateTo('0003_feed_status_index')).error).toBeUndefined();
    const db = s.ctx.db as Kysely<any>;
    await db.deleteFrom('conversation_members').execute();
    const thread = Number(notice);
    await db
      .insertInto('conversation_members')
      .values([
        { conversation_id: thread, account_id: Number(organ.id), last_status_id: Number(fromWu), unread: 1 },
        { conversation_id: thread, account_id: Number(zhang.id), last_status_id: Number(fromWu), unread: 0 },
        { conversation_id: thread, account_id: Number(li.id), last_status_id: Number(fromWu), unread: 1 },
        // Wu had removed the conversation.
      ])
      .execute();
    expect((await m.migrateToLatest()).error).toBeUndefined();

    const list = async (token: string) =>
      ((await s.call('GET', '/api/v1/conversations', { token })).json as { accounts: { id: string }[]; last_status: { id: string }; unread: boolean }[]).map((c) => [
        c.accounts.map((a) => a.id),
        c.last_status.id,
        c.unread,
      ]);
    expect(await list(zhang.token)).toEqual([[[organ.id], fromZhang, false]]);
    expect(await list(li.token)).toEqual([[[organ.id], fromLi, false]]);
    expect(await list(wu.token)).toEqual([]);
    expect(await list(organ.token)).toEqual([
      [[wu.id], fromWu, true],
      [[li.id], fromLi, true],
      [[zhang.id], fromZhang, true],
    ]);
  });
});
