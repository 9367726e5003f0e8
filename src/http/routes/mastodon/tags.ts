import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../../app/errors.js';
import { getOpenAccount } from '../../../accounts/get-open-account.js';
import { findTagByName } from '../../../search/search.repository.js';
import { featureTag, featureTagByName, unfeatureTag, unfeatureTagByName } from '../../../tags/feature-tag.js';
import { checkedTagName, followTag, unfollowTag } from '../../../tags/follow-tag.js';
import { presentFeaturedTag, presentTags, presentUnusedTag } from '../../../tags/tags.presenter.js';
import { featuredTagsOf, pageFollowedTags, suggestedFeaturedTags } from '../../../tags/tags.repository.js';
import { idParams, pageQuery, windowOf } from '../../forms.js';
import { parseId, setLinkHeader } from '../../pagination.js';
import { signedIn } from '../../plugins/auth.js';
import { EmptySchema, FeaturedTagSchema, HashtagSchema, errorResponses } from '../../schemas/index.js';

const tagParams = z.object({ id: z.string().min(1).max(200) });

/** Hashtags: one by name, following them (Mastodon's followed tags) and featuring them on a profile. */
export async function tagRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;

  app.get('/api/v1/tags/:id', { schema: { params: tagParams, tags: ['tags'], summary: 'A hashtag with its week of use and, signed in, whether the caller follows it (one nobody used yet: an empty id and a week of zeros, as Mastodon)', response: { 200: HashtagSchema, ...errorResponses } } }, async (req) => {
    let name: string;
    try {
      name = checkedTagName(req.params.id, 'id');
    } catch {
      throw notFound('Tag');
    }
    const tag = await findTagByName(ctx.db, name.toLowerCase());
    if (!tag) return presentUnusedTag(ctx, req.actor?.account ?? null, name);
    const [json] = await presentTags(ctx, req.actor?.account ?? null, [tag]);
    if (!json) throw notFound('Tag');
    return json;
  });

  for (const [path, action, scope] of [
    ['follow', followTag, 'write:follows'],
    ['unfollow', unfollowTag, 'write:follows'],
    ['feature', featureTagByName, 'write:accounts'],
    ['unfeature', unfeatureTagByName, 'write:accounts'],
  ] as const) {
    app.post(`/api/v1/tags/:id/${path}`, { config: { auth: { scope } }, schema: { params: tagParams, tags: ['tags'], response: { 200: HashtagSchema, ...errorResponses } } }, async (req) => {
      const actor = signedIn(req);
      const [json] = await presentTags(ctx, actor.account, [await action(ctx, actor, req.params.id)]);
      if (!json) throw notFound('Tag');
      return json;
    });
  }

  app.get('/api/v1/followed_tags', { config: { auth: { scope: 'read:follows' } }, schema: { querystring: pageQuery(200, 100), tags: ['tags'], response: { 200: z.array(HashtagSchema), ...errorResponses } } }, async (req, reply) => {
    const actor = signedIn(req);
    const page = await pageFollowedTags(ctx.db, Number(actor.account.id), windowOf(req.query));
    // Paged by the follow, as Mastodon.
    setLinkHeader(req, reply, ctx.config.publicUrl, page.map((p) => ({ id: p.mark })), req.query.limit);
    return presentTags(ctx, actor.account, page.map((p) => p.tag));
  });

  app.get('/api/v1/featured_tags', { config: { auth: { scope: 'read:accounts' } }, schema: { tags: ['tags'], response: { 200: z.array(FeaturedTagSchema), ...errorResponses } } }, async (req) => {
    const actor = signedIn(req);
    return (await featuredTagsOf(ctx.db, Number(actor.account.id))).map((f) => presentFeaturedTag(ctx, actor.account.username, f));
  });

  app.post('/api/v1/featured_tags', { config: { auth: { scope: 'write:accounts' } }, schema: { body: z.object({ name: z.string().max(200).optional() }), tags: ['tags'], response: { 200: FeaturedTagSchema, ...errorResponses } } }, async (req) => {
    const actor = signedIn(req);
    return presentFeaturedTag(ctx, actor.account.username, await featureTag(ctx, actor, req.body.name));
  });

  app.delete('/api/v1/featured_tags/:id', { config: { auth: { scope: 'write:accounts' } }, schema: { params: idParams, tags: ['tags'], response: { 200: EmptySchema, ...errorResponses } } }, async (req) => {
    await unfeatureTag(ctx, signedIn(req), parseId(req.params.id));
    return {};
  });

  app.get('/api/v1/featured_tags/suggestions', { config: { auth: { scope: 'read:accounts' } }, schema: { tags: ['tags'], summary: "The caller's most used hashtags it does not feature yet", response: { 200: z.array(HashtagSchema), ...errorResponses } } }, async (req) => {
    const actor = signedIn(req);
    return presentTags(ctx, actor.account, await suggestedFeaturedTags(ctx.db, Number(actor.account.id), 10));
  });

  app.get('/api/v1/accounts/:id/featured_tags', { schema: { params: idParams, tags: ['accounts'], response: { 200: z.array(FeaturedTagSchema), ...errorResponses } } }, async (req) => {
    const account = await getOpenAccount(ctx, parseId(req.params.id));
    return (await featuredTagsOf(ctx.db, Number(account.id))).map((f) => presentFeaturedTag(ctx, account.username, f));
  });
}
