import { sql } from 'kysely';
import type { Context } from '../app/context.js';
import { type AccountRow, findAccountByAcct, findAccountByUsername } from '../accounts/accounts.repository.js';
import { INSTANCE_KEY_OWNER, actorKeyPairs } from '../federation/keys.js';
import { resolveHandle } from '../federation/resolve.js';
import { statusUriOf } from '../federation/notes.js';
import { follow } from '../social/follow.js';
import { isFollowing } from '../social/follows.repository.js';
import { checkStatus, createStatus } from '../statuses/create-status.js';
import { findStatusByUri } from '../statuses/statuses.repository.js';
import type { DemoAccount } from './population.js';

/** One of a provider's leading organs, as the demo's marker keeps it. */
export interface Leader {
  handle: string;
  /** Its display name (上海发布). */
  name: string;
  /** The organ behind it (上海市人民政府新闻办公室). */
  organName: string;
}

/** Leading organs a provider puts forward to the others. */
export const LEADERS_PER_PROVIDER = 12;
/** Of those, the first few post fresh notices once the providers follow each other. */
export const POSTERS_PER_PROVIDER = 3;
/**
 * The demo citizens (citizen1…) of each provider who follow organs on the
 * others. Not all 60 of seedLife: every account that federates needs its own
 * key pair (src/federation/keys.ts), made while the population is written
 * (federationKeys), and each follow is a round of deliveries to settle.
 */
export const FEDERATING_CITIZENS = 6;
/**
 * How long each step (the follows accepted, the posts delivered, the queues
 * drained) may take before the demo gives up, saying what is missing. Each
 * step has its own: on a busy machine the follows alone can take most of a
 * minute, and a budget shared from the start left the posts none.
 */
export const SETTLE_TIMEOUT_MS = 120_000;

/**
 * A provider's leading organs: its provincial and municipal information
 * offices (XX发布), most followed first, one per name (the population has
 * namesakes; a reader follows the first), open at the census cut-off.
 */
export function leadingOrgans(accounts: readonly DemoAccount[], n = LEADERS_PER_PROVIDER): Leader[] {
  const seen = new Set<string>();
  const out: Leader[] = [];
  const candidates = accounts
    .filter((a) => a.labels.kind === 'institutional' && a.closedAt === null && a.createdAt < '2012-11-01' && a.name.endsWith('发布') && (a.labels.level === 'provincial' || a.labels.level === 'prefectural'))
    .sort((a, b) => b.followers - a.followers || (a.handle < b.handle ? -1 : 1));
  for (const a of candidates) {
    if (seen.has(a.name)) continue;
    seen.add(a.name);
    out.push({ handle: a.handle, name: a.name, organName: a.organName });
    if (out.length === n) break;
  }
  return out;
}

/** The fresh notices of the k-th poster of a provider: two of an information office's ordinary announcements, about its own place. */
export function freshNotices(leader: Leader, k: number): string[] {
  const place = leader.name.replace(/发布$/, '');
  const notices = [
    `【新闻发布会】${leader.organName}今天上午举行新闻发布会，介绍${place}优化营商环境的新举措，并回答记者提问。`,
    `#政务公开# ${place}12345政务服务便民热线全天24小时受理咨询、投诉和建议，办理进度可在政务服务网查询。`,
    `【便民】${place}政务服务网新版上线，企业开办、社保查询、公积金提取等事项可以在网上办理，欢迎试用并提出意见。`,
  ];
  return [notices[k % notices.length] as string, notices[(k + 1) % notices.length] as string];
}

/** A provider as federation sees it: its context, its census name, and the host its actors live at. */
export interface FederatingProvider {
  /** Its census name (weibo.example). */
  host: string;
  /** `http://127.0.0.1:P`: its public URL, whose host (127.0.0.1:P) names its accounts elsewhere. */
  url: string;
  ctx: Context;
}

/** One follow the demo makes across providers. */
interface PlannedFollow {
  from: FederatingProvider;
  follower: string;
  to: FederatingProvider;
  target: string;
  kind: 'organ' | 'citizen';
}

/**
 * Who follows whom: each leading organ follows, on each of the other
 * providers, the leading organ of its own rank there (上海发布, the most
 * followed on weibo.example, follows the most followed of each other
 * provider); each federating citizen follows one of the other providers'
 * posters on each of them, by turn.
 */
export function plannedFollows(providers: readonly FederatingProvider[], leaders: Readonly<Record<string, readonly Leader[]>>, citizens = FEDERATING_CITIZENS): PlannedFollow[] {
  const out: PlannedFollow[] = [];
  for (const from of providers) {
    const mine = leaders[from.host] ?? [];
    for (const to of providers) {
      if (to === from) continue;
      const theirs = leaders[to.host] ?? [];
      if (theirs.length === 0) continue;
      mine.forEach((l, i) => out.push({ from, follower: l.handle, to, target: (theirs[i % theirs.length] as Leader).handle, kind: 'organ' }));
      const posters = Math.min(POSTERS_PER_PROVIDER, theirs.length);
      for (let c = 1; c <= citizens; c++) out.push({ from, follower: `citizen${c}`, to, target: (theirs[(c - 1) % posters] as Leader).handle, kind: 'citizen' });
    }
  }
  return out;
}

