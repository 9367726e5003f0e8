import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { fieldError } from '../../app/errors.js';

/**
 * Why a string cannot be stored as it was sent, or null when it can.
 * PostgreSQL's text holds no U+0000 (SQLite does: the dialects would answer
 * differently), and a lone surrogate, which only JSON's `\u` escapes can
 * carry, has no UTF-8 form: both databases would keep U+FFFD in its place.
 */
export function unstorableReason(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  if (/\p{Cs}/u.test(text)) return 'must be valid Unicode (it contains a lone surrogate)';
  return null;
}

/** A name fit to show in an error: the characters that made it unfit written as `\uXXXX`. */
function printable(name: string): string {
  return name.replace(/\u0000|\p{Cs}/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The first string in parsed input (params, query or body) that no database
 * can hold, named by its path as Rails writes it (`fields_attributes[0][value]`).
 * Uploaded files (Buffers) are bytes, not text, and are left alone.
 */
export function findUnstorableText(value: unknown, path = ''): { field: string; reason: string } | null {
  // Walked with a stack of its own: a body nested a hundred thousand deep must be a 422 or nothing, not a stack overflow.
  const stack: [unknown, string][] = [[value, path]];
  while (stack.length > 0) {
    const [node, at] = stack.pop() as [unknown, string];
    if (typeof node === 'string') {
      const reason = unstorableReason(node);
      if (reason) return { field: at || 'body', reason };
      continue;
    }
    if (node === null || typeof node !== 'object' || Buffer.isBuffer(node)) continue;
    const entries: [string, unknown][] = Array.isArray(node) ? node.map((v, i) => [String(i), v]) : Object.entries(node);
    const children: [unknown, string][] = [];
    for (const [key, child] of entries) {
      const name = at ? `${at}[${key}]` : Array.isArray(node) ? `[${key}]` : key;
      const keyReason = unstorableReason(key);
      if (keyReason) return { field: printable(name), reason: `name ${keyReason}` };
      children.push([child, name]);
    }
    // Pushed in reverse, so that the first field in the input is the one named.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as [unknown, string]);
  }
  return null;
}

/**
 * Every request, on every route: a path parameter, query parameter or body
 * field (JSON, form or multipart) that no database can hold is a 422 naming
 * it, before any schema or use case sees it. Registered after the auth
 * plugin, so a missing token is still a 401 first.
 */
export const storableTextPlugin = fp(async (app: FastifyInstance) => {
  app.addHook('preValidation', async (request) => {
    for (const input of [request.params, request.query, request.body]) {
      const bad = findUnstorableText(input);
      if (bad) throw fieldError(bad.field, 'ERR_INVALID', bad.reason);
    }
  });
});
