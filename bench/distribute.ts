/**
 * What telling other servers costs a local post (issue 14): queueDistribution
 * runs in the posting transaction and, since round 2, first asks whether any
 * other server can be concerned (src/jobs/distribute.ts), so that a post no
 * remote account follows, is mentioned in or answered by queues no job.
 * Since migration 0028 "has the author a remote follower?" is one probe of
 * follows_remote_target (follows.remote), whatever the number of local
 * followers or of remote accounts known.
 *
 * The population: author 1 with N local followers, author 2 with the same
 * followers and one remote follower, and R remote accounts (none following
 * author 1). The script measures, per dialect, the median of RUNS:
 *   - queue_ms_before: queueing the job unconditionally (what the code did before);
 *   - check_ms_local_only: queueDistribution for a post of author 1 (checks, no job);
 *   - check_ms_remote_follower: the same for author 2 (checks, one job);
 *   - post_ms_off / post_ms_on: createStatus of author 1 with federation off / on.
 *
 *   npx tsx bench/distribute.ts [--dialect sqlite|postgres|both] [--followers N] [--remote R]
 */
import { newAccount, findAccountById } from '../src/accounts/accounts.repository.js';
import { createContext } from '../src/app/context.js';
import type { Context } from '../src/app/context.js';
import { transaction } from '../src/app/transaction.js';
import { DISTRIBUTE_JOB, queueDistribution } from '../src/jobs/distribute.js';
import { enqueue } from '../src/jobs/enqueue.js';
import { checkStatus, createStatus } from '../src/statuses/create-status.js';
import { type BenchDialect, benchDatabase, dialectsOf, insertChunked, ms, numberOption, settle } from './bench-db.js';

const RUNS = 15;
const AT = '2012-06-01T00:00:00.000Z';

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.floor(s.length / 2)]! * 100) / 100;
}

async function populate(ctx: Context, followers: number, remote: number): Promise<void> {
  await insertChunked(
    ctx,
    'accounts',
    (function* () {
      const row = (username: string, domain: string | null, followersCount = 0) => ({
        ...newAccount({ username, email: null, passwordHash: null, role: 'user' }, AT),
        username_key: domain ? `${username}@${domain}` : username,
        domain,
        uri: domain ? `https://${domain}/users/${username}` : null,
        inbox_url: domain ? `https://${domain}/users/${username}/inbox` : null,
        followers_count: followersCount,
        following_count: 0,
        statuses_count: 0,
      });
      yield row('author_local', null, followers);
      yield row('author_mixed', null, followers + 1);
      for (let i = 1; i <= followers; i++) yield row(`follower${i}`, null);
      for (let i = 1; i <= remote; i++) yield row(`r${i}`, `r${i % 50}.example`);
    })(),
    500,
  );
  await insertChunked(
    ctx,
    'follows',
    (function* () {
      for (let i = 1; i <= followers; i++) {
        yield { account_id: i + 2, target_account_id: 1, created_at: AT };
        yield { account_id: i + 2, target_account_id: 2, created_at: AT };
      }
      // The last remote account follows author 2 (marked remote, as insertFollow marks a follower of another server).
      yield { account_id: followers + remote + 2, target_account_id: 2, created_at: AT, remote: 1 };
    })(),
    2000,
  );
  await settle(ctx, ['accounts', 'follows']);
}

async function timed(f: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await f();
  return ms(t0);
}

async function runDialect(dialect: BenchDialect, followers: number, remote: number): Promise<void> {
  const bench = await benchDatabase(dialect, 'distribute');
  try {
    const on = await createContext({ ...bench.config, federation: true }, bench.schema ? { schema: bench.schema } : {});
    const off = await createContext({ ...bench.config, federation: false }, bench.schema ? { schema: bench.schema } : {});
    await populate(on, followers, remote);
    const author = (await findAccountById(on.db, 1))!;
    const s1 = await createStatus(off, { account: author, operator: null }, checkStatus({ status: '预热' }));
    const mixed = (await findAccountById(on.db, 2))!;
    const s2 = await createStatus(off, { account: mixed, operator: null }, checkStatus({ status: '预热' }));
    const before: number[] = [];
    const localOnly: number[] = [];
    const withRemote: number[] = [];
    const postOff: number[] = [];
    const postOn: number[] = [];
    for (let n = 0; n < RUNS; n++) {
      before.push(await timed(() => transaction(on, (trx) => enqueue(trx, on.clock.now(), [{ kind: DISTRIBUTE_JOB, payload: { event: { type: 'status.created', status: s1.id }, at: AT } }]))));
      localOnly.push(await timed(() => transaction(on, (trx) => queueDistribution(trx, { type: 'status.created', status: Number(s1.id) }))));
      withRemote.push(await timed(() => transaction(on, (trx) => queueDistribution(trx, { type: 'status.created', status: Number(s2.id) }))));
      postOff.push(await timed(() => createStatus(off, { account: author, operator: null }, checkStatus({ status: `通告 ${n}` }))));
      postOn.push(await timed(() => createStatus(on, { account: author, operator: null }, checkStatus({ status: `通告 ${n}` }))));
    }
    const queued = await on.db.selectFrom('jobs').select((eb) => eb.fn.countAll().as('n')).where('kind', '=', DISTRIBUTE_JOB).executeTakeFirstOrThrow();
    const figures = {
      bench: 'distribute',
      dialect,
      local_followers: followers,
      remote_accounts: remote,
      queue_ms_before: median(before),
      check_ms_local_only: median(localOnly),
      check_ms_remote_follower: median(withRemote),
      post_ms_off: median(postOff),
      post_ms_on: median(postOn),
      jobs_queued: Number(queued.n),
      expected_jobs: RUNS * 2,
      runs: RUNS,
    };
    process.stdout.write(JSON.stringify(figures) + '\n');
    await on.close();
    await off.close();
  } finally {
    await bench.drop();
  }
}

const followers = numberOption('followers', 100_000);
const remote = numberOption('remote', 2_000);
for (const d of dialectsOf()) await runDialect(d, followers, remote);