/**
 * Makes the keys of a provider's accounts that federate (its instance actor,
 * its leading organs, its federating citizens) side by side, off the main
 * thread (WebCrypto): made on demand, each would be made inside a WebFinger
 * answer or a signature check, holding up a delivery. Kept keys are kept.
 */
export async function federationKeys(ctx: Context, leaders: readonly Leader[]): Promise<void> {
  const names = [...leaders.map((l) => l.handle), ...Array.from({ length: FEDERATING_CITIZENS }, (_, i) => `citizen${i + 1}`)];
  const ids = [INSTANCE_KEY_OWNER, ...(await Promise.all(names.map(async (u) => Number((await localAccount(ctx, u)).id))))];
  await Promise.all(ids.map((id) => actorKeyPairs(ctx, id)));
}

/** What the demo's federation did, for its summary. */
export interface FederationOutcome {
  organFollows: number;
  citizenFollows: number;
  /** Follows sent by this run (0 on a run that finds them all in place). */
  newFollows: number;
  posts: number;
  /** The organs that posted them. */
  posters: number;
  /** Posts written by this run (0 when a previous run wrote them). */
  newPosts: number;
  /** Posts stored at another provider (each post at each provider that follows its author). */
  delivered: number;
  ms: number;
}

function hostOf(p: FederatingProvider): string {
  return new URL(p.url).host;
}

async function localAccount(ctx: Context, username: string): Promise<AccountRow> {
  const row = await findAccountByUsername(ctx.db, username);
  if (!row) throw new Error(`demo: ${ctx.config.provider} has no account ${username}; rebuild the demo's data with --fresh`);
  return row;
}

/** Federation jobs still to run on a provider (queued or running), and the last error of any that died since `since`. */
async function pendingJobs(ctx: Context, since: string): Promise<{ left: number; dead: string | null }> {
  const left = await ctx.db.selectFrom('jobs').select(sql<number>`count(*)`.as('n')).where('kind', 'like', 'federation.%').where('state', '!=', 'dead').executeTakeFirst();
  const dead = await ctx.db.selectFrom('jobs').select(['kind', 'last_error']).where('kind', 'like', 'federation.%').where('state', '=', 'dead').where('updated_at', '>=', since).orderBy('id', 'desc').executeTakeFirst();
  return { left: Number(left?.n ?? 0), dead: dead ? `${dead.kind}: ${dead.last_error ?? 'no error recorded'}` : null };
}

