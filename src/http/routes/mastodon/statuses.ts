import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fieldError, notFound } from '../../../app/errors.js';
import { favouriteStatus } from '../../../social/favourite-status.js';
import { listFavouritedBy } from '../../../social/list-favourited-by.js';
import { unfavouriteStatus } from '../../../social/unfavourite-status.js';
import { type Poster, UnexpectedMentionsError, checkStatus, createStatus, postingDefaultsOf } from '../../../statuses/create-status.js';
import { findAccountsByIds } from '../../../accounts/accounts.repository.js';
import { IDEMPOTENCY_KEY_MAX, idempotent } from '../../../idempotency/idempotent.js';
import { getStatus } from '../../../statuses/get-status.js';
import { getStatusContext } from '../../../statuses/get-status-context.js';
import { listRebloggedBy } from '../../../statuses/list-reblogged-by.js';
import { posterFor } from '../../../statuses/poster.js';
import { deleteStatus } from '../../../statuses/delete-status.js';
import { reblogStatus } from '../../../statuses/reblog-status.js';
import { unreblogStatus } from '../../../statuses/unreblog-status.js';
import { setConversationMuted } from '../../../statuses/mute-conversation.js';
import { cancelScheduled } from '../../../statuses/scheduled/cancel-scheduled.js';
import { getScheduled } from '../../../statuses/scheduled/get-scheduled.js';
import { listScheduled } from '../../../statuses/scheduled/list-scheduled.js';
import { rescheduleStatus } from '../../../statuses/scheduled/reschedule-status.js';
import { scheduleStatus } from '../../../statuses/scheduled/schedule-status.js';
import { presentScheduled } from '../../../statuses/scheduled/scheduled.presenter.js';
import { QUOTE_APPROVAL_POLICIES, VISIBILITIES } from '../../../statuses/statuses.table.js';
import { presentStatus, presentStatuses } from '../../../statuses/hydrate.js';
import { presentAccounts } from '../../../accounts/accounts.presenter.js';
import { formBool, formInt, pageQuery, idParams } from '../../forms.js';
import { presentMedia } from '../../../media/media.presenter.js';
import { parseId, setLinkHeader } from '../../pagination.js';
import { signedIn } from '../../plugins/auth.js';
import { RATE_LIMITS } from '../../rate-limits.js';
import { AccountSchema, ApiErrorSchema, ContextSchema, DeletedStatusSchema, EmptySchema, ScheduledStatusSchema, StatusSchema, UnexpectedMentionsErrorSchema, errorResponses } from '../../schemas/index.js';

/** An id as clients send it: a string, or (some JavaScript clients) a number. */
const idValue = z.preprocess((v) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? String(v) : v), z.string().max(30));

/** `poll[options][]`, `poll[expires_in]`, `poll[multiple]`, `poll[hide_totals]`: the limits are checked by src/polls/check-poll.ts, naming the field. */
export const pollBody = z.preprocess(
  (v) => (v === null || v === '' ? undefined : v),
  z
    .object({
      options: z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(z.string().max(1000)).max(20)),
      expires_in: formInt(-2_147_483_648, 2_147_483_647).optional(),
      multiple: formBool.optional(),
      hide_totals: formBool.optional(),
    })
    .optional(),
);

const createBody = z.object({
  status: z.string().max(20_000).optional(),
  spoiler_text: z.string().max(2000).optional(),
  visibility: z.enum(VISIBILITIES).optional(),
  language: z.string().max(20).optional(),
  in_reply_to_id: z.preprocess((v) => (v === null ? undefined : v), idValue.optional()),
  sensitive: formBool.optional(),
  media_ids: z.array(idValue).max(4).optional(),
  scheduled_at: z.preprocess((v) => (v === '' || v === null ? undefined : v), z.string().max(40).optional()),
  poll: pollBody,
  /** Accounts the post may mention; anyone else mentioned makes it a 422 (Mastodon's safeguard_mentions!). */
  allowed_mentions: z.array(idValue).max(100).optional(),
  /** The status this one quotes (Mastodon 4.5). */
  quoted_status_id: z.preprocess((v) => (v === null || v === '' ? undefined : v), idValue.optional()),
  /** Who may quote this status: public, followers or nobody. */
  quote_approval_policy: z.enum(QUOTE_APPROVAL_POLICIES).optional(),
});


function statusId(raw: string): number {
  const id = parseId(raw);
  if (id === null) throw notFound('Status');
  return id;
}

/** The account posting, the operator behind it, and the app, from a signed-in request. */
export async function posterOf(req: FastifyRequest): Promise<Poster> {
  return posterFor(req.server.ctx, signedIn(req));
}

