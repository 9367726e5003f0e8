import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySerializerCompiler } from 'fastify';
import { $ZodType, safeParse } from 'zod/v4/core';

/** An answer that does not match the schema its route declares (only raised when `checkResponses` is on). */
export class ResponseMismatchError extends Error {
  readonly statusCode = 500;
  constructor(
    readonly route: string,
    readonly status: number,
    readonly issues: string[],
  ) {
    super(`${route} answered ${status} unlike its schema: ${issues.slice(0, 5).join('; ')}`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Keys of the input that the parse dropped: a schema that strips them would hide a presenter's drift. */
function droppedKeys(input: unknown, output: unknown, path: (string | number)[], out: string[]): void {
  if (Array.isArray(input) && Array.isArray(output)) {
    input.forEach((v, i) => droppedKeys(v, output[i], [...path, i], out));
  } else if (isObject(input) && isObject(output)) {
    for (const [k, v] of Object.entries(input)) {
      if (!(k in output)) out.push(`${[...path, k].join('.')}: unrecognized key`);
      else droppedKeys(v, output[k], [...path, k], out);
    }
  }
}

/**
 * What is wrong with a JSON value against a schema, checked strictly: every
 * zod issue (named by its path), and every key the schema does not list, at
 * any depth (except inside objects the schema declares open). Empty: it matches.
 */
export function responseIssues(schema: $ZodType, value: unknown): string[] {
  const r = safeParse(schema, value);
  if (!r.success) return r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  const out: string[] = [];
  droppedKeys(value, r.data, [], out);
  return out;
}

/** The zod schema a route declares for a status code (exact, then `2xx`-style, then `default`). */
export function declaredSchema(response: unknown, status: number, contentType?: string): $ZodType | null {
  if (!isObject(response)) return null;
  const entry = response[String(status)] ?? response[`${String(status)[0]}xx`] ?? response[`${String(status)[0]}XX`] ?? response.default;
  if (entry instanceof $ZodType) return entry;
  if (isObject(entry) && isObject(entry.content)) {
    const type = (contentType ?? '').split(';')[0]?.trim() ?? '';
    const match = Object.entries(entry.content).find(([t]) => t.split(';')[0]?.trim() === type);
    const schema = isObject(match?.[1]) ? match[1].schema : undefined;
    return schema instanceof $ZodType ? schema : null;
  }
  return null;
}

/**
 * The serializer of every route's answers. In production it is JSON.stringify:
 * nothing stripped, nothing validated, so a presenter and its schema drifting
 * apart never turns an answer into a 500. With `check` (tests), each answer is
 * validated strictly against its schema, and a mismatch fails the request.
 */
export function responseSerializerCompiler(check: boolean): FastifySerializerCompiler<unknown> {
  return ({ schema, method, url, httpStatus }) => {
    if (!check || !(schema instanceof $ZodType)) return (data) => JSON.stringify(data);
    const route = `${method} ${url}`;
    return (data) => {
      const text = JSON.stringify(data);
      const issues = responseIssues(schema, text === undefined ? undefined : JSON.parse(text));
      if (issues.length) throw new ResponseMismatchError(route, Number(httpStatus) || 0, issues);
      return text;
    };
  };
}

/** Answers sent as ready-made JSON bytes (the timelines) skip the serializer: with `check`, this hook parses and validates them. */
export function checkPrerenderedAnswers(app: FastifyInstance): void {
  app.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (!Buffer.isBuffer(payload)) return payload;
    const type = String(reply.getHeader('content-type') ?? '');
    if (!/^application\/(.+\+)?json/.test(type)) return payload;
    const schema = declaredSchema(req.routeOptions.schema?.response, reply.statusCode, type);
    if (!schema) return payload;
    const route = `${req.method} ${req.routeOptions.url ?? req.url}`;
    let value: unknown;
    try {
      value = JSON.parse(payload.toString('utf8'));
    } catch {
      throw new ResponseMismatchError(route, reply.statusCode, ['(root): not JSON']);
    }
    const issues = responseIssues(schema, value);
    if (issues.length) throw new ResponseMismatchError(route, reply.statusCode, issues);
    return payload;
  });
}
