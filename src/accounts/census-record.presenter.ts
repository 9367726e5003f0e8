import type { CensusRecord } from '../http/schemas/gov.js';
import type { ServiceStats } from '../requests/service-stats.js';
import type { GovDirectoryRow } from './directory.repository.js';

/**
 * An account as the census reads it: CONTRACT §2's record, labels as the
 * provider knows them, and (an addition to §2) the organ's service record
 * when citizens have sent it requests, which the census ranking weighs.
 */
export function presentCensusRecord(provider: string, r: GovDirectoryRow, service?: ServiceStats): CensusRecord {
  const gov = r.kind !== null;
  return {
    provider,
    id: String(r.id),
    handle: r.username,
    name: r.display_name || r.username,
    verified: gov,
    verification: r.verification ?? null,
    created_at: r.created_at,
    closed_at: r.closed_at,
    followers: Number(r.followers_count),
    posts: Number(r.statuses_count),
    labels: gov
      ? {
          government: true,
          kind: r.kind,
          organ: r.organ,
          public_security: r.public_security === 1,
          level: r.level,
          rank: r.kind === 'individual' ? r.rank : null,
          province: r.province,
        }
      : null,
    ...(service && service.total > 0
      ? {
          service: {
            total: service.total,
            response_rate: service.response_rate,
            median_hours_to_first_response: service.median_hours_to_first_response,
            average_rating: service.average_rating,
            ratings: service.ratings,
          },
        }
      : {}),
  };
}
