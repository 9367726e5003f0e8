import { type DatabaseIntrospector, type Kysely, sql } from 'kysely';
import { type MigrationProvider, Migrator } from 'kysely/migration';
import { isPostgres } from './migrations/helpers.js';
import { MIGRATIONS } from './migrations/index.js';

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/**
 * What the migrator needs to know of PostgreSQL's catalogue, read from one
 * schema only. Kysely's own introspector reads every table of every schema,
 * resolving each by name (`pg_get_serial_sequence`): on a database where
 * other govblog schemas are being dropped meanwhile (parallel test runs,
 * other providers), that fails with "schema … does not exist".
 */
function schemaIntrospector(db: Kysely<any>, schema: string): DatabaseIntrospector {
  return {
    async getSchemas() {
      const { rows } = await sql<{ name: string }>`select nspname as name from pg_catalog.pg_namespace where nspname = ${schema}`.execute(db);
      return rows;
    },
    async getTables() {
      const { rows } = await sql<{ name: string }>`
        select table_name as name from information_schema.tables where table_schema = ${schema}`.execute(db);
      return rows.map((r) => ({ name: r.name, schema, isView: false, isForeign: false, columns: [] }));
    },
  };
}

/** The same database handle, answering `introspection` from one schema (see above). */
function scopedTo(db: Kysely<any>, schema: string): Kysely<any> {
  const introspection = schemaIntrospector(db, schema);
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'introspection') return introspection;
      const value: unknown = Reflect.get(target, prop, target);
      // Kysely's methods use private fields: they must run on the real instance.
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * Kysely's migrator over govblog's migrations on `db`: on PostgreSQL pinned
 * to the connection's current schema, for its bookkeeping tables and for what
 * it reads of the catalogue (see above). Tests that go down and up again use
 * it too: a raw Migrator there read the tables of other test files' schemas
 * while those dropped theirs, and failed as soon as files ran side by side.
 */
export async function govblogMigrator(db: Kysely<any>): Promise<Migrator> {
  if (!isPostgres(db)) return new Migrator({ db, provider });
  // Kysely looks for its bookkeeping tables in any schema; pin them to ours
  // so that a database holding several govblog schemas keeps them apart.
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema) throw new Error('migration bookkeeping failed: no current schema (is search_path set to a schema that exists?)');
  return new Migrator({ db: scopedTo(db, schema), provider, migrationTableSchema: schema });
}

/** Applies pending migrations; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  const { error, results } = await (await govblogMigrator(db)).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'bookkeeping';
    throw new Error(`migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
