import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/dialects.js';
import { citizen } from '../../../test/factories.js';
import { type TestServer, testServer } from '../../../test/http.js';
import { migrator } from '../../../test/migrator.js';

/** 0029 adds due times (backfilled from creation and category), assignees and notification steps; down drops them, up fills due_at again. */
describe.each(DIALECTS)('migration 0029_request_inbox (%s)', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer(dialect);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('goes down to 0028 and up again, giving the requests that exist their due times as JavaScript spells them', async () => {
    const organ = await citizen(s);
    const asker = await citizen(s);
    const db = s.ctx.db as unknown as Kysely<any>;
    const down = await (await migrator(db)).migrateTo('0028_federation_speed');
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => r.migrationName)).toContain('0029_request_inbox');
    const base = { organ_account_id: Number(organ.id), citizen_account_id: Number(asker.id), text: '问', visibility: 'private', state: 'submitted', response: null, accepted_at: null, first_response_at: null, resolved_at: null, rating: null, rated_at: null };
    const made = '2024-02-28T23:30:00.123Z';
    await db
      .insertInto('service_requests')
      .values((['inquiry', 'help', 'complaint', 'report'] as const).map((category) => ({ ...base, category, created_at: made, updated_at: made })))
      .execute();
    await expect(db.selectFrom('service_requests').select('due_at').execute()).rejects.toThrow();
    const up = await (await migrator(db)).migrateToLatest();
    expect(up.error).toBeUndefined();
    const rows = await db.selectFrom('service_requests').select(['category', 'due_at', 'assignee_id']).orderBy('id').execute();
    expect(rows).toEqual([
      { category: 'inquiry', due_at: '2024-03-02T23:30:00.123Z', assignee_id: null },
      { category: 'help', due_at: '2024-03-01T23:30:00.123Z', assignee_id: null },
      { category: 'complaint', due_at: '2024-03-14T23:30:00.123Z', assignee_id: null },
      { category: 'report', due_at: '2024-03-14T23:30:00.123Z', assignee_id: null },
    ]);
    expect(await db.selectFrom('notifications').select('request_step').execute()).toEqual([]);
  });
});
