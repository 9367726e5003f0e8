import { z } from 'zod';
import { ACCOUNT_KINDS, LEVELS, ORGAN_KINDS, RANKS } from '../../domain/taxonomy.js';
import { REQUEST_CATEGORIES, REQUEST_STATES } from '../../domain/service-request.js';
import { VERIFICATION_STATES } from '../../domain/verification-state.js';
import { AccountSchema } from './accounts.js';
import { id, named, timestamp } from './registry.js';

/** An organ's vouch for an official's application (operator_id null: the organ itself). */
export const VouchSchema = named('Vouch', z.object({ organ_account_id: id, operator_id: id.nullable(), created_at: timestamp }));

/** An application for verification, as its applicant and the reviewers see it. */
/** Another account already verified under an application's organ name or credit code: the reviewer looks twice. */
export const VerificationDuplicateSchema = named(
  'VerificationDuplicate',
  z.object({
    account_id: id,
    acct: z.string(),
    display_name: z.string(),
    /** Which of the application's fields the other verification shares. */
    field: z.enum(['organ_name', 'credit_code']),
  }),
);

/** An evidence file of an application (a scan of the letter or certificate); `url` is read with the bearer token. */
export const EvidenceFileSchema = named(
  'EvidenceFile',
  z.object({
    id,
    /** The uploader's file name, as display text only. */
    filename: z.string(),
    /** What the server found the bytes to be: image/jpeg, image/png, image/webp or application/pdf. */
    content_type: z.string(),
    /** Bytes, as stored (an image as re-encoded). */
    size: z.number().int(),
    url: z.string(),
  }),
);

export const VerificationSchema = named(
  'Verification',
  z.object({
    id,
    account_id: id,
    state: z.enum(VERIFICATION_STATES),
    kind: z.enum(ACCOUNT_KINDS),
    organ_name: z.string(),
    /** The account name the applicant asked for (济南公安 beside 济南市公安局), or null. */
    account_name: z.string().nullable(),
    /** The display name the reviewer gave on approval; null before, or when the approval left the name as it was. */
    display_name: z.string().nullable(),
    organ: z.enum(ORGAN_KINDS),
    public_security: z.boolean(),
    level: z.enum(LEVELS),
    region_code: z.string().nullable(),
    /** The name of the division region_code stands for (正定县), null when no GB/T 2260 revision knows it. */
    division_name: z.string().nullable(),
    /** The divisions it lies within (河北省石家庄市); null for a province or an unknown code. */
    division_within: z.string().nullable(),
    province: z.string().nullable(),
    credit_code: z.string().nullable(),
    position: z.string().nullable(),
    rank: z.enum(RANKS).nullable(),
    verification: z.string(),
    evidence: z.string(),
    organ_account_id: id.nullable(),
    reason: z.string().nullable(),
    reviewer_id: id.nullable(),
    decided_at: timestamp.nullable(),
    /** Until when the deciding reviewer may undo the approval or rejection (POST …/undo); null when nothing can be undone. */
    undo_until: timestamp.nullable(),
    created_at: timestamp,
    updated_at: timestamp,
    account: AccountSchema.nullable(),
    vouches: z.array(VouchSchema),
    /** Warnings for the reviewer, e.g. `display_name_invisible_characters`. */
    flags: z.array(z.string()),
    /** For reviewers: other accounts verified under the same organ name or credit code (empty for the applicant). */
    duplicates: z.array(VerificationDuplicateSchema),
    /** Evidence files, for the applicant and the reviewers (empty for anyone else). */
    evidence_files: z.array(EvidenceFileSchema),
  }),
);

/** A staff operator of an organ's account. */
export const OperatorSchema = named(
  'Operator',
  z.object({
    id,
    organ_account_id: id,
    account_id: id,
    added_by: id,
    created_at: timestamp,
    removed_at: timestamp.nullable(),
    account: AccountSchema.nullable(),
  }),
);

/** A staff member of an organ as its inbox names them: enough to tell who, not a full Account. */
export const RequestStaffSchema = named('RequestStaff', z.object({ id, username: z.string(), acct: z.string(), display_name: z.string() }));

/** One step of a service request's history; `operator_id` and `operator` only for the organ's side and reviewers. */
export const RequestEventSchema = named(
  'RequestEvent',
  z.object({
    id,
    type: z.enum(['submitted', 'accepted', 'responded', 'resolved', 'rated']),
    account_id: id,
    operator_id: id.nullable(),
    /** The staff member who took the step for the organ (null to the public, and when the organ account acted itself). */
    operator: RequestStaffSchema.nullable(),
    text: z.string().nullable(),
    created_at: timestamp,
  }),
);

/** A citizen's service request to an organ, with its history and both parties. */
export const ServiceRequestSchema = named(
  'ServiceRequest',
  z.object({
    id,
    account_id: id,
    citizen_account_id: id,
    category: z.enum(REQUEST_CATEGORIES),
    text: z.string(),
    visibility: z.enum(['public', 'private']),
    state: z.enum(REQUEST_STATES),
    response: z.string().nullable(),
    accepted_at: timestamp.nullable(),
    first_response_at: timestamp.nullable(),
    resolved_at: timestamp.nullable(),
    rating: z.number().int().nullable(),
    rated_at: timestamp.nullable(),
    created_at: timestamp,
    updated_at: timestamp,
    organ: AccountSchema.nullable(),
    citizen: AccountSchema.nullable(),
    events: z.array(RequestEventSchema),
    /** When the organ should have resolved it: its creation plus its category's time limit. */
    due_at: timestamp,
    /** Open and past due_at. */
    overdue: z.boolean(),
    /** Open and due within 24 hours. */
    due_soon: z.boolean(),
    /** Whom the organ gave it to (the organ's side and reviewers only; null to others and when nobody has it). */
    assignee_id: id.nullable(),
    assignee: RequestStaffSchema.nullable(),
    assigned_at: timestamp.nullable(),
  }),
);

