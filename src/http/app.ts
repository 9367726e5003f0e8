import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import { Redis } from 'ioredis';
import { createJsonSchemaTransform, createJsonSchemaTransformObject, validatorCompiler } from 'fastify-type-provider-zod';
import type { Context } from '../app/context.js';
import { VERSION } from '../app/version.js';
import { authPlugin } from './plugins/auth.js';
import { ipAccessPlugin } from './plugins/ip-access.js';
import { bodiesPlugin } from './plugins/bodies.js';
import { corsPlugin } from './plugins/cors.js';
import { errorHandler, notFoundHandler } from './plugins/errors.js';
import { storableTextPlugin } from './plugins/storable-text.js';
import { RATE_LIMITS } from './rate-limits.js';
import { checkPrerenderedAnswers, responseSerializerCompiler } from './schemas/check.js';
import { apiRegistry } from './schemas/registry.js';
import { type SignInThrottle, memoryAttempts, redisAttempts } from '../oauth/sign-in-throttle.js';
import { accountRoutes } from './routes/mastodon/accounts.js';
import { instanceRoutes } from './routes/mastodon/instance.js';
import { mediaRoutes } from './routes/mastodon/media.js';
import { notificationRoutes } from './routes/mastodon/notifications.js';
import { pushRoutes } from './routes/mastodon/push.js';
import { relationshipRoutes } from './routes/mastodon/relationships.js';
import { statusRoutes } from './routes/mastodon/statuses.js';
import { streamingRoutes } from './routes/mastodon/streaming.js';
import { timelineRoutes } from './routes/mastodon/timelines.js';
import { searchRoutes } from './routes/mastodon/search.js';
import { oauthRoutes } from './routes/oauth/oauth.js';
import { govDirectoryRoutes } from './routes/gov/directory.js';
import { verificationRoutes } from './routes/gov/verifications.js';
import { auditRoutes } from './routes/gov/audit.js';
import { operatorRoutes } from './routes/gov/operators.js';
import { vouchRoutes } from './routes/gov/vouches.js';
import { requestRoutes } from './routes/gov/requests.js';
import { analyticsRoutes } from './routes/gov/analytics.js';
import { webRoutes } from './routes/web/pages.js';
import { spaRoutes } from './routes/web/spa.js';
import { censusRoutes } from './routes/gov/census.js';
import { type IdempotencyStore, dbIdempotency, redisIdempotency } from '../idempotency/idempotency-store.js';
import { markerRoutes } from './routes/mastodon/markers.js';
import { emailRoutes } from './routes/mastodon/emails.js';
import { pollRoutes } from './routes/mastodon/polls.js';
import { quoteRoutes } from './routes/mastodon/quotes.js';
import { statusEditRoutes } from './routes/mastodon/status-edits.js';
import { groupedNotificationRoutes } from './routes/mastodon/grouped-notifications.js';
import { collectionRoutes } from './routes/mastodon/collections.js';
import { accountCollectionRoutes } from './routes/mastodon/account-collections.js';
import { listRoutes } from './routes/mastodon/lists.js';
import { filterRoutes } from './routes/mastodon/filters.js';
import { tagRoutes } from './routes/mastodon/tags.js';
import { preferenceRoutes } from './routes/mastodon/preferences.js';
import { reportRoutes } from './routes/mastodon/reports.js';
import { adminRoutes } from './routes/mastodon/admin.js';
import { rateLimitKey, rateLimitHeaders } from './rate-limits.js';
import { discoveryRoutes } from './routes/mastodon/discovery.js';
import { trendRoutes } from './routes/mastodon/trends.js';
import { adminTrendRoutes } from './routes/mastodon/admin-trends.js';
import { adminTagRoutes } from './routes/mastodon/admin-tags.js';
import { oembedRoutes } from './routes/mastodon/oembed.js';
import { embedPageRoutes } from './routes/web/embed.js';
import { announcementRoutes } from './routes/mastodon/announcements.js';
import { emojiRoutes } from './routes/mastodon/emojis.js';
import { adminSignUpBlockRoutes } from './routes/mastodon/admin-sign-up-blocks.js';
import { blockRoutes } from './routes/mastodon/blocks.js';
import { adminDomainRoutes } from './routes/mastodon/admin-domains.js';
import { adminDashboardRoutes } from './routes/mastodon/admin-dashboard.js';
import { annualReportRoutes } from './routes/mastodon/annual-reports.js';
import { federationRoutes, govContextRoute } from '../federation/fastify-bridge.js';

