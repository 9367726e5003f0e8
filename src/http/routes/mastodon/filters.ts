import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { filtersOf, findFilterWithRules, keywordsOfAccount } from '../../../filters/filters.repository.js';
import { presentFilter, presentFilterStatus, presentFilterV1, presentKeyword } from '../../../filters/filters.presenter.js';
import { FILTER_ACTIONS, FILTER_CONTEXTS } from '../../../filters/filters.table.js';
import { ownedFilter, ownedFilterStatus, ownedKeyword } from '../../../filters/owned-filter.js';
import { addFilterStatus, addKeyword, createFilter, editFilter, editKeyword, removeFilter, removeFilterStatus, removeKeyword } from '../../../filters/write-filter.js';
import { createFilterV1, editFilterV1, removeFilterV1 } from '../../../filters/write-filter-v1.js';
import { notFound } from '../../../app/errors.js';
import { formBool, formInt, idParams } from '../../forms.js';
import { parseId } from '../../pagination.js';
import { signedIn } from '../../plugins/auth.js';
import { EmptySchema, FilterKeywordSchema, FilterSchema, FilterStatusSchema, FilterV1Schema, errorResponses } from '../../schemas/index.js';

/** `context[]=home` (forms), `context: ["home"]` (JSON) or one value. */
const contextList = z.preprocess((v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]), z.array(z.enum(FILTER_CONTEXTS)).max(FILTER_CONTEXTS.length).optional());
/** Seconds from now; "" or null: never expires (as Mastodon's blank expires_in). */
const expiresIn = z.preprocess((v) => (v === '' || v === null ? null : v), formInt(1, 10 * 365 * 86400).nullable().optional());
const keywordAttrs = z.object({ id: z.union([z.string().max(40), z.number()]).optional(), keyword: z.string().max(2000).optional(), whole_word: formBool.optional(), _destroy: formBool.optional() });
/** A list, or Rails' numbered form (`keywords_attributes[0][keyword]=…`) read in the order of its numbers. */
const keywordsAttributes = z
  .union([z.array(keywordAttrs).max(200), z.record(z.string().regex(/^\d{1,3}$/), keywordAttrs)])
  .transform((v) => (Array.isArray(v) ? v : Object.entries(v).sort(([a], [b]) => Number(a) - Number(b)).map(([, k]) => k)))
  // An id that is none names no keyword of the filter: the use case answers 404 for it.
  .transform((list) => list.map((k) => ({ id: k.id === undefined ? undefined : (parseId(String(k.id)) ?? -1), keyword: k.keyword, whole_word: k.whole_word, _destroy: k._destroy })))
  .optional();
const filterBody = z.object({
  title: z.string().max(2000).optional(),
  context: contextList,
  filter_action: z.enum(FILTER_ACTIONS).optional(),
  expires_in: expiresIn,
  keywords_attributes: keywordsAttributes,
});
const keywordBody = z.object({ keyword: z.string().max(2000).optional(), whole_word: formBool.optional() });
const statusBody = z.object({ status_id: z.string().max(40) });
const filterIdParams = z.object({ filter_id: z.string().max(40) });
const v1Body = z.object({ phrase: z.string().max(2000).optional(), context: contextList, irreversible: formBool.optional(), whole_word: formBool.optional(), expires_in: expiresIn });

function contextOf(body: { context?: (typeof FILTER_CONTEXTS)[number][] | undefined }) {
  return body.context;
}

