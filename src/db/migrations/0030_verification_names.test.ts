import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/dialects.js';
import { citizen, institutionApplication } from '../../../test/factories.js';
import { type TestServer, testServer } from '../../../test/http.js';
import { migrator } from '../../../test/migrator.js';

/** 0030 adds the names and undo record of verifications and the application of a notification; down drops them, keeping the applications. */
describe.each(DIALECTS)('migration 0030_verification_names (%s)', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer(dialect, { jobs: false });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('goes down to 0028 and up again; applications made before read with no names', async () => {
    const user = await citizen(s);
    const applied = await s.call('POST', '/api/v1/gov/verifications', { token: user.token, body: institutionApplication({ account_name: '平安北京' }) });
    expect(applied.status).toBe(201);
    const db = s.ctx.db as unknown as Kysely<any>;
    const down = await (await migrator(db)).migrateTo('0028_federation_speed');
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => r.migrationName)).toContain('0030_verification_names');
    await expect(db.selectFrom('verifications').select('account_name').execute()).rejects.toThrow();
    await expect(db.selectFrom('notifications').select('verification_id').execute()).rejects.toThrow();
    await expect(db.selectFrom('notifications').select('verification_state').execute()).rejects.toThrow();
    const up = await (await migrator(db)).migrateToLatest();
    expect(up.error).toBeUndefined();
    const rows = await db.selectFrom('verifications').select(['id', 'account_name', 'display_name', 'decision_undo']).where('id', '=', Number(applied.json.id)).execute();
    expect(rows).toEqual([{ id: rows[0]?.id, account_name: null, display_name: null, decision_undo: null }]);
    expect(await db.selectFrom('notifications').select(['verification_id', 'verification_state']).execute()).toBeInstanceOf(Array);
  });
});
