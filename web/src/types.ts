/** The shapes of the API's JSON that the UI reads (a subset of each; the server sends more). */
import type { AccountKind, Level, OrganKind, Rank } from '../../src/domain/taxonomy';
import type { RequestCategory, RequestState } from '../../src/domain/service-request';
// The server's own types where they are plain data with no server imports.
import type { DayStats } from '../../src/analytics/daily-series';
import type { ServiceStats } from '../../src/requests/service-stats';

export type { DayStats, ServiceStats };

export interface Gov {
  kind: AccountKind;
  organ: OrganKind;
  public_security: boolean;
  level: Level;
  rank: Rank | null;
  province: string | null;
  verification: string;
  verified_at: string;
  organ_name: string;
  region_code: string | null;
  position: string | null;
}

export interface Account {
  id: string;
  username: string;
  acct: string;
  display_name: string;
  note: string;
  url: string;
  avatar: string;
  followers_count: number;
  following_count: number;
  statuses_count: number;
  created_at: string;
  gov: Gov | null;
}

/** verify_credentials: the account and its role on this provider. */
export interface CredentialAccount extends Account {
  role?: { name: 'user' | 'reviewer' | 'admin' | string };
  /** The plain text behind `note`. */
  source?: { note: string };
}

export type Visibility = 'public' | 'unlisted' | 'private' | 'direct';

export interface Status {
  id: string;
  created_at: string;
  in_reply_to_id: string | null;
  in_reply_to_account_id: string | null;
  spoiler_text: string;
  visibility: Visibility;
  url: string;
  replies_count: number;
  reblogs_count: number;
  favourites_count: number;
  favourited: boolean;
  reblogged: boolean;
  /** Safe HTML, sanitised by the server: the only field the UI renders as HTML. */
  content: string;
  reblog: Status | null;
  account: Account;
  mentions: { id: string; username: string; acct: string }[];
}

export interface Relationship {
  id: string;
  following: boolean;
  followed_by: boolean;
  /** A follow request of ours awaits the (locked) account's decision. */
  requested: boolean;
  /** The account asked to follow us. */
  requested_by: boolean;
}

export interface Token {
  access_token: string;
  token_type: string;
  scope: string;
}

export interface AppCredentials {
  client_id: string;
  client_secret: string;
}

export type VerificationState = 'pending' | 'approved' | 'rejected' | 'revoked';

export interface Verification {
  id: string;
  account_id: string;
  state: VerificationState;
  kind: AccountKind;
  organ_name: string;
  organ: OrganKind;
  public_security: boolean;
  level: Level;
  region_code: string | null;
  province: string | null;
  credit_code: string | null;
  position: string | null;
  rank: Rank | null;
  verification: string;
  evidence: string;
  organ_account_id: string | null;
  reason: string | null;
  decided_at: string | null;
  created_at: string;
  account: Account | null;
  vouches: { organ_account_id: string; operator_id: string | null; created_at: string }[];
  /** Warnings for the reviewer, e.g. `display_name_invisible_characters`. */
  flags: string[];
}

export interface Operator {
  id: string;
  organ_account_id: string;
  account_id: string;
  created_at: string;
  removed_at: string | null;
  account: Account | null;
}

export interface RequestEvent {
  id: string;
  type: string;
  account_id: string;
  operator_id: string | null;
  text: string | null;
  created_at: string;
}

export interface ServiceRequest {
  id: string;
  account_id: string;
  citizen_account_id: string;
  category: RequestCategory;
  text: string;
  visibility: 'public' | 'private';
  state: RequestState;
  response: string | null;
  accepted_at: string | null;
  first_response_at: string | null;
  resolved_at: string | null;
  rating: number | null;
  created_at: string;
  organ: Account | null;
  citizen: Account | null;
  events: RequestEvent[];
}


export interface Analytics {
  account_id: string;
  from: string;
  to: string;
  days: DayStats[];
  totals: Partial<Record<keyof DayStats, number>>;
  service: ServiceStats;
}

export interface Notification {
  id: string;
  type: string;
  created_at: string;
  account: Account;
  status?: Status;
  request_id?: string;
}

/** Counts of one slice of the census (a provider, a province). */
export interface CensusSplit {
  total: number;
  institutional: number;
  individual: number;
}

/** An entry of the report's rankings; only name and followers are relied on, the rest shown when present. */
export interface RankingEntry {
  name: string;
  provider?: string;
  handle?: string;
  followers?: number;
  posts?: number;
  province?: string | null;
  level?: string | null;
  organ?: string | null;
  rank?: string | null;
  verification?: string | null;
  score?: number;
}

/** What the dashboard reads of the census report (CONTRACT §3). */
export interface CensusReport {
  cutoff: string;
  total: number;
  previous: { cutoff: string; total: number } | null;
  growth: { ratio: number; increase: number } | null;
  institutional: { total: number; public_security: number; by_organ: Record<string, number>; by_level: Record<string, number> };
  individual: {
    total: number;
    public_security: number;
    grassroots?: number;
    provincial_ministerial_leaders?: number;
    by_organ: Record<string, number>;
    by_level: Record<string, number>;
    by_rank: Record<string, number>;
  };
  by_provider: Record<string, CensusSplit>;
  by_province: Record<string, CensusSplit>;
  ranking?: { institutional?: RankingEntry[]; individual?: RankingEntry[] } | null;
}
