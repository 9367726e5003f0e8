import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// Issue 15, the names of verified accounts and the reviewers' decisions:
// - verifications.account_name: the account name the applicant asks for
//   (济南公安 for 济南市公安局), beside the organ's own name;
// - verifications.display_name: the name the reviewer chose on approval, which
//   the account then shows (and keeps: a verified name changes only by a new
//   application);
// - verifications.decision_undo: JSON of what undoing the last decision
//   restores (the account's earlier display name, the approvals it superseded),
//   null once undone or when nothing can be undone;
// - notifications.verification_id and verification_state: the application a
//   `gov.verification_decision` notification tells its applicant about, and
//   the state that decision led to (a later decision moves the application on,
//   and the earlier notification must still say what it told).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('verifications').addColumn('account_name', 'text').execute();
  await db.schema.alterTable('verifications').addColumn('display_name', 'text').execute();
  await db.schema.alterTable('verifications').addColumn('decision_undo', 'text').execute();
  await db.schema.alterTable('notifications').addColumn('verification_id', 'bigint').execute();
  await db.schema.alterTable('notifications').addColumn('verification_state', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('notifications').dropColumn('verification_state').execute();
  await db.schema.alterTable('notifications').dropColumn('verification_id').execute();
  await db.schema.alterTable('verifications').dropColumn('decision_undo').execute();
  await db.schema.alterTable('verifications').dropColumn('display_name').execute();
  await db.schema.alterTable('verifications').dropColumn('account_name').execute();
}