/** An organ's service record: counts by state, response rate, median hours to first response, ratings. */
export const ServiceStatsSchema = named(
  'ServiceStats',
  z.object({
    total: z.number().int(),
    counts: z.object({ submitted: z.number().int(), accepted: z.number().int(), responded: z.number().int(), resolved: z.number().int() }),
    response_rate: z.number().nullable(),
    median_hours_to_first_response: z.number().nullable(),
    average_rating: z.number().nullable(),
    ratings: z.number().int(),
  }),
);

/** One day of an organ's analytics. */
export const DayStatsSchema = named(
  'DayStats',
  z.object({
    day: z.string(),
    followers: z.number().int(),
    followers_gained: z.number().int(),
    followers_lost: z.number().int(),
    posts: z.number().int(),
    replies_received: z.number().int(),
    favourites_received: z.number().int(),
    reblogs_received: z.number().int(),
  }),
);

/** An organ's analytics over a range of days. */
export const AnalyticsSchema = named(
  'Analytics',
  z.object({
    account_id: id,
    from: z.string(),
    to: z.string(),
    days: z.array(DayStatsSchema),
    totals: z.object({
      followers: z.number().int(),
      followers_start: z.number().int(),
      followers_gained: z.number().int(),
      followers_lost: z.number().int(),
      posts: z.number().int(),
      replies_received: z.number().int(),
      favourites_received: z.number().int(),
      reblogs_received: z.number().int(),
    }),
    service: ServiceStatsSchema,
  }),
);

/** One entry of the audit log. */
export const AuditEntrySchema = named(
  'AuditEntry',
  z.object({
    id,
    action: z.string(),
    actor_id: id.nullable(),
    operator_id: id.nullable(),
    subject_type: z.string(),
    subject_id: z.string(),
    reason: z.string().nullable(),
    /** Whatever the action needs to be understood later. */
    data: z.unknown(),
    created_at: timestamp,
  }),
);

/** CONTRACT §3 labels as the provider knows them. */
export const CensusLabelsSchema = named(
  'CensusLabels',
  z.object({
    government: z.literal(true),
    kind: z.enum(ACCOUNT_KINDS).nullable(),
    organ: z.enum(ORGAN_KINDS).nullable(),
    public_security: z.boolean(),
    level: z.enum(LEVELS).nullable(),
    rank: z.enum(RANKS).nullable(),
    province: z.string().nullable(),
  }),
);

/** An account record of the census feed (CONTRACT §2), with the organ's service record when it has requests. */
export const CensusRecordSchema = named(
  'CensusRecord',
  z.object({
    provider: z.string(),
    id,
    handle: z.string(),
    name: z.string(),
    verified: z.boolean(),
    verification: z.string().nullable(),
    created_at: timestamp,
    closed_at: timestamp.nullable(),
    followers: z.number().int(),
    posts: z.number().int(),
    labels: CensusLabelsSchema.nullable(),
    service: z
      .object({
        total: z.number().int(),
        response_rate: z.number().nullable(),
        median_hours_to_first_response: z.number().nullable(),
        average_rating: z.number().nullable(),
        /** How many ratings average_rating is of, so that a census can weigh the means. */
        ratings: z.number().int().optional(),
      })
      .optional(),
  }),
);

const tally = z.object({ total: z.number().int(), institutional: z.number().int(), individual: z.number().int() });
const counts = z.record(z.string(), z.number().int());

/**
 * The census report (CONTRACT §3) as `census report --format json` wrote it.
 * Read from a file that the operator names (and another version may have
 * written), so only `cutoff` and `total` are sure; the contract's other
 * fields are described when present, and keys beyond them (rankings,
 * inputs…) are kept.
 */
export const CensusReportSchema = named(
  'CensusReport',
  z.looseObject({
    cutoff: z.string(),
    total: z.number().int(),
    previous: z.looseObject({ cutoff: z.string(), total: z.number().int() }).nullable().optional(),
    growth: z.looseObject({ ratio: z.number().nullable(), increase: z.number().nullable() }).nullable().optional(),
    institutional: z.looseObject({ total: z.number().int(), public_security: z.number().int(), by_organ: counts, by_level: counts }).optional(),
    individual: z
      .looseObject({
        total: z.number().int(),
        public_security: z.number().int(),
        grassroots: z.number().int().optional(),
        provincial_ministerial_leaders: z.number().int().optional(),
        by_organ: counts,
        by_level: counts,
        by_rank: counts,
      })
      .optional(),
    by_provider: z.record(z.string(), tally).optional(),
    by_province: z.record(z.string(), tally).optional(),
    rejected: z.looseObject({ lines: z.number().int(), examples: z.array(z.looseObject({ input: z.string(), line: z.number().int(), error: z.string() })) }).optional(),
  }),
);

export type Verification = z.infer<typeof VerificationSchema>;
export type Vouch = z.infer<typeof VouchSchema>;
export type VerificationDuplicate = z.infer<typeof VerificationDuplicateSchema>;
export type EvidenceFile = z.infer<typeof EvidenceFileSchema>;
export type Operator = z.infer<typeof OperatorSchema>;
export type ServiceRequest = z.infer<typeof ServiceRequestSchema>;
export type RequestEvent = z.infer<typeof RequestEventSchema>;
export type RequestStaff = z.infer<typeof RequestStaffSchema>;
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export type CensusRecord = z.infer<typeof CensusRecordSchema>;