/** Polls `probe` until it returns null (nothing missing), or throws with what it last found missing after SETTLE_TIMEOUT_MS. */
async function settle(what: string, probe: () => Promise<string | null>): Promise<void> {
  const until = Date.now() + SETTLE_TIMEOUT_MS;
  for (;;) {
    const missing = await probe();
    if (missing === null) return;
    if (Date.now() > until) throw new Error(`demo: the federation between the providers did not settle in ${SETTLE_TIMEOUT_MS / 1000} s (${what}): ${missing}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Makes the four running providers federate as servers on a network would:
 * each resolves the others' leading organs by handle (WebFinger, then the
 * actor), its leading organs and demo citizens follow them through the
 * follow use case (a Follow out, an Accept back), and once every follow is
 * accepted the first leading organs of each provider post fresh notices,
 * delivered to the followers' providers through the job queues. Idempotent:
 * follows in place are kept, a notice already posted is not posted again.
 * Returns once every follow is accepted, every notice stored at every
 * following provider and the federation queues are empty (each step
 * bounded by SETTLE_TIMEOUT_MS, an error naming what is missing).
 */
export async function federateDemo(providers: readonly FederatingProvider[], leaders: Readonly<Record<string, readonly Leader[]>>): Promise<FederationOutcome> {
  const t0 = Date.now();
  const since = new Date(t0 - 1000).toISOString();
  const plan = plannedFollows(providers, leaders);

  // Made while the population was written; a provider's keys made here only when its data predates that.
  await Promise.all(providers.map((p) => federationKeys(p.ctx, leaders[p.host] ?? [])));

  // Each provider resolves each remote organ it needs once, by handle, as a user's search with resolve=true does.
  const remoteIds = new Map<string, number>();
  const key = (from: FederatingProvider, to: FederatingProvider, handle: string) => `${from.host} ${handle}@${hostOf(to)}`;
  let newFollows = 0;
  await Promise.all(
    providers.map(async (from) => {
      const mine = plan.filter((f) => f.from === from);
      for (const f of mine) {
        const k = key(from, f.to, f.target);
        if (remoteIds.has(k)) continue;
        const acct = `${f.target}@${hostOf(f.to)}`;
        const row = (await findAccountByAcct(from.ctx.db, acct, from.ctx.config.provider)) ?? (await resolveHandle(from.ctx, f.target, hostOf(f.to)));
        if (!row) throw new Error(`demo: ${from.host} could not resolve @${acct} (${f.to.host}) over federation`);
        remoteIds.set(k, Number(row.id));
      }
      const accounts = new Map<string, AccountRow>();
      for (const f of mine) {
        const me = accounts.get(f.follower) ?? (await localAccount(from.ctx, f.follower));
        accounts.set(f.follower, me);
        const target = remoteIds.get(key(from, f.to, f.target)) as number;
        if (await isFollowing(from.ctx.db, Number(me.id), target)) continue;
        // A request until the Accept comes back; following again while it waits changes nothing.
        await follow(from.ctx, { account: me, operator: null }, target);
        newFollows += 1;
      }
    }),
  );

  const followerIds = new Map<FederatingProvider, number[]>();
  for (const p of providers) {
    const names = [...new Set(plan.filter((x) => x.from === p).map((f) => f.follower))];
    followerIds.set(p, await Promise.all(names.map(async (u) => Number((await localAccount(p.ctx, u)).id))));
  }
  await settle('follows accepted', async () => {
    const waiting = await Promise.all(
      providers.map(async (p) => {
        const ids = followerIds.get(p) ?? [];
        if (ids.length === 0) return 0;
        const row = await p.ctx.db
          .selectFrom('follow_requests as r')
          .innerJoin('accounts as t', 't.id', 'r.target_account_id')
          .select(sql<number>`count(*)`.as('n'))
          .where('r.account_id', 'in', ids)
          .where('t.domain', 'is not', null)
          .executeTakeFirst();
        return Number(row?.n ?? 0);
      }),
    );
    const total = waiting.reduce((a, b) => a + b, 0);
    return total ? `${total} of ${plan.length} follows still wait for their Accept (${providers.map((p, i) => `${p.host} ${waiting[i]}`).join(', ')})` : null;
  });
  const accepted = Date.now();

  // The posters write their notices now, at the providers' own time: the newest posts of every home timeline that follows them.
  const posts: { from: FederatingProvider; uri: string; author: string }[] = [];
  let newPosts = 0;
  for (const p of providers) {
    for (const [k, leader] of (leaders[p.host] ?? []).slice(0, POSTERS_PER_PROVIDER).entries()) {
      const author = await localAccount(p.ctx, leader.handle);
      for (const text of freshNotices(leader, k)) {
        const existing = await p.ctx.db.selectFrom('statuses').selectAll().where('account_id', '=', Number(author.id)).where('text', '=', text).where('deleted_at', 'is', null).executeTakeFirst();
        const s = existing ?? (await createStatus(p.ctx, { account: author, operator: null, appName: 'govblog demo' }, checkStatus({ status: text, visibility: 'public', language: 'zh' })));
        if (!existing) newPosts += 1;
        posts.push({ from: p, uri: statusUriOf(p.ctx, s, author), author: leader.handle });
      }
    }
  }

  // Where each post must arrive: every other provider that follows its author.
  const audiences = posts.map((post) => ({ post, at: [...new Set(plan.filter((f) => f.to === post.from && f.target === post.author).map((f) => f.from))] }));
  let delivered = 0;
  await settle('posts delivered', async () => {
    const missing: string[] = [];
    delivered = 0;
    for (const { post, at } of audiences) {
      for (const p of at) {
        if (await findStatusByUri(p.ctx.db, post.uri)) delivered += 1;
        else missing.push(`${post.uri} at ${p.host}`);
      }
    }
    return missing.length ? `${missing.length} deliveries missing, e.g. ${missing.slice(0, 3).join(', ')}` : null;
  });

  // Nothing left in any queue (two looks in a row: a delivery running at one provider queues work at another).
  let empty = 0;
  await settle('queues drained', async () => {
    const states = await Promise.all(providers.map(async (p) => ({ p, ...(await pendingJobs(p.ctx, since)) })));
    const dead = states.find((s) => s.dead !== null);
    if (dead) throw new Error(`demo: a federation job of ${dead.p.host} failed: ${dead.dead}`);
    const busy = states.filter((s) => s.left > 0);
    empty = busy.length === 0 ? empty + 1 : 0;
    return empty >= 2 ? null : busy.length ? `jobs left: ${busy.map((s) => `${s.p.host} ${s.left}`).join(', ')}` : 'one more look';
  });

  return {
    organFollows: plan.filter((f) => f.kind === 'organ').length,
    citizenFollows: plan.filter((f) => f.kind === 'citizen').length,
    newFollows,
    posts: posts.length,
    posters: new Set(posts.map((p) => `${p.from.host} ${p.author}`)).size,
    newPosts,
    delivered,
    ms: Date.now() - t0,
  };
}
