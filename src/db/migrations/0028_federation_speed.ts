import { type Kysely, sql } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// Two look-ups of federation made cheap (issue 14's figures):
// - follows.remote says the follower is an account of another server (its
//   domain is set; an account's domain never changes), so that "has this
//   account a follower elsewhere?", asked in every posting transaction, is one
//   probe of a partial index that holds only remote follows, whatever the
//   number of local followers or of remote accounts known;
// - jobs by kind, then state and due time: the runner asks whether a kind with
//   nothing running has due work while another kind's backlog fills the queue
//   (src/jobs/runner.ts), without reading through that backlog.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('follows')
    .addColumn('remote', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`update follows set remote = 1 where account_id in (select id from accounts where domain is not null)`.execute(db);
  await db.schema.createIndex('follows_remote_target').on('follows').column('target_account_id').where(sql.ref('remote'), '=', 1).execute();
  await db.schema.createIndex('jobs_kind_due').on('jobs').columns(['kind', 'state', 'run_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('jobs_kind_due').execute();
  await db.schema.dropIndex('follows_remote_target').execute();
  await db.schema.alterTable('follows').dropColumn('remote').execute();
}
