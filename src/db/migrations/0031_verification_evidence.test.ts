import type { Kysely } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/dialects.js';
import { citizen, institutionApplication } from '../../../test/factories.js';
import { type TestServer, testServer } from '../../../test/http.js';
import { migrator } from '../../../test/migrator.js';

/** 0031 adds the evidence files of applications and their links; down drops both, keeping the applications. */
describe.each(DIALECTS)('migration 0031_verification_evidence (%s)', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer(dialect, { jobs: false });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('goes down to 0030 and up again; the bytes of a file come back as they went in', async () => {
    const user = await citizen(s);
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 1, g: 2, b: 3 } } }).png().toBuffer();
    const up1 = await s.call('POST', '/api/v1/gov/verifications/evidence', { token: user.token, multipart: { file: { data: png, name: 'a.png', type: 'image/png' } } });
    expect(up1.status).toBe(200);
    const applied = await s.call('POST', '/api/v1/gov/verifications', { token: user.token, body: institutionApplication({ evidence_file_ids: [up1.json.id] }) });
    expect(applied.status).toBe(201);
    const db = s.ctx.db as unknown as Kysely<any>;
    const stored = await db.selectFrom('verification_evidence_files').select(['data']).where('id', '=', Number(up1.json.id)).executeTakeFirstOrThrow();
    expect(Buffer.isBuffer(stored.data)).toBe(true);
    expect((await sharp(stored.data).metadata()).format).toBe('png');

    const down = await (await migrator(db)).migrateTo('0030_verification_names');
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => r.migrationName)).toEqual(['0031_verification_evidence']);
    await expect(db.selectFrom('verification_evidence_files').select('id').execute()).rejects.toThrow();
    await expect(db.selectFrom('verification_evidence').select('file_id').execute()).rejects.toThrow();
    expect(await db.selectFrom('verifications').select('id').where('id', '=', Number(applied.json.id)).execute()).toHaveLength(1);
    const up = await (await migrator(db)).migrateToLatest();
    expect(up.error).toBeUndefined();
    expect(await db.selectFrom('verification_evidence_files').select('id').execute()).toEqual([]);
    const again = await s.call('GET', `/api/v1/gov/verifications/${applied.json.id}`, { token: user.token });
    expect(again.json.evidence_files).toEqual([]);
  });
});
