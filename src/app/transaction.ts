import type { Transaction } from 'kysely';
import type { Database, Executor } from '../db/database.js';
import type { Caches, Context } from './context.js';

/**
 * One place for what follows a commit (STYLE.md §19). A use case opens its
 * transaction with `transaction(ctx, …)`; the write functions it calls say
 * what they changed (`changed`) or what must happen once it is durable
 * (`afterCommit`), and those run when, and only if, the transaction commits.
 * So a use case cannot forget to forget: the repository that bumps a counter
 * is the one that marks the status stale.
 */
interface Pending {
  ctx: Context;
  caches: Caches;
  statuses: Set<number>;
  accounts: Set<number>;
  exclusions: Set<number>;
  logins: Set<number>;
  homes: Set<number>;
  effects: ((ctx: Context) => void)[];
}

const open = new WeakMap<object, Pending>();

/** The presented entities a cache keeps (src/app/context.ts). */
export type CachedEntity = keyof Caches;

/** Runs `fn` in one database transaction, then what its writes queued. */
export async function transaction<T>(ctx: Context, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  const pending: Pending = { ctx, caches: ctx.cache, statuses: new Set(), accounts: new Set(), exclusions: new Set(), logins: new Set(), homes: new Set(), effects: [] };
  const result = await ctx.db.transaction().execute(async (trx) => {
    open.set(trx, pending);
    try {
      return await fn(trx);
    } finally {
      open.delete(trx);
    }
  });
  if (pending.statuses.size > 0) ctx.cache.statuses.forget(pending.statuses);
  if (pending.accounts.size > 0) ctx.cache.accounts.forget(pending.accounts);
  if (pending.exclusions.size > 0) ctx.cache.exclusions.forget(pending.exclusions);
  if (pending.logins.size > 0) ctx.cache.logins.forget(pending.logins);
  if (pending.homes.size > 0) ctx.cache.homes.forget(pending.homes);
  for (const effect of pending.effects) {
    try {
      effect(ctx);
    } catch (err) {
      ctx.log.error({ err }, 'an after-commit effect failed');
    }
  }
  return result;
}

function pendingOf(db: Executor, what: string): Pending {
  const pending = open.get(db);
  // A write outside transaction() would leave stale copies in every cache: refuse it loudly.
  if (!pending) throw new Error(`${what} must run inside transaction(ctx, …) (src/app/transaction.ts)`);
  return pending;
}

/** Called by a write function: these entities' presented copies are stale once `db`'s transaction commits. */
export function changed(db: Executor, entity: CachedEntity, ids: Iterable<number>): void {
  const set = pendingOf(db, `a change to ${entity}`)[entity];
  for (const id of ids) set.add(id);
}

/** The context of the transaction `db` belongs to: what a write deep inside a use case needs of it (its config, its clock). */
export function transactionContext(db: Executor): Context {
  return pendingOf(db, 'reading the transaction\'s context').ctx;
}

/** Runs `effect` once `db`'s transaction has committed (never, if it rolls back). */
export function afterCommit(db: Executor, effect: () => void): void {
  pendingOf(db, 'an after-commit effect').effects.push(effect);
}

/** Runs `effect` with the transaction's context once it has committed (stream events: the bus lives in the context). */
export function afterCommitWith(db: Executor, effect: (ctx: Context) => void): void {
  pendingOf(db, 'an after-commit effect').effects.push(effect);
}
