import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Mastodon clients send JSON, form-urlencoded and multipart bodies. All
 * three end up as one plain object; `key[]` fields become arrays and
 * `a[b]` fields nested objects, as Rails would read them.
 */
export const bodiesPlugin = fp(async (app: FastifyInstance, opts: { bodyLimit: number }) => {
  await app.register(formbody, { bodyLimit: opts.bodyLimit });
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: opts.bodyLimit, fieldSize: opts.bodyLimit, fields: 200, files: 4, parts: 204 },
  });
  app.addHook('preValidation', async (request) => {
    const body = request.body;
    if (body && typeof body === 'object' && !Array.isArray(body) && !Buffer.isBuffer(body)) {
      const type = request.headers['content-type'] ?? '';
      if (!type.startsWith('application/json')) request.body = railsParams(body as Record<string, unknown>);
    }
  });
});

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