/** One registered route as declared: what tests that walk every route need to know of it. */
export interface RouteEntry {
  method: string;
  url: string;
  /** The route's zod schemas (params, querystring, body), as given. */
  schema: Record<string, unknown> | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: Context;
    /** Every route as registered, with its schema (for the tests that walk them all). */
    declaredRoutes: readonly RouteOptions[];
    /** The same, one entry per method, HEAD twins of GET routes left out. */
    routeTable: RouteEntry[];
    /** Wrong passwords per account (null when rate limiting is off). */
    signInThrottle: SignInThrottle | null;
    /** Where Idempotency-Keys of POST /api/v1/statuses are kept (Redis when configured, else the database). */
    idempotency: IdempotencyStore;
  }
}

/** `/docs/json` with the API's named answers as components, and no `…Input` twins (no request schema is named). */
const transformObject: ReturnType<typeof createJsonSchemaTransformObject> = (doc) => {
  const out = createJsonSchemaTransformObject({ schemaRegistry: apiRegistry })(doc) as { components?: { schemas?: Record<string, unknown> } };
  const schemas = out.components?.schemas;
  if (schemas) for (const key of Object.keys(schemas)) if (key.endsWith('Input') && key.slice(0, -5) in schemas) delete schemas[key];
  return out as ReturnType<ReturnType<typeof createJsonSchemaTransformObject>>;
};

/**
 * Rate limits counted in Redis, shared by every process of this provider. If
 * Redis cannot be reached, requests go through (and the error is logged)
 * rather than failing: the service stays up, unthrottled, until it is back.
 */
function sharedLimitStore(app: FastifyInstance, ctx: Context): Redis {
  const redis = new Redis(ctx.config.redis as string, { maxRetriesPerRequest: 1, connectTimeout: 2000, enableOfflineQueue: false });
  redis.on('error', (err) => ctx.log.warn({ err }, 'rate limits: Redis unreachable; requests are not being limited'));
  app.addHook('onClose', async () => {
    redis.disconnect();
  });
  return redis;
}

