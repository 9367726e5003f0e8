import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import type { Database } from './database.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Connection {
  db: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** int8 (bigserial ids, COUNT) arrives from pg as a string; our ids stay well below 2^53. */
const PG_TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

export interface ConnectOptions {
  /** PostgreSQL only: the schema to work in (tests use one fresh schema per run). */
  schema?: string;
  /** PostgreSQL pool size. */
  poolSize?: number;
}

/**
 * Opens the database named by `url`: a `postgres://` URL, or an SQLite file
 * (created with its folder if missing, WAL mode) or `:memory:`.
 */
export function connect(url: string, options: ConnectOptions = {}): Connection {
  if (isPostgresUrl(url)) {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      types: PG_TYPES as pg.CustomTypesConfig,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    // An idle client that loses its server must not take the process down.
    pool.on('error', () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: withNamedStatements(pool) }) });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  if (url !== ':memory:') mkdirSync(dirname(url), { recursive: true });
  const sqlite = new SQLite(url);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

/**
 * PostgreSQL plans an unnamed statement every time it runs: for the home
 * timeline's merge-on-read query, planning took ten times as long as
 * executing. Each data statement Kysely sends is named after a digest of its
 * text instead, so that every pooled connection prepares it once and reuses
 * the plan (pg keeps the names it has prepared per connection). Text that is
 * not a single SELECT/INSERT/UPDATE/DELETE/WITH (migrations, DDL) and cursors
 * pass through unchanged.
 */
function withNamedStatements(pool: pg.Pool): pg.Pool {
  /** Text → its name; null: run unnamed (its plan went stale once, see below). */
  const names = new Map<string, string | null>();
  const nameOf = (text: string): string | null => {
    let name = names.get(text);
    if (name === undefined) {
      if (!/^\s*(select|insert|update|delete|with)\b/i.test(text) || names.size >= NAMED_STATEMENTS) return null;
      name = 'gb_' + createHash('sha1').update(text).digest('hex').slice(0, 24);
      names.set(text, name);
    }
    return name;
  };
  const wrap = (client: pg.PoolClient): pg.PoolClient => {
    if ((client as { [NAMED]?: true })[NAMED]) return client;
    const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
    Object.assign(client, {
      [NAMED]: true,
      query: (first: unknown, ...rest: unknown[]) => {
        if (typeof first === 'string' && Array.isArray(rest[0]) && rest.length === 1) {
          const name = nameOf(first);
          if (name) {
            return query({ name, text: first, values: rest[0] }).catch((err: unknown) => {
              // A table's columns changed under a prepared `select *` (a newer govblog migrated the
              // database while this one runs): that text runs unnamed from now on, and once more now.
              if ((err as { code?: string }).code !== STALE_PLAN) throw err;
              names.set(first, null);
              return query(first, rest[0]);
            });
          }
        }
        return query(first, ...rest);
      },
    });
    return client;
  };
  const connectClient = pool.connect.bind(pool) as (cb?: unknown) => Promise<pg.PoolClient> | undefined;
  (pool as { connect: unknown }).connect = (cb?: unknown) => {
    // The callback form is pg's own (pool.query); Kysely uses the promise.
    if (typeof cb === 'function') return connectClient(cb);
    return (connectClient() as Promise<pg.PoolClient>).then(wrap);
  };
  return pool;
}

const NAMED = Symbol('named statements');
/** feature_not_supported: "cached plan must not change result type". */
const STALE_PLAN = '0A000';
/** Past this many distinct statements, new ones run unnamed (the set of shapes is small; this bounds a surprise). */
const NAMED_STATEMENTS = 5000;

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query afresh; preparing costs as much as running a
 * small indexed query (a sixth of the provider's CPU under load). Statements
 * are reused by SQL text instead, the least recently used dropped past the
 * limit. Safe because Kysely runs one query at a time on SQLite's single
 * connection, so no cached statement is ever busy when it is asked for again.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (stmt) {
        cache.delete(sql);
      } else {
        stmt = sqlite.prepare(sql);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sql, stmt);
      return stmt;
    },
    close() {
      cache.clear();
      sqlite.close();
    },
  };
}
