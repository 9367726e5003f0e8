import { type Kysely, sql } from 'kysely';
import { type MigrationProvider, Migrator } from 'kysely/migration';
import { isPostgres } from '../src/db/migrations/helpers.js';
import { MIGRATIONS } from '../src/db/migrations/index.js';

/** A Kysely migrator over govblog's migrations on a test's database (its own schema on PostgreSQL), for tests that go down and up again. */
export async function migrator(db: Kysely<any>): Promise<Migrator> {
  const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };
  let migrationTableSchema: string | undefined;
  if (isPostgres(db)) migrationTableSchema = (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema;
  return new Migrator({ db, provider, ...(migrationTableSchema ? { migrationTableSchema } : {}) });
}
