import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/dialects.js';
import { citizen, remoteAccount } from '../../../test/factories.js';
import { type TestServer, testServer } from '../../../test/http.js';
import { migrator } from '../../../test/migrator.js';

/** 0028 marks remote follows and indexes them and the jobs by kind; down drops both, up marks the follows that exist from their followers' domains. */
describe.each(DIALECTS)('migration 0028_federation_speed (%s)', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer(dialect, { federation: true, jobs: false });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('goes down to 0027 and up again, marking the follows of remote accounts', async () => {
    const organ = await citizen(s);
    const fan = await citizen(s);
    const far = await remoteAccount(s);
    const db = s.ctx.db as unknown as Kysely<any>;
    const down = await (await migrator(db)).migrateTo('0027_federation');
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => r.migrationName)).toContain('0028_federation_speed');
    const at = new Date().toISOString();
    // Follows as the code before 0028 wrote them: no mark.
    await db
      .insertInto('follows')
      .values([
        { account_id: Number(far.id), target_account_id: Number(organ.id), created_at: at },
        { account_id: Number(fan.id), target_account_id: Number(organ.id), created_at: at },
        { account_id: Number(fan.id), target_account_id: Number(far.id), created_at: at },
      ])
      .execute();
    await expect(db.selectFrom('follows').select('remote').execute()).rejects.toThrow();
    const up = await (await migrator(db)).migrateToLatest();
    expect(up.error).toBeUndefined();
    const rows = await db.selectFrom('follows').select(['account_id', 'target_account_id', 'remote']).orderBy('id').execute();
    expect(rows.map((r) => [Number(r.account_id), Number(r.target_account_id), Number(r.remote)])).toEqual([
      [Number(far.id), Number(organ.id), 1],
      [Number(fan.id), Number(organ.id), 0],
      [Number(fan.id), Number(far.id), 0],
    ]);
  });
});
