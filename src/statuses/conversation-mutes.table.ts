import type { Generated } from 'kysely';

/** A thread the account no longer hears about (POST /api/v1/statuses/:id/mute). */
export interface ConversationMutesTable {
  id: Generated<number>;
  account_id: number;
  /** The thread: statuses.conversation_id, or the status's own id when it has none. */
  conversation_id: number;
  created_at: string;
}
