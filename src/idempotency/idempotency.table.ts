import type { Generated } from 'kysely';

/** An Idempotency-Key seen on POST /api/v1/statuses (used when no Redis is configured). */
export interface IdempotencyKeysTable {
  id: Generated<number>;
  account_id: number;
  key: string;
  /** What the first request made: 'status' or 'scheduled'; null while it is being made. */
  kind: 'status' | 'scheduled' | null;
  result_id: number | null;
  created_at: string;
}
