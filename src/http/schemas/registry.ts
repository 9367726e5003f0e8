import { z } from 'zod';

/** What a named schema of the API carries: its component name in `/docs/json`. */
export interface ApiSchemaMeta {
  id: string;
  description?: string;
  [key: string]: unknown;
}

/**
 * The registry of the API's named answers. Kept apart from zod's global one so
 * that `/docs/json` lists exactly these as `components.schemas`.
 */
export const apiRegistry = z.registry<ApiSchemaMeta>();

/** Names a schema (its `components.schemas` key) and returns it unchanged. */
export function named<T extends z.ZodType>(id: string, schema: T, description?: string): T {
  apiRegistry.add(schema, description === undefined ? { id } : { id, description });
  return schema;
}

/** A list always empty on this provider (no media, emojis, filters…): the answer carries the key, never an element. */
export const alwaysEmpty = z.array(z.never());

/** An ISO 8601 / RFC 3339 timestamp, as text. */
export const timestamp = z.string();

/** A numeric id, as text (Mastodon's habit: ids are strings). */
export const id = z.string();

/**
 * For a handler that sends the first of a batch of one it presented
 * (`const [json] = …; reply.send(json)`), which `noUncheckedIndexedAccess`
 * types as possibly undefined. Only the type admits undefined: the same
 * schema object is used, and the response check still refuses an absent answer.
 */
export function firstOfBatch<T extends z.ZodType>(schema: T): z.ZodType<z.output<T> | undefined> {
  return schema as unknown as z.ZodType<z.output<T> | undefined>;
}
