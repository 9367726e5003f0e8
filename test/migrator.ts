import type { Kysely } from 'kysely';
import type { Migrator } from 'kysely/migration';
import { govblogMigrator } from '../src/db/migrate.js';

/** The migrator the provider uses (pinned to the test's own schema on PostgreSQL), for tests that go down and up again. */
export function migrator(db: Kysely<any>): Promise<Migrator> {
  return govblogMigrator(db);
}