/** A URL with the value of any `access_token` parameter replaced. */
export function redactToken(url: string): string {
  return url.replace(/([?&]access_token=)[^&#]*/gi, '$1[redacted]');
}

/** Builds the provider's HTTP app without listening: the CLI listens, tests inject. */
export async function buildApp(ctx: Context): Promise<FastifyInstance> {
  const app = Fastify({
    // A token in the query (the streaming API takes `access_token` there, as Mastodon) is never written to the logs.
    logger: ctx.log.level === 'silent' ? false : { level: ctx.log.level, serializers: { req: (req) => ({ method: req.method, url: redactToken(req.url), host: req.host, remoteAddress: req.ip }) } },
    bodyLimit: ctx.config.bodyLimit,
    trustProxy: false,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  });
  app.decorate('ctx', ctx);
  const routes: RouteOptions[] = [];
  const table: RouteEntry[] = [];
  app.decorate('declaredRoutes', routes);
  app.decorate('routeTable', table);
  app.addHook('onRoute', (route) => {
    routes.push(route);
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') table.push({ method, url: route.url, schema: route.schema as Record<string, unknown> | undefined });
    }
  });
  app.decorate('signInThrottle', null as SignInThrottle | null);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializerCompiler(ctx.config.checkResponses));
  if (ctx.config.checkResponses) checkPrerenderedAnswers(app);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);

  // Under `serve --workers`, which process answered: for operators watching the load spread.
  const worker = process.env.GOVBLOG_WORKER_INDEX;
  if (worker !== undefined) {
    app.addHook('onRequest', async (_req, reply) => {
      reply.header('x-govblog-worker', worker);
    });
  }
  await app.register(helmet, { contentSecurityPolicy: false, crossOriginResourcePolicy: { policy: 'cross-origin' } });
  // Before the rate limits, so that a 429 carries the CORS headers a browser app needs to read it.
  await app.register(corsPlugin);
  await app.register(ipAccessPlugin, { ctx });
  let signInThrottle: SignInThrottle | null = null;
  const redis = ctx.config.redis ? sharedLimitStore(app, ctx) : undefined;
  app.decorate('idempotency', redis ? redisIdempotency(redis, `govblog-idempotency-${ctx.config.provider}-`, dbIdempotency(ctx)) : dbIdempotency(ctx));
  if (ctx.config.rateLimit) {
    const { max, timeWindow } = RATE_LIMITS.signInAccount;
    signInThrottle = { max, attempts: redis ? redisAttempts(redis, `govblog-sign-in-${ctx.config.provider}-`, timeWindow, ctx.log) : memoryAttempts(timeWindow) };
    await app.register(rateLimit, {
      ...RATE_LIMITS.global,
      // Per account for signed-in requests, per address otherwise (Mastodon's rack_attack.rb).
      keyGenerator: rateLimitKey,
      ...(redis ? { redis, nameSpace: `govblog-rate-${ctx.config.provider}-`, skipOnError: true } : {}),
      errorResponseBuilder: (_req, c) => ({ statusCode: 429, error: 'Too many requests', message: `Rate limit exceeded, retry in ${c.after}` }),
    });
  }
  app.signInThrottle = signInThrottle;
  // Mastodon sends X-RateLimit-Reset as an ISO 8601 time, not a count of seconds.
  app.addHook('onSend', rateLimitHeaders(() => ctx.clock.now()));
  await app.register(bodiesPlugin, { bodyLimit: ctx.config.bodyLimit });
  await app.register(authPlugin, { ctx });
  await app.register(storableTextPlugin);

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'govblog provider API',
        description:
          'The Mastodon client API, plus the government parts under /api/v1/gov/: verification of organs and officials, the census feed, the audit log.',
        version: VERSION,
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: createJsonSchemaTransform({ schemaRegistry: apiRegistry }),
    transformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  await app.register(oauthRoutes);
  await app.register(accountRoutes);
  await app.register(instanceRoutes);
  await app.register(statusRoutes);
  await app.register(mediaRoutes);
  await app.register(timelineRoutes);
  await app.register(searchRoutes);
  await app.register(relationshipRoutes);
  await app.register(blockRoutes);
  await app.register(notificationRoutes);
  await app.register(streamingRoutes);
  await app.register(pushRoutes);
  await app.register(groupedNotificationRoutes);
  await app.register(markerRoutes);
  await app.register(emailRoutes);
  await app.register(pollRoutes);
  await app.register(quoteRoutes);
  await app.register(statusEditRoutes);
  await app.register(collectionRoutes);
  await app.register(accountCollectionRoutes);
  await app.register(listRoutes);
  await app.register(filterRoutes);
  await app.register(tagRoutes);
  await app.register(preferenceRoutes);
  await app.register(discoveryRoutes);
  await app.register(trendRoutes);
  await app.register(announcementRoutes);
  await app.register(emojiRoutes);
  await app.register(reportRoutes);
  await app.register(adminRoutes);
  await app.register(adminTrendRoutes);
  await app.register(adminTagRoutes);
  await app.register(oembedRoutes);
  await app.register(verificationRoutes);
  await app.register(operatorRoutes);
  await app.register(vouchRoutes);
  await app.register(requestRoutes);
  await app.register(analyticsRoutes);
  await app.register(govDirectoryRoutes);
  await app.register(auditRoutes);
  await app.register(censusRoutes);
  await app.register(adminSignUpBlockRoutes);
  await app.register(adminDomainRoutes);
  await app.register(adminDashboardRoutes);
  await app.register(annualReportRoutes);
  // ActivityPub (Fedify) when federation is on: WebFinger, /users/…, /inbox, /actor; an encapsulated plugin, its bodies kept raw.
  await app.register(federationRoutes);
  await app.register(govContextRoute);
  await app.register(webRoutes);
  await app.register(embedPageRoutes);
  await app.register(spaRoutes);
  return app;
}
