/**
 * The one catalogue of errors a use case may raise. Codes are stable (tests and
 * clients match on them); the HTTP mapper turns them into status + JSON.
 */
export const ERRORS = {
  unauthorized: { status: 401, message: 'The access token is invalid' },
  token_required: { status: 401, message: 'This method requires an authenticated user' },
  insufficient_scope: { status: 403, message: 'This action is outside the authorized scopes' },
  forbidden: { status: 403, message: 'This action is not allowed' },
  not_found: { status: 404, message: 'Record not found' },
  conflict: { status: 409, message: 'The request conflicts with the current state' },
  payload_too_large: { status: 413, message: 'The request body is too large' },
  unsupported_media_type: { status: 415, message: 'Unsupported content type' },
  validation_failed: { status: 422, message: 'Validation failed' },
  follow_limit_reached: { status: 422, message: 'You cannot follow more accounts' },
  invalid_state: { status: 422, message: 'The record is not in a state that allows this' },
  /** A post would mention accounts outside its allowed_mentions. */
  unexpected_mentions: { status: 422, message: 'Post would be sent to unexpected accounts' },
  rate_limited: { status: 429, message: 'Too many requests' },
  /** Too many wrong passwords for one account, from anywhere: held until the window ends, except for browsers it signed in from. */
  sign_in_throttled: { status: 429, message: 'Too many sign-in attempts for this account; try again later' },
  /** A form post that did not come from this provider's own page (Rails/Mastodon answer 422 to it). */
  invalid_authenticity_token: { status: 422, message: 'The form expired or did not come from this site; reload the page and try again' },
  invalid_client: { status: 401, message: 'Client authentication failed' },
  invalid_grant: { status: 400, message: 'The provided authorization grant is invalid, expired or revoked' },
  invalid_request: { status: 400, message: 'The request is missing a required parameter or is malformed' },
  unsupported_grant_type: { status: 400, message: 'The authorization grant type is not supported' },
  invalid_scope: { status: 400, message: 'The requested scope is invalid, unknown or malformed' },
  bad_request: { status: 400, message: 'Bad request' },
  /** An inbox POST whose HTTP signature is missing or does not verify (another server's delivery refused). */
  invalid_signature: { status: 401, message: 'The request has no valid HTTP signature' },
} as const;

export type ErrorCode = keyof typeof ERRORS;

/**
 * Why a field failed, finer than Mastodon's `ERR_*` code: a stable name the web UI (and any client) turns into a
 * message in its user's language, with `params` for what the message names. The list lives here, in one place, so
 * that the UI's catalogue can be checked to translate every one (web/src/messages-errors.ts).
 */
export const FIELD_REASONS = [
  'invisible_characters',
  'region_code_format',
  'region_code_province',
  'region_code_provincial',
  'police_kind',
  'credit_code_length',
  'credit_code_alphabet',
  'credit_code_check',
  'rank_individual_only',
  'rank_above_level',
  'vouch_self',
  'organ_not_verified',
  'username_characters',
  'score_range',
  'account_closed',
  'operator_self',
  'image_type',
  'image_empty',
  'image_timeout',
  'image_corrupt',
  'media_with_poll',
  'media_twice',
  'report_own_account',
  'report_statuses',
  'report_rules',
  'scheduled_too_soon',
  'timestamp',
  'language_code',
  'url',
  'domain',
  'day',
  'from_after_to',
  'hashtag',
  'display_name_locked',
  'evidence_type',
  'evidence_pdf',
  'evidence_too_large',
  'evidence_too_many',
  'evidence_unknown',
  // The request schema's own checks (Zod's issue codes, src/http/plugins/errors.ts).
  'required',
  'too_long',
  'too_short',
  'too_large',
  'too_small',
  'wrong_type',
  'not_allowed',
] as const;

export type FieldReason = (typeof FIELD_REASONS)[number];

/** What a message about one field may name: a count, a value the client sent. */
export type FieldParams = Record<string, string | number>;

/**
 * Per-field problems, Mastodon style: `{ username: [{ error: 'ERR_TAKEN', description }] }`; govblog adds `reason`
 * and `params` where a client can say more than the code does.
 */
export type FieldErrors = Record<string, { error: string; description: string; reason?: FieldReason; params?: FieldParams }[]>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: FieldErrors | undefined;
  /** For a `not_found`: what was looked for (`account`, `status`…), so a client can say it in its own words. */
  resource: string | undefined;

  constructor(code: ErrorCode, message?: string, details?: FieldErrors) {
    super(message ?? ERRORS[code].message);
    this.code = code;
    this.status = ERRORS[code].status;
    this.details = details;
  }
}

/** An error that says when to try again: the HTTP mapper sends `Retry-After` (seconds). */
export class RetryLaterError extends AppError {
  readonly retryAfter: number;

  constructor(code: ErrorCode, retryAfterSeconds: number, message?: string) {
    super(code, message);
    this.retryAfter = Math.max(1, Math.ceil(retryAfterSeconds));
  }
}

/** A count a length check names ("is too long (maximum is 500 characters)"), for a client's own message. */
function countOf(error: string, description: string): FieldParams | undefined {
  if (error !== 'ERR_TOO_LONG' && error !== 'ERR_TOO_SHORT' && error !== 'ERR_TOO_MANY' && error !== 'ERR_TOO_LARGE') return undefined;
  const m = /(?:maximum|minimum|at most|at least|up to)(?: is)? (\d+)/i.exec(description);
  return m ? { count: Number(m[1]) } : undefined;
}

/** A 422 naming one field, the common case for a failed check; `why` names the reason for a client's message. */
export function fieldError(field: string, error: string, description: string, why?: FieldReason | { reason: FieldReason; params: FieldParams }): AppError {
  const reason = typeof why === 'string' ? why : why?.reason;
  const params = typeof why === 'object' ? why.params : countOf(error, description);
  return new AppError('validation_failed', `Validation failed: ${field} ${description}`, {
    [field]: [{ error, description, ...(reason ? { reason } : {}), ...(params ? { params } : {}) }],
  });
}

/** `Account not found`, and `resource: "account"` for a client that says it in its user's language. */
export function notFound(what = 'Record'): AppError {
  const err = new AppError('not_found', `${what} not found`);
  err.resource = what.toLowerCase().replace(/e-mail/g, 'email').replace(/[^a-z]+/g, '_');
  return err;
}
