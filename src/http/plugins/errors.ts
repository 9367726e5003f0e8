import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type FieldErrors, type FieldParams, type FieldReason, RetryLaterError } from '../../app/errors.js';

/** OAuth endpoints answer in RFC 6749's shape: `{error: code, error_description}`. */
const OAUTH_CODES = new Set(['invalid_client', 'invalid_grant', 'invalid_request', 'unsupported_grant_type', 'invalid_scope']);

/**
 * The `WWW-Authenticate` challenge Mastodon's Doorkeeper sends (RFC 6750 §3):
 * on a 401 for a missing or bad token, and on a 403 for a token without the scope.
 */
export function bearerChallenge(err: AppError): string | null {
  const quote = (v: string) => v.replace(/["\\]/g, '');
  if (err.code === 'unauthorized' || err.code === 'token_required') return `Bearer realm="Doorkeeper", error="invalid_token", error_description="${quote(err.message)}"`;
  if (err.code === 'insufficient_scope') return `Bearer realm="Doorkeeper", error="insufficient_scope", error_description="${quote(err.message)}"`;
  return null;
}

/** What a Zod issue carries that a client's message needs. */
interface SchemaIssue {
  code?: string;
  path?: unknown[];
  origin?: string;
  input?: unknown;
  maximum?: number | bigint;
  minimum?: number | bigint;
}

/** A schema failure's reason and count, so that a client can say "at most 500 characters" in its user's language. */
function reasonOf(issue: SchemaIssue): { reason?: FieldReason; params?: FieldParams } {
  const count = (n: number | bigint | undefined) => (n === undefined ? undefined : { count: Number(n) });
  const sized = issue.origin === 'string' || issue.origin === 'array';
  switch (issue.code) {
    case 'too_big': {
      const params = count(issue.maximum);
      return { reason: sized ? 'too_long' : 'too_large', ...(params ? { params } : {}) };
    }
    case 'too_small': {
      const params = count(issue.minimum);
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return { reason: 'required' };
      return { reason: sized ? 'too_short' : 'too_small', ...(params ? { params } : {}) };
    }
    case 'invalid_type':
      return { reason: issue.input === undefined ? 'required' : 'wrong_type' };
    case 'invalid_value':
    case 'invalid_union':
      return { reason: 'not_allowed' };
    default:
      return {};
  }
}

function fieldName(path: string, key: string): string {
  const p = path.replace(/^\//, '').replace(/\//g, '.');
  return p || key || 'body';
}

/**
 * The one mapper from errors to HTTP: the catalogue's codes keep their
 * status, schema failures become 422 naming the field, Fastify's own client
 * errors (bad JSON, too large, wrong type) keep their 4xx, anything else is
 * a 500 that is logged and says nothing of the internals.
 */
export function errorHandler(this: FastifyInstance, err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (err instanceof AppError) {
    if (err instanceof RetryLaterError) reply.header('retry-after', String(err.retryAfter));
    const challenge = bearerChallenge(err);
    if (challenge) reply.header('www-authenticate', challenge);
    if (OAUTH_CODES.has(err.code)) return reply.status(err.status).send({ error: err.code, error_description: err.message });
    return reply.status(err.status).send({ error: err.message, code: err.code, ...(err.resource ? { resource: err.resource } : {}), ...(err.details ? { details: err.details } : {}) });
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const details: FieldErrors = {};
    for (const v of err.validation) {
      // fastify-type-provider-zod gives Zod's issue code as the keyword and the rest of the issue as params.
      const params = (v.params ?? {}) as SchemaIssue & { issue?: SchemaIssue };
      const issue: SchemaIssue = { code: v.keyword, ...params, ...params.issue };
      const field = fieldName(v.instancePath, Array.isArray(issue.path) ? issue.path.join('.') : '');
      (details[field] ??= []).push({ error: 'ERR_INVALID', description: v.message ?? 'is invalid', ...reasonOf(issue) });
    }
    const summary = Object.entries(details)
      .map(([f, l]) => `${f} ${l.map((e) => e.description).join(', ')}`)
      .join('; ');
    return reply.status(422).send({ error: `Validation failed: ${summary}`, code: 'validation_failed', details });
  }
  const status = err.statusCode ?? 500;
  if (status === 429) return reply.status(429).send({ error: 'Too many requests', code: 'rate_limited' });
  // One code for a body too large, whichever parser (JSON, form, multipart) found it.
  if (status === 413) return reply.status(413).send({ error: 'The request body is too large', code: 'payload_too_large' });
  if (status >= 400 && status < 500) return reply.status(status).send({ error: err.message, code: err.code ?? 'bad_request' });
  request.log.error({ err }, 'unhandled error');
  return reply.status(500).send({ error: 'Internal server error', code: 'internal' });
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return reply.status(404).send({ error: 'Record not found', code: 'not_found' });
}
