import { z } from 'zod';
import { FIELD_REASONS } from '../../app/errors.js';
import { AccountSchema } from './accounts.js';
import { named } from './registry.js';

/** Per-field problems of a 422, Mastodon style: `{ username: [{ error: 'ERR_TAKEN', description }] }`. */
export const FieldErrorsSchema = named(
  'FieldErrors',
  z.record(
    z.string(),
    z.array(
      z.object({
        error: z.string(),
        description: z.string(),
        /** govblog: why, finer than the code (src/app/errors.ts FIELD_REASONS), for a message in the client's language. */
        reason: z.enum(FIELD_REASONS).optional(),
        /** govblog: what that message names (a count, a value sent). */
        params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
      }),
    ),
  ),
);

/**
 * Every 4xx/5xx answer (src/http/plugins/errors.ts): Mastodon's `{ error }`,
 * with the catalogue's stable `code` and, for a failed validation, the fields
 * at fault; OAuth endpoints answer RFC 6749's `{ error: code, error_description }`.
 */
export const ApiErrorSchema = named(
  'Error',
  z.object({
    error: z.string(),
    code: z.string().optional(),
    /** govblog: for a 404, what was looked for (`account`, `status`…). */
    resource: z.string().optional(),
    details: FieldErrorsSchema.optional(),
    error_description: z.string().optional(),
  }),
);

/** The 422 of a post that would mention accounts outside `allowed_mentions` (Mastodon's unexpected_accounts_error_json). */
export const UnexpectedMentionsErrorSchema = named(
  'UnexpectedMentionsError',
  z.object({ error: z.string(), code: z.string().optional(), unexpected_accounts: z.array(AccountSchema) }),
);

/** The error answers every route may give. */
export const errorResponses = { '4xx': ApiErrorSchema } as const;

/** `{}`: what Mastodon answers to a dismissal, a deletion, a revocation. */
export const EmptySchema = named('Empty', z.object({}));

/** An HTML page (the sign-in page, the pages the `url` fields point to): not JSON, hidden from the document. */
export const htmlPage = { content: { 'text/html': { schema: z.string() } } };

/** An SVG image (avatars, headers). */
export const svgImage = { content: { 'image/svg+xml': { schema: z.string() } } };

/** The web UI: index.html for its routes, its built files (scripts, styles, icons) as they are. */
export const builtFile = { content: { 'text/html': { schema: z.string() }, '*/*': { schema: z.string() } } };
