import type { Migration } from 'kysely/migration';
import * as m0001 from './0001_initial.js';
import * as m0002 from './0002_conversation.js';
import * as m0003 from './0003_feed_status_index.js';
import * as m0004 from './0004_follow_requests.js';
import * as m0005 from './0005_conversation_participants.js';
import * as m0006 from './0006_sign_in_throttle.js';
import * as m0007 from './0007_gov_standing.js';
import * as m0008 from './0008_media.js';
import * as m0009 from './0009_search.js';
import * as m0010 from './0010_jobs_push.js';
import * as m0011 from './0011_clients.js';
import * as m0014 from './0014_edits_polls.js';
import * as m0015 from './0015_collections.js';
import * as m0017 from './0017_discovery.js';
import * as m0018 from './0018_extras.js';
import * as m0013 from './0013_reports.js';
import * as m0019 from './0019_blocks.js';
import * as m0021 from './0021_trend_reviews.js';
import * as m0022 from './0022_domain_moderation.js';
import * as m0023 from './0023_quotes.js';
import * as m0024 from './0024_account_collections.js';
import * as m0025 from './0025_tag_admin.js';
import * as m0027 from './0027_federation.js';
import * as m0028 from './0028_federation_speed.js';
import * as m0029 from './0029_request_inbox.js';
import * as m0030 from './0030_verification_names.js';
import * as m0031 from './0031_verification_evidence.js';
import * as m0020 from './0020_lists_filters.js';
import * as m0026 from './0026_remote.js';

/** Every migration, in order. Explicit so that bundling and renames cannot reorder them. */
export const MIGRATIONS: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_conversation': m0002,
  '0003_feed_status_index': m0003,
  '0004_follow_requests': m0004,
  '0005_conversation_participants': m0005,
  '0006_sign_in_throttle': m0006,
  '0007_gov_standing': m0007,
  '0008_media': m0008,
  '0009_search': m0009,
  '0010_jobs_push': m0010,
  '0011_clients': m0011,
  '0014_edits_polls': m0014,
  '0015_collections': m0015,
  '0017_discovery': m0017,
  '0018_extras': m0018,
  '0013_reports': m0013,
  '0019_blocks': m0019,
  '0020_lists_filters': m0020,
  '0021_trend_reviews': m0021,
  '0022_domain_moderation': m0022,
  '0023_quotes': m0023,
  '0024_account_collections': m0024,
  '0025_tag_admin': m0025,
  '0026_remote': m0026,
  '0027_federation': m0027,
  '0028_federation_speed': m0028,
  '0029_request_inbox': m0029,
  '0030_verification_names': m0030,
  '0031_verification_evidence': m0031,
};