/** Statuses: post (now or scheduled), read, delete, thread context, favourites and reblogs. */
export async function statusRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;
  const posting = {
    ...RATE_LIMITS.posting,
    // Counted per account, after the token has been read.
    hook: 'preHandler' as const,
    keyGenerator: (req: FastifyRequest) => `account:${req.actor?.account?.id ?? req.ip}`,
  };

  app.post(
    '/api/v1/statuses',
    {
      config: { auth: { scope: 'write:statuses' }, rateLimit: posting },
      schema: {
        body: createBody,
        headers: z.object({ 'idempotency-key': z.string().max(IDEMPOTENCY_KEY_MAX).optional() }).passthrough(),
        tags: ['statuses'],
        summary: 'Post a status (or schedule it); Idempotency-Key makes a retry safe',
        response: { 200: z.union([StatusSchema, ScheduledStatusSchema]), ...errorResponses, 422: z.union([UnexpectedMentionsErrorSchema, ApiErrorSchema]) },
      },
    },
    async (req, reply) => {
      const poster = await posterOf(req);
      // What the status does not say, the poster's preferences do (Mastodon's default privacy, sensitivity and language).
      const checked = checkStatus(req.body, postingDefaultsOf(poster.account));
      if (req.body.scheduled_at && (checked.mediaIds ?? []).length > 0) throw fieldError('media_ids', 'ERR_UNSUPPORTED', 'cannot be attached to a scheduled status on this provider yet');
      const allowedMentions = req.body.allowed_mentions?.map((id) => (/^\d{1,18}$/.test(id) ? Number(id) : -1));
      const key = req.headers['idempotency-key'];
      const scheduledAt = req.body.scheduled_at;
      try {
        // A retried post under the same Idempotency-Key (per account, for an hour) gets the first one's answer, as in Mastodon.
        return await idempotent<Awaited<ReturnType<typeof presentStatus>> | ReturnType<typeof presentScheduled>>(
          fastify.idempotency,
          Number(poster.account.id),
          Array.isArray(key) ? key[0] : key,
          async () => {
            if (scheduledAt) {
              const row = await scheduleStatus(ctx, poster, { status: checked, scheduledAt });
              return { result: { kind: 'scheduled' as const, id: Number(row.id) }, value: presentScheduled(row) };
            }
            const row = await createStatus(ctx, poster, checked, { allowedMentions });
            return { result: { kind: 'status' as const, id: Number(row.id) }, value: await presentStatus(ctx, poster.account, row) };
          },
          async (done) =>
            done.kind === 'scheduled'
              ? presentScheduled(await getScheduled(ctx, poster.account, done.id))
              : presentStatus(ctx, poster.account, await getStatus(ctx, poster.account, done.id)),
        );
      } catch (err) {
        if (!(err instanceof UnexpectedMentionsError)) throw err;
        const accounts = await presentAccounts(ctx.db, ctx.config, await findAccountsByIds(ctx.db, err.accountIds));
        // Exactly Mastodon's body (unexpected_accounts_error_json): clients compare it whole, so no `code` here.
        return reply.status(422).send({ error: err.message, unexpected_accounts: accounts });
      }
    },
  );

  app.get('/api/v1/statuses/:id', { schema: { params: idParams, tags: ['statuses'], response: { 200: StatusSchema, ...errorResponses } } }, async (req) => {
    const viewer = req.actor?.account ?? null;
    return presentStatus(ctx, viewer, await getStatus(ctx, viewer, statusId(req.params.id)));
  });

  app.delete(
    '/api/v1/statuses/:id',
    { config: { auth: { scope: 'write:statuses' } }, schema: { params: idParams, querystring: z.object({ delete_media: formBool.optional() }), tags: ['statuses'], response: { 200: DeletedStatusSchema, ...errorResponses } } },
    async (req) => {
      const actor = signedIn(req);
      const { status: s, media } = await deleteStatus(ctx, actor, statusId(req.params.id), { deleteMedia: req.query.delete_media === true });
      // Mastodon answers with the deleted status, its source text and its media, so that clients can redraft
      // (the media stay a day as unattached uploads unless delete_media=true).
      const [json] = await presentStatuses(ctx, actor.account, [s]);
      return { ...(json ?? { id: String(s.id) }), ...(json ? { media_attachments: media.map((m) => presentMedia(ctx.media, m)) } : {}), text: s.text };
    },
  );

  app.get('/api/v1/statuses/:id/context', { schema: { params: idParams, tags: ['statuses'], response: { 200: ContextSchema, ...errorResponses } } }, async (req) => {
    const viewer = req.actor?.account ?? null;
    const { ancestors, descendants } = await getStatusContext(ctx, viewer, statusId(req.params.id));
    const [a, d] = await Promise.all([presentStatuses(ctx, viewer, ancestors), presentStatuses(ctx, viewer, descendants)]);
    return { ancestors: a, descendants: d };
  });

  for (const [path, action] of [
    ['favourite', favouriteStatus],
    ['unfavourite', unfavouriteStatus],
  ] as const) {
    app.post(`/api/v1/statuses/:id/${path}`, { config: { auth: { scope: 'write:favourites' } }, schema: { params: idParams, tags: ['statuses'], response: { 200: StatusSchema, ...errorResponses } } }, async (req) => {
      const actor = signedIn(req);
      return presentStatus(ctx, actor.account, await action(ctx, actor, statusId(req.params.id)));
    });
  }

  app.post(
    '/api/v1/statuses/:id/reblog',
    { config: { auth: { scope: 'write:statuses' }, rateLimit: posting }, schema: { params: idParams, body: z.object({ visibility: z.enum(['public', 'unlisted', 'private']).optional() }).nullish(), tags: ['statuses'], response: { 200: StatusSchema, ...errorResponses } } },
    async (req) => {
      const poster = await posterOf(req);
      const json = await presentStatus(ctx, poster.account, await reblogStatus(ctx, poster, { id: statusId(req.params.id), visibility: req.body?.visibility }));
      // Mastodon marks the reblog itself as reblogged in this answer (its reblogs_map holds the new reblog's id).
      return { ...json, reblogged: true };
    },
  );

  for (const [path, muted] of [
    ['mute', true],
    ['unmute', false],
  ] as const) {
    app.post(`/api/v1/statuses/:id/${path}`, { config: { auth: { scope: 'write:mutes' } }, schema: { params: idParams, tags: ['statuses'], summary: muted ? 'Mute the thread: no more notifications from it' : 'Hear from the thread again', response: { 200: StatusSchema, ...errorResponses } } }, async (req) => {
      const actor = signedIn(req);
      const { status, viewer } = await setConversationMuted(ctx, actor, statusId(req.params.id), muted);
      return presentStatus(ctx, viewer, status);
    });
  }

  app.post('/api/v1/statuses/:id/unreblog', { config: { auth: { scope: 'write:statuses' } }, schema: { params: idParams, tags: ['statuses'], response: { 200: StatusSchema, ...errorResponses } } }, async (req) => {
    const actor = signedIn(req);
    return presentStatus(ctx, actor.account, await unreblogStatus(ctx, actor, statusId(req.params.id)));
  });

  app.get('/api/v1/statuses/:id/favourited_by', { schema: { params: idParams, querystring: pageQuery(80, 40), tags: ['statuses'], response: { 200: z.array(AccountSchema), ...errorResponses } } }, async (req) => {
    const viewer = req.actor?.account ?? null;
    return presentAccounts(ctx.db, ctx.config, await listFavouritedBy(ctx, viewer, { statusId: statusId(req.params.id), limit: req.query.limit }));
  });

  app.get('/api/v1/statuses/:id/reblogged_by', { schema: { params: idParams, querystring: pageQuery(80, 40), tags: ['statuses'], response: { 200: z.array(AccountSchema), ...errorResponses } } }, async (req) => {
    const viewer = req.actor?.account ?? null;
    return presentAccounts(ctx.db, ctx.config, await listRebloggedBy(ctx, viewer, { id: statusId(req.params.id), limit: req.query.limit }));
  });

  app.get('/api/v1/scheduled_statuses', { config: { auth: { scope: 'read:statuses' } }, schema: { querystring: pageQuery(40), tags: ['statuses'], response: { 200: z.array(ScheduledStatusSchema), ...errorResponses } } }, async (req, reply) => {
    const actor = signedIn(req);
    const rows = await listScheduled(ctx, actor.account, { maxId: req.query.max_id ? Number(req.query.max_id) : undefined, limit: req.query.limit });
    setLinkHeader(req, reply, ctx.config.publicUrl, rows, req.query.limit);
    return rows.map(presentScheduled);
  });

  app.get('/api/v1/scheduled_statuses/:id', { config: { auth: { scope: 'read:statuses' } }, schema: { params: idParams, tags: ['statuses'], response: { 200: ScheduledStatusSchema, ...errorResponses } } }, async (req) => {
    const actor = signedIn(req);
    const id = parseId(req.params.id);
    if (id === null) throw notFound('Scheduled status');
    return presentScheduled(await getScheduled(ctx, actor.account, id));
  });

  app.put(
    '/api/v1/scheduled_statuses/:id',
    { config: { auth: { scope: 'write:statuses' } }, schema: { params: idParams, body: z.object({ scheduled_at: z.string().max(40) }), tags: ['statuses'], response: { 200: ScheduledStatusSchema, ...errorResponses } } },
    async (req) => {
      const actor = signedIn(req);
      const id = parseId(req.params.id);
      if (id === null) throw notFound('Scheduled status');
      return presentScheduled(await rescheduleStatus(ctx, actor, { id, scheduledAt: req.body.scheduled_at }));
    },
  );

  app.delete('/api/v1/scheduled_statuses/:id', { config: { auth: { scope: 'write:statuses' } }, schema: { params: idParams, tags: ['statuses'], response: { 200: EmptySchema, ...errorResponses } } }, async (req) => {
    const actor = signedIn(req);
    const id = parseId(req.params.id);
    if (id === null) throw notFound('Scheduled status');
    await cancelScheduled(ctx, actor, id);
    return {};
  });
}
