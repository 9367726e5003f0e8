import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, type FieldParams, type FieldReason, fieldError } from '../../app/errors.js';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** An upload route: the largest file a multipart body may carry (a larger one is a 422 naming its field). */
    uploadLimit?: number;
    /** The finer reason a file over `uploadLimit` is refused with, for a route whose client says it in its own words. */
    uploadTooLarge?: { reason: FieldReason; params: FieldParams };
  }
  interface FastifyRequest {
    /** The file names a multipart body gave its files, by field, in order: display text for the route that wants it, never a path. */
    uploadFilenames: Record<string, string[]> | null;
  }
}

/**
 * Mastodon clients send JSON, form-urlencoded and multipart bodies, each held
 * to the same size limit. All three end up as one plain object; `key[]` fields become arrays and
 * `a[b]` fields nested objects, as Rails would read them.
 */
export const bodiesPlugin = fp(async (app: FastifyInstance, opts: { bodyLimit: number }) => {
  // A POST with `Content-Type: application/json` and no body (masto.js sends them for actions) is an empty
  // object, as Rails reads it, not Fastify's 400; anything else goes to Fastify's own parser (prototype poisoning refused).
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: opts.bodyLimit }, (req, body, done) => {
    if ((body as string).trim() === '') return done(null, {});
    return json(req, body as string, done);
  });
  app.decorateRequest('uploadFilenames', null);
  await app.register(formbody, { bodyLimit: opts.bodyLimit });
  await app.register(multipart, {
    limits: { fileSize: opts.bodyLimit, fieldSize: opts.bodyLimit, fields: 200, files: 4, parts: 204 },
  });
  app.addHook('preValidation', async (request) => {
    // A route taking uploads (media, avatars) declares a larger bodyLimit of its own, and the size of one file (config.uploadLimit).
    if (request.isMultipart()) {
      const uploadLimit = request.routeOptions.config?.uploadLimit;
      request.body = await readMultipart(request, request.routeOptions.bodyLimit ?? opts.bodyLimit, uploadLimit, request.routeOptions.config?.uploadTooLarge);
    }
    const body = request.body;
    if (body && typeof body === 'object' && !Array.isArray(body) && !Buffer.isBuffer(body)) {
      const type = request.headers['content-type'] ?? '';
      // JSON `null` for an optional field means absent, as Rails' params treat it.
      if (!type.startsWith('application/json')) request.body = railsParams(body as Record<string, unknown>);
      else request.body = withoutNulls(body as Record<string, unknown>);
    } else if (body === undefined && (request.method === 'POST' || request.method === 'PUT' || request.method === 'PATCH')) {
      // No body at all: the same as an empty one.
      request.body = {};
    }
  });
});

/**
 * Reads a multipart body into one object (fields as strings, files as
 * Buffers, a repeated name as a list), holding it to the same size limit as
 * JSON and form bodies: the multipart parser limits each part, not the whole.
 * A malformed body is the client's error, not a 500. On an upload route, a
 * file over `uploadLimit` is a 422 naming its field (its bytes past the limit
 * are never held).
 */
async function readMultipart(request: FastifyRequest, bodyLimit: number, uploadLimit?: number, tooLargeWhy?: { reason: FieldReason; params: FieldParams }): Promise<Record<string, unknown>> {
  const tooLarge = () => new AppError('payload_too_large');
  if (Number(request.headers['content-length'] ?? 0) > bodyLimit) throw tooLarge();
  const body: Record<string, unknown> = Object.create(null);
  let size = 0;
  try {
    for await (const part of request.parts({ limits: { fileSize: uploadLimit ?? bodyLimit } })) {
      let value: string | Buffer;
      if (part.type === 'file') {
        try {
          value = await part.toBuffer();
        } catch (err) {
          if (uploadLimit !== undefined && (err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
            throw fieldError(part.fieldname, 'ERR_TOO_LARGE', `is too large (at most ${uploadLimit} bytes)`, tooLargeWhy);
          throw err;
        }
        const names = (request.uploadFilenames ??= Object.create(null) as Record<string, string[]>);
        (names[part.fieldname] ??= []).push(part.filename ?? '');
      } else {
        if (part.valueTruncated) throw tooLarge();
        value = typeof part.value === 'string' ? part.value : String(part.value ?? '');
      }
      size += Buffer.byteLength(part.fieldname) + (typeof value === 'string' ? Buffer.byteLength(value) : value.length);
      if (size > bodyLimit) throw tooLarge();
      const prev = body[part.fieldname];
      body[part.fieldname] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    const status = (err as { statusCode?: number }).statusCode;
    if (status === 413) throw tooLarge();
    throw new AppError('bad_request', 'The multipart body is malformed');
  }
  return { ...body };
}

/** Drops `null` members of an object and of the objects inside it (arrays are kept as sent). */
export function withoutNulls(body: Record<string, unknown>, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    if (v === null) continue;
    out[k] = depth < 8 && v && typeof v === 'object' && !Array.isArray(v) ? withoutNulls(v as Record<string, unknown>, depth + 1) : v;
  }
  return out;
}

/** Turns flat `k[]`, `k[sub]` keys into arrays and objects. */
export function railsParams(flat: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  for (const [key, value] of Object.entries(flat)) {
    const m = /^([^[\]]+)((?:\[[^[\]]*\])+)$/.exec(key);
    if (!m) {
      out[key] = value;
      continue;
    }
    const parts = [...(m[2] as string).matchAll(/\[([^[\]]*)\]/g)].map((x) => x[1] as string);
    let node: Record<string, unknown> = out;
    let name = m[1] as string;
    for (const part of parts) {
      if (name === '__proto__' || name === 'constructor' || name === 'prototype') break;
      if (part === '') {
        const list = Array.isArray(node[name]) ? (node[name] as unknown[]) : [];
        list.push(...(Array.isArray(value) ? value : [value]));
        node[name] = list;
        name = '';
        break;
      }
      const child = node[name];
      node[name] = child && typeof child === 'object' && !Array.isArray(child) ? child : Object.create(null);
      node = node[name] as Record<string, unknown>;
      name = part;
    }
    if (name !== '' && name !== '__proto__' && name !== 'constructor' && name !== 'prototype') node[name] = value;
  }
  return { ...out };
}