/** Filters: Mastodon's v2 API (filters, their keywords and statuses) and the v1 API as Mastodon maps it onto v2. */
export async function filterRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;
  const read = { auth: { scope: 'read:filters' } };
  const write = { auth: { scope: 'write:filters' } };

  app.get('/api/v2/filters', { config: read, schema: { tags: ['filters'], response: { 200: z.array(FilterSchema), ...errorResponses } } }, async (req) => {
    return (await filtersOf(ctx.db, Number(signedIn(req).account.id))).map((f) => presentFilter(f));
  });

  app.post('/api/v2/filters', { config: write, schema: { body: filterBody, tags: ['filters'], response: { 200: FilterSchema, ...errorResponses } } }, async (req) => {
    return presentFilter(await createFilter(ctx, signedIn(req), { ...req.body, context: contextOf(req.body) }));
  });

  app.get('/api/v2/filters/:id', { config: read, schema: { params: idParams, tags: ['filters'], response: { 200: FilterSchema, ...errorResponses } } }, async (req) => {
    const filter = await ownedFilter(ctx.db, signedIn(req).account, parseId(req.params.id));
    const full = await findFilterWithRules(ctx.db, Number(filter.id));
    if (!full) throw notFound('Filter');
    return presentFilter(full);
  });

  app.put('/api/v2/filters/:id', { config: write, schema: { params: idParams, body: filterBody, tags: ['filters'], response: { 200: FilterSchema, ...errorResponses } } }, async (req) => {
    return presentFilter(await editFilter(ctx, signedIn(req), parseId(req.params.id), { ...req.body, context: contextOf(req.body) }));
  });

  app.delete('/api/v2/filters/:id', { config: write, schema: { params: idParams, tags: ['filters'], response: { 200: EmptySchema, ...errorResponses } } }, async (req) => {
    await removeFilter(ctx, signedIn(req), parseId(req.params.id));
    return {};
  });

  app.get('/api/v2/filters/:filter_id/keywords', { config: read, schema: { params: filterIdParams, tags: ['filters'], response: { 200: z.array(FilterKeywordSchema), ...errorResponses } } }, async (req) => {
    const filter = await ownedFilter(ctx.db, signedIn(req).account, parseId(req.params.filter_id));
    return ((await findFilterWithRules(ctx.db, Number(filter.id)))?.keywords ?? []).map(presentKeyword);
  });

  app.post('/api/v2/filters/:filter_id/keywords', { config: write, schema: { params: filterIdParams, body: keywordBody, tags: ['filters'], response: { 200: FilterKeywordSchema, ...errorResponses } } }, async (req) => {
    return presentKeyword(await addKeyword(ctx, signedIn(req), parseId(req.params.filter_id), req.body));
  });

  app.get('/api/v2/filters/keywords/:id', { config: read, schema: { params: idParams, tags: ['filters'], response: { 200: FilterKeywordSchema, ...errorResponses } } }, async (req) => {
    return presentKeyword((await ownedKeyword(ctx.db, signedIn(req).account, parseId(req.params.id))).keyword);
  });

  app.put('/api/v2/filters/keywords/:id', { config: write, schema: { params: idParams, body: keywordBody, tags: ['filters'], response: { 200: FilterKeywordSchema, ...errorResponses } } }, async (req) => {
    return presentKeyword(await editKeyword(ctx, signedIn(req), parseId(req.params.id), req.body));
  });

  app.delete('/api/v2/filters/keywords/:id', { config: write, schema: { params: idParams, tags: ['filters'], response: { 200: EmptySchema, ...errorResponses } } }, async (req) => {
    await removeKeyword(ctx, signedIn(req), parseId(req.params.id));
    return {};
  });

  app.get('/api/v2/filters/:filter_id/statuses', { config: read, schema: { params: filterIdParams, tags: ['filters'], response: { 200: z.array(FilterStatusSchema), ...errorResponses } } }, async (req) => {
    const filter = await ownedFilter(ctx.db, signedIn(req).account, parseId(req.params.filter_id));
    return ((await findFilterWithRules(ctx.db, Number(filter.id)))?.statuses ?? []).map(presentFilterStatus);
  });

  app.post('/api/v2/filters/:filter_id/statuses', { config: write, schema: { params: filterIdParams, body: statusBody, tags: ['filters'], response: { 200: FilterStatusSchema, ...errorResponses } } }, async (req) => {
    return presentFilterStatus(await addFilterStatus(ctx, signedIn(req), parseId(req.params.filter_id), parseId(req.body.status_id)));
  });

  app.get('/api/v2/filters/statuses/:id', { config: read, schema: { params: idParams, tags: ['filters'], response: { 200: FilterStatusSchema, ...errorResponses } } }, async (req) => {
    return presentFilterStatus((await ownedFilterStatus(ctx.db, signedIn(req).account, parseId(req.params.id))).status);
  });

  app.delete('/api/v2/filters/statuses/:id', { config: write, schema: { params: idParams, tags: ['filters'], response: { 200: EmptySchema, ...errorResponses } } }, async (req) => {
    await removeFilterStatus(ctx, signedIn(req), parseId(req.params.id));
    return {};
  });

  // v1: each keyword is a filter of its own.
  app.get('/api/v1/filters', { config: read, schema: { tags: ['filters'], response: { 200: z.array(FilterV1Schema), ...errorResponses } } }, async (req) => {
    return (await keywordsOfAccount(ctx.db, Number(signedIn(req).account.id))).map(({ keyword, filter }) => presentFilterV1(keyword, filter));
  });

  app.post('/api/v1/filters', { config: write, schema: { body: v1Body, tags: ['filters'], response: { 200: FilterV1Schema, ...errorResponses } } }, async (req) => {
    const { keyword, filter } = await createFilterV1(ctx, signedIn(req), { ...req.body, context: contextOf(req.body) });
    return presentFilterV1(keyword, filter);
  });

  app.get('/api/v1/filters/:id', { config: read, schema: { params: idParams, tags: ['filters'], response: { 200: FilterV1Schema, ...errorResponses } } }, async (req) => {
    const { keyword, filter } = await ownedKeyword(ctx.db, signedIn(req).account, parseId(req.params.id));
    return presentFilterV1(keyword, filter);
  });

  app.put('/api/v1/filters/:id', { config: write, schema: { params: idParams, body: v1Body, tags: ['filters'], response: { 200: FilterV1Schema, ...errorResponses } } }, async (req) => {
    const { keyword, filter } = await editFilterV1(ctx, signedIn(req), parseId(req.params.id), { ...req.body, context: contextOf(req.body) });
    return presentFilterV1(keyword, filter);
  });

  app.delete('/api/v1/filters/:id', { config: write, schema: { params: idParams, tags: ['filters'], response: { 200: EmptySchema, ...errorResponses } } }, async (req) => {
    await removeFilterV1(ctx, signedIn(req), parseId(req.params.id));
    return {};
  });
}
