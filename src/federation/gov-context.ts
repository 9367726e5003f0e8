import type { GovProfileRow } from '../verification/gov-profiles.repository.js';

/**
 * govblog's ActivityPub vocabulary for the government profile (docs/activitypub-gov.md).
 * The namespace IRI is the same on every provider, so that a reader matches
 * terms whoever published them; it names, it is not fetched. Actor documents
 * carry the context inline (as Mastodon does its `toot:` terms), so no
 * processor has to dereference anything; each provider also serves it at
 * GOV_CONTEXT_PATH for those who want to reference it.
 */
export const GOV_NAMESPACE = 'https://w3id.org/govblog/ns#';

/** Where each provider serves the context document. */
export const GOV_CONTEXT_PATH = '/ns/gov.jsonld';

/** The term definitions (a JSON-LD 1.1 context; the profile's own terms are scoped to `government`, so they clash with no one's). */
export const GOV_CONTEXT = {
  govblog: GOV_NAMESPACE,
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  GovernmentProfile: 'govblog:GovernmentProfile',
  government: {
    '@id': 'govblog:government',
    '@context': {
      kind: 'govblog:kind',
      organ: 'govblog:organ',
      organName: 'govblog:organName',
      publicSecurity: { '@id': 'govblog:publicSecurity', '@type': 'xsd:boolean' },
      level: 'govblog:level',
      rank: 'govblog:rank',
      province: 'govblog:province',
      regionCode: 'govblog:regionCode',
      position: 'govblog:position',
      verification: 'govblog:verification',
      verifiedAt: { '@id': 'govblog:verifiedAt', '@type': 'xsd:dateTime' },
      verifiedBy: { '@id': 'govblog:verifiedBy', '@type': '@id' },
    },
  },
} as const;

/** The document served at GOV_CONTEXT_PATH. */
export const GOV_CONTEXT_DOCUMENT = { '@context': { '@version': 1.1, ...GOV_CONTEXT } } as const;

/** The `government` object of a verified account's actor: CONTRACT §4's gov object, and who verified it (the provider's instance actor). */
export function governmentProfile(p: GovProfileRow, verifiedBy: string): Record<string, unknown> {
  return {
    type: 'GovernmentProfile',
    kind: p.kind,
    organ: p.organ,
    organName: p.organ_name,
    publicSecurity: p.public_security === 1,
    level: p.level,
    rank: p.rank,
    province: p.province,
    regionCode: p.region_code,
    position: p.position,
    verification: p.verification,
    verifiedAt: p.verified_at,
    verifiedBy,
  };
}
