import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getMarkers } from '../../../markers/get-markers.js';
import { presentMarkers } from '../../../markers/markers.presenter.js';
import { MARKER_TIMELINES, type MarkerTimeline } from '../../../markers/markers.table.js';
import { saveMarkers } from '../../../markers/save-markers.js';
import { signedIn } from '../../plugins/auth.js';
import { MarkersSchema, errorResponses } from '../../schemas/index.js';

const asList = (v: unknown) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);
// Unknown timelines are ignored, as Mastodon ignores them.
const timelineList = z.preprocess(asList, z.array(z.string().max(40)).max(10).optional());
const position = z.preprocess(
  (v) => (v === null ? undefined : v),
  z.object({ last_read_id: z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string().regex(/^\d{1,20}$/, 'must be an id')) }).optional(),
);

/** Mastodon's read markers for the home timeline and notifications, shared by all of an account's apps. */
export async function markerRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;

  app.get(
    '/api/v1/markers',
    { config: { auth: { scope: 'read:statuses' } }, schema: { querystring: z.object({ timeline: timelineList, 'timeline[]': timelineList }), tags: ['markers'], response: { 200: MarkersSchema, ...errorResponses } } },
    async (req) => {
      const asked = [...(req.query.timeline ?? []), ...(req.query['timeline[]'] ?? [])];
      const timelines = MARKER_TIMELINES.filter((t) => asked.includes(t));
      return presentMarkers(await getMarkers(ctx, signedIn(req).account, timelines));
    },
  );

  app.post(
    '/api/v1/markers',
    { config: { auth: { scope: 'write:statuses' } }, schema: { body: z.object({ home: position, notifications: position }), tags: ['markers'], response: { 200: MarkersSchema, ...errorResponses } } },
    async (req) => {
      const positions: Partial<Record<MarkerTimeline, string>> = {};
      if (req.body.home) positions.home = req.body.home.last_read_id;
      if (req.body.notifications) positions.notifications = req.body.notifications.last_read_id;
      return presentMarkers(await saveMarkers(ctx, signedIn(req), positions));
    },
  );
}
