import { Accept, Follow } from '@fedify/vocab';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizen } from '../../test/factories.js';
import { type FedifyPeer, startPeer } from '../../test/fedify-peer.js';
import { type TestServer, federatingTestServer } from '../../test/http.js';
import { eventually } from '../../test/peers.js';
import { findAccountByUri } from '../accounts/accounts.repository.js';
import { saveRemoteAccount } from '../accounts/upsert-remote-account.js';
import { transaction } from '../app/transaction.js';
import { startJobRunner } from '../jobs/runner.js';
import { FEDERATION_JOB_HANDLERS } from './jobs.js';
import { rememberActor } from './remote-actors.js';

/**
 * An actor met by two jobs at once, the first time (issue 16: a resident of another provider follows three
 * organs in a row; their three Follows run together): each reads no row, fetches the actor and inserts it.
 * On PostgreSQL the second insert waits on the first's uncommitted row and then breaks the unique index;
 * that job must still have the actor, and its Follow an Accept. Made certain here by holding the other
 * job's transaction open until ours waits on it. (SQLite's single connection runs one transaction at a time:
 * the second insert never happens there, it finds the row.)
 */
describe('an actor first met by two jobs at once (postgres)', () => {
  let s: TestServer;
  let url: string;
  let peer: FedifyPeer;
  let organ: { id: string; username: string };

  beforeAll(async () => {
    peer = await startPeer();
    const server = await federatingTestServer('postgres');
    [s, url] = [server, server.url];
    organ = await citizen(s, 'organ');
  }, 60_000);
  afterAll(async () => {
    await s?.close();
    await peer?.close();
  });

  /** The input another job stored for `name` (what rememberActor would store, in short). */
  const inputOf = (name: string) => ({ uri: peer.actorUri(name), username: name, domain: peer.host, actorType: 'Person' as const, inboxUrl: `${peer.origin}/users/${name}/inbox`, sharedInboxUrl: `${peer.origin}/inbox` });

  /** Runs `meanwhile` while another transaction has inserted `name`'s row and not committed; commits it once our insert of that row waits on it. */
  async function whileAnotherInserts<T>(name: string, meanwhile: () => Promise<T>): Promise<{ result: T; winnerId: number }> {
    let winnerId = 0;
    let result: Promise<T> | undefined;
    await transaction(s.ctx, async (trx) => {
      winnerId = Number((await saveRemoteAccount(trx, s.ctx.config.provider, inputOf(name), new Date().toISOString())).id);
      result = meanwhile();
      result.catch(() => {});
      // Ours has fetched the actor, seen no row, and waits on the uncommitted one at its insert.
      await eventually(
        'the second insert waiting on the first',
        async () => {
          const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query ilike 'insert into "accounts"%'`.execute(s.ctx.db);
          return (rows[0]?.n ?? 0) > 0 ? true : undefined;
        },
        20_000,
      );
    });
    return { result: await (result as Promise<T>), winnerId };
  }

  it('rememberActor gives the row the other job stored, refreshed, rather than null', async () => {
    peer.setActor('carol', { name: 'Carol' });
    const { result, winnerId } = await whileAnotherInserts('carol', () => rememberActor(s.ctx, peer.actorId('carol')));
    expect(result).not.toBeNull();
    expect(Number(result?.id)).toBe(winnerId);
    // What it fetched, not only what the other stored.
    expect(result?.display_name).toBe('Carol');
    expect(await s.ctx.db.selectFrom('accounts').select('id').where('uri', '=', peer.actorUri('carol')).execute()).toHaveLength(1);
  });

  it('a Follow whose actor another job is storing at that moment is recorded and accepted', async () => {
    peer.setActor('dave', {});
    const followId = new URL(`${peer.origin}/follows/dave/1`);
    await peer.send('dave', { id: `${url}/users/${organ.username}`, inbox: `${url}/inbox` }, new Follow({ id: followId, actor: peer.actorId('dave'), object: new URL(`${url}/users/${organ.username}`) }));
    const runner = startJobRunner(s.ctx, FEDERATION_JOB_HANDLERS, { start: false });
    try {
      await whileAnotherInserts('dave', () => runner.runDue());
      for (let i = 0; i < 6 && (await runner.runDue()) > 0; i++);
    } finally {
      await runner.stop();
    }
    const dave = await findAccountByUri(s.ctx.db, peer.actorUri('dave'));
    expect(await s.ctx.db.selectFrom('follows').select('uri').where('account_id', '=', Number(dave?.id)).where('target_account_id', '=', Number(organ.id)).execute()).toEqual([{ uri: followId.href }]);
    const accepted = peer.inbox.filter((a): a is Accept => a instanceof Accept && a.objectId?.href === followId.href);
    expect(accepted.length).toBeGreaterThan(0);
  });
});
