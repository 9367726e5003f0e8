import { z } from 'zod';
import { AccountSchema } from './accounts.js';
import { named } from './registry.js';

/** Mastodon's instance rule. */
export const RuleSchema = named('Rule', z.object({ id: z.string(), text: z.string(), hint: z.string() }));

/** The limits a client needs (both instance documents carry it). */
export const InstanceConfigurationSchema = named(
  'InstanceConfiguration',
  z.object({
    urls: z.object({ streaming: z.string() }),
    accounts: z.object({ max_featured_tags: z.number().int(), max_pinned_statuses: z.number().int() }),
    statuses: z.object({ max_characters: z.number().int(), max_media_attachments: z.number().int(), characters_reserved_per_url: z.number().int() }),
    media_attachments: z.object({
      supported_mime_types: z.array(z.string()),
      image_size_limit: z.number().int(),
      image_matrix_limit: z.number().int(),
      video_size_limit: z.number().int(),
      video_frame_rate_limit: z.number().int(),
      video_matrix_limit: z.number().int(),
      description_limit: z.number().int(),
    }),
    polls: z.object({ max_options: z.number().int(), max_characters_per_option: z.number().int(), min_expiration: z.number().int(), max_expiration: z.number().int() }),
    translation: z.object({ enabled: z.boolean() }),
    /** The VAPID public key push subscriptions are made with (v2 only, as Mastodon). */
    vapid: z.object({ public_key: z.string() }).optional(),
  }),
);

/** GET /api/v2/instance: Mastodon's Instance entity. */
export const InstanceSchema = named(
  'Instance',
  z.object({
    domain: z.string(),
    title: z.string(),
    version: z.string(),
    source_url: z.string(),
    description: z.string(),
    usage: z.object({ users: z.object({ active_month: z.number().int() }) }),
    thumbnail: z.object({ url: z.string() }),
    icon: z.array(z.object({ src: z.string(), size: z.string() })),
    languages: z.array(z.string()),
    configuration: InstanceConfigurationSchema,
    registrations: z.object({ enabled: z.boolean(), approval_required: z.boolean(), message: z.string().nullable() }),
    api_versions: z.object({ mastodon: z.number().int() }),
    contact: z.object({ email: z.string(), account: AccountSchema.nullable() }),
    rules: z.array(RuleSchema),
  }),
);

/** GET /api/v1/instance: Mastodon's V1::Instance entity. */
export const InstanceV1Schema = named(
  'InstanceV1',
  z.object({
    uri: z.string(),
    title: z.string(),
    short_description: z.string(),
    description: z.string(),
    email: z.string(),
    version: z.string(),
    urls: z.object({ streaming_api: z.string() }),
    stats: z.object({ user_count: z.number().int(), status_count: z.number().int(), domain_count: z.number().int() }),
    thumbnail: z.string().nullable(),
    languages: z.array(z.string()),
    registrations: z.boolean(),
    approval_required: z.boolean(),
    invites_enabled: z.boolean(),
    configuration: InstanceConfigurationSchema,
    contact_account: AccountSchema.nullable(),
    rules: z.array(RuleSchema),
  }),
);

/** GET /.well-known/nodeinfo: where the NodeInfo documents are. */
export const NodeInfoLinksSchema = named('NodeInfoLinks', z.object({ links: z.array(z.object({ rel: z.string(), href: z.string() })) }));

/** GET /nodeinfo/2.0: NodeInfo 2.0, with the provider's count of verified government accounts in `metadata`. */
export const NodeInfoSchema = named(
  'NodeInfo',
  z.object({
    version: z.literal('2.0'),
    software: z.object({ name: z.string(), version: z.string() }),
    protocols: z.array(z.string()),
    services: z.object({ inbound: z.array(z.string()), outbound: z.array(z.string()) }),
    openRegistrations: z.boolean(),
    usage: z.object({
      users: z.object({ total: z.number().int(), activeMonth: z.number().int(), activeHalfyear: z.number().int() }),
      localPosts: z.number().int(),
    }),
    metadata: z.object({ nodeName: z.string(), provider: z.string(), verifiedGovernmentAccounts: z.number().int() }),
  }),
);

/** The NodeInfo answer's content type. */
export const nodeInfoResponse = { content: { 'application/json; profile="http://nodeinfo.diaspora.software/ns/schema/2.0#"': { schema: NodeInfoSchema } } };
