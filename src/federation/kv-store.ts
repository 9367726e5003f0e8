import type { KvKey, KvStore, KvStoreListEntry, KvStoreSetOptions } from '@fedify/fedify';
import { isDeepStrictEqual } from 'node:util';
import type { Context } from '../app/context.js';

/** Fedify's keys are arrays of strings; stored as their JSON text, so that a prefix of the array is a prefix of the text. */
const encodeKey = (key: KvKey): string => JSON.stringify(key);

/** The text every key under `prefix` starts with: `["a","b"` followed by `,` (a longer key) or `]` (the key itself). */
const prefixText = (prefix: KvKey): string => JSON.stringify(prefix).slice(0, -1);

/**
 * Fedify's key-value store over our table `federation_kv` (migration 0027),
 * on either dialect. Values are JSON; an entry past its TTL is absent to
 * every read at once and deleted by the next write that sweeps (one in
 * `sweepEvery`), so expiry never depends on a timer running.
 */
export class DbKvStore implements KvStore {
  #writes = 0;
  constructor(
    private readonly ctx: Pick<Context, 'db' | 'clock'>,
    private readonly sweepEvery = 100,
  ) {}

  #now(): string {
    return this.ctx.clock.now().toISOString();
  }

  #expiry(options?: KvStoreSetOptions): string | null {
    if (!options?.ttl) return null;
    return new Date(this.ctx.clock.now().getTime() + options.ttl.total({ unit: 'millisecond' })).toISOString();
  }

  async #sweep(): Promise<void> {
    if (++this.#writes % this.sweepEvery !== 0) return;
    await this.ctx.db.deleteFrom('federation_kv').where('expires_at', '<=', this.#now()).execute();
  }

  async get<T = unknown>(key: KvKey): Promise<T | undefined> {
    const row = await this.ctx.db
      .selectFrom('federation_kv')
      .select('value')
      .where('key', '=', encodeKey(key))
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', this.#now())]))
      .executeTakeFirst();
    return row === undefined ? undefined : (JSON.parse(row.value) as T);
  }

  async set(key: KvKey, value: unknown, options?: KvStoreSetOptions): Promise<void> {
    const row = { key: encodeKey(key), value: JSON.stringify(value ?? null), expires_at: this.#expiry(options) };
    await this.ctx.db
      .insertInto('federation_kv')
      .values(row)
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: row.value, expires_at: row.expires_at }))
      .execute();
    await this.#sweep();
  }

  async delete(key: KvKey): Promise<void> {
    await this.ctx.db.deleteFrom('federation_kv').where('key', '=', encodeKey(key)).execute();
  }

  /**
   * Sets `newValue` only if the key holds `expectedValue` now (undefined: the
   * key is absent or expired). Optimistic: the update or insert is
   * conditioned on the text just read, so a concurrent writer makes it fail
   * rather than be overwritten.
   */
  async cas(key: KvKey, expectedValue: unknown, newValue: unknown, options?: KvStoreSetOptions): Promise<boolean> {
    const k = encodeKey(key);
    const now = this.#now();
    const current = await this.ctx.db.selectFrom('federation_kv').select(['value', 'expires_at']).where('key', '=', k).executeTakeFirst();
    const live = current !== undefined && (current.expires_at === null || current.expires_at > now);
    const value = JSON.stringify(newValue ?? null);
    const expires_at = this.#expiry(options);
    if (live) {
      if (expectedValue === undefined || !isDeepStrictEqual(JSON.parse(current.value), expectedValue)) return false;
      const r = await this.ctx.db.updateTable('federation_kv').set({ value, expires_at }).where('key', '=', k).where('value', '=', current.value).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    }
    if (expectedValue !== undefined) return false;
    if (current !== undefined) await this.ctx.db.deleteFrom('federation_kv').where('key', '=', k).where('value', '=', current.value).execute();
    const r = await this.ctx.db
      .insertInto('federation_kv')
      .values({ key: k, value, expires_at })
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async *list(prefix?: KvKey): AsyncIterable<KvStoreListEntry> {
    let q = this.ctx.db
      .selectFrom('federation_kv')
      .select(['key', 'value'])
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', this.#now())]))
      .orderBy('key');
    if (prefix !== undefined) {
      const exact = encodeKey(prefix);
      const under = prefixText(prefix) + ',';
      q = q.where((eb) => eb.or([eb('key', '=', exact), eb(eb.fn('substr', ['key', eb.val(1), eb.val(under.length)]), '=', under)]));
    }
    for (const row of await q.execute()) yield { key: JSON.parse(row.key) as KvKey, value: JSON.parse(row.value) };
  }
}
