import type { ColumnType, Generated } from 'kysely';
import type { RequestCategory, RequestState } from '../domain/service-request.js';

export interface ServiceRequestsTable {
  id: Generated<number>;
  organ_account_id: number;
  citizen_account_id: number;
  category: RequestCategory;
  text: string;
  /** public: listed on the organ's record; private: only the citizen and the organ see it. */
  visibility: 'public' | 'private';
  state: RequestState;
  /** The organ's latest response. */
  response: string | null;
  accepted_at: string | null;
  first_response_at: string | null;
  resolved_at: string | null;
  rating: number | null;
  rated_at: string | null;
  created_at: string;
  updated_at: string;
  /** When the organ should have resolved it: created_at plus its category's time limit (REQUEST_TIME_LIMIT_HOURS). */
  due_at: string;
  /** Whom the organ gave it to: one of its operators, or the organ account itself; null when nobody has it. */
  assignee_id: ColumnType<number | null, number | null | undefined, number | null>;
  assigned_at: ColumnType<string | null, string | null | undefined, string | null>;
}

/** The history of a request: each step, who took it and, for an organ, which operator. */
export interface RequestEventsTable {
  id: Generated<number>;
  request_id: number;
  actor_id: number;
  operator_id: number | null;
  type: 'submitted' | 'accepted' | 'responded' | 'resolved' | 'rated';
  text: string | null;
  created_at: string;
  /** The direct message this step sent to the other party (src/requests/service-message.ts); null for steps before it existed. */
  status_id: ColumnType<number | null, number | null | undefined, number | null>;
}
