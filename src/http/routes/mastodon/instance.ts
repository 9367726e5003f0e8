import type { FastifyInstance } from 'fastify';
import { VERSION } from '../../../app/version.js';
import { vapidPublicKey } from '../../../push/vapid.js';
import { MASTODON_API_VERSION, MASTODON_COMPAT_VERSION, contactAccount, instanceConfiguration, instanceRules, instanceStats, postingLanguages } from '../../../instance/instance.js';
import { z } from 'zod';
import { DomainBlockSchema, InstanceActivitySchema, InstanceSchema, InstanceV1Schema, NodeInfoLinksSchema, PolicyTextSchema, RuleSchema, TermsOfServiceSchema, errorResponses, nodeInfoResponse } from '../../schemas/index.js';
import { notFound } from '../../../app/errors.js';
import { instanceActivity } from '../../../instance/activity.js';
import { instancePeers, searchPeers } from '../../../instance/peers.js';
import { listInstanceDomainBlocks } from '../../../moderation/list-instance-domain-blocks.js';

const DESCRIPTION = '政务微博平台：机关与公职人员经平台审核认证后发布信息、与公众交流并提供服务。 A microblog provider for government organs and officials, verified by its reviewers.';

/** What the privacy policy says when the operator has written none: what this software keeps, and nothing more. */
const DEFAULT_PRIVACY_POLICY = [
  '<p>本平台保存：账户的用户名、电子邮件地址和密码摘要；您发布的内容、上传的图片及其可见范围；关注、收藏、举报与政务服务请求的记录；登录所用应用与时间。机构账户操作员的每项操作记入审计日志。</p>',
  '<p>This provider keeps: your account (username, e-mail address, a digest of your password); what you post and upload, with its visibility; your follows, favourites, reports and service requests; the apps you sign in with and when. Every act of an organ\'s operator is kept in the audit log.</p>',
  '<p>公开内容对所有人可见；私密内容仅对其接收者可见。Public posts are visible to everyone; private ones only to those they are addressed to. The operator of this provider has not published a fuller policy.</p>',
].join('');

/** The instance documents (v1, v2) and NodeInfo. */
export async function instanceRoutes(app: FastifyInstance) {
  const { ctx } = app;
  const title = `govblog · ${ctx.config.provider}`;

  app.get('/api/v2/instance', { schema: { tags: ['instance'], response: { 200: InstanceSchema, ...errorResponses } } }, async () => {
    const [stats, contact] = await Promise.all([instanceStats(ctx), contactAccount(ctx)]);
    return {
      domain: ctx.config.provider,
      title,
      version: MASTODON_COMPAT_VERSION,
      source_url: ctx.config.sourceUrl,
      description: DESCRIPTION,
      usage: { users: { active_month: stats.users } },
      thumbnail: { url: `${ctx.config.publicUrl}/headers/default.svg` },
      icon: [] as unknown[],
      languages: ['zh', 'en'],
      configuration: { ...instanceConfiguration(ctx), vapid: { public_key: await vapidPublicKey(ctx) } },
      registrations: { enabled: ctx.config.registrations, approval_required: false, message: null },
      api_versions: { mastodon: MASTODON_API_VERSION },
      contact: { email: ctx.config.contactEmail, account: contact },
      rules: instanceRules(ctx),
    };
  });

  app.get('/api/v1/instance', { schema: { tags: ['instance'], response: { 200: InstanceV1Schema, ...errorResponses } } }, async () => {
    const [stats, contact] = await Promise.all([instanceStats(ctx), contactAccount(ctx)]);
    return {
      uri: ctx.config.provider,
      title,
      short_description: DESCRIPTION,
      description: DESCRIPTION,
      email: ctx.config.contactEmail,
      version: MASTODON_COMPAT_VERSION,
      urls: { streaming_api: ctx.config.publicUrl.replace(/^http/, 'ws') },
      stats: { user_count: stats.users, status_count: stats.posts, domain_count: stats.domains },
      thumbnail: `${ctx.config.publicUrl}/headers/default.svg`,
      languages: ['zh', 'en'],
      registrations: ctx.config.registrations,
      approval_required: false,
      invites_enabled: false,
      configuration: instanceConfiguration(ctx),
      contact_account: contact,
      rules: instanceRules(ctx),
    };
  });

  app.get('/api/v1/instance/rules', { schema: { tags: ['instance'], summary: "The provider's rules (GOVBLOG_RULES_FILE)", response: { 200: z.array(RuleSchema), ...errorResponses } } }, async () => instanceRules(ctx));

  app.get('/api/v1/instance/languages', { schema: { tags: ['instance'], summary: 'Languages offered for posting', response: { 200: z.array(z.object({ code: z.string(), name: z.string() })), ...errorResponses } } }, async () => postingLanguages());

  // The domains of the remote accounts known here (suspended ones left out); it translates nothing.
  app.get('/api/v1/instance/peers', { schema: { tags: ['instance'], response: { 200: z.array(z.string()), ...errorResponses } } }, async () => instancePeers(ctx));
  // Mastodon's peer-domain autocomplete: the peers beginning with `q`.
  app.get('/api/v1/peers/search', { schema: { querystring: z.object({ q: z.string().max(255).optional() }), tags: ['instance'], response: { 200: z.array(z.string()), ...errorResponses } } }, async (req) => searchPeers(ctx, (req.query as { q?: string }).q));
  app.get('/api/v1/instance/translation_languages', { schema: { tags: ['instance'], response: { 200: z.record(z.string(), z.array(z.string())), ...errorResponses } } }, async () => ({}));
  // The texts come from files the operator names (GOVBLOG_EXTENDED_DESCRIPTION_FILE…); without one, Mastodon's answer when none is set.
  app.get('/api/v1/instance/extended_description', { schema: { tags: ['instance'], response: { 200: PolicyTextSchema, ...errorResponses } } }, async () => {
    const t = ctx.config.extendedDescription;
    return t ? { updated_at: t.updatedAt, content: t.content } : { updated_at: null, content: '' };
  });
  app.get('/api/v1/instance/privacy_policy', { schema: { tags: ['instance'], summary: 'GOVBLOG_PRIVACY_POLICY_FILE, else what the provider keeps, plainly', response: { 200: PolicyTextSchema, ...errorResponses } } }, async () => {
    const t = ctx.config.privacyPolicy;
    return t ? { updated_at: t.updatedAt, content: t.content } : { updated_at: null, content: DEFAULT_PRIVACY_POLICY };
  });
  app.get('/api/v1/instance/terms_of_service', { schema: { tags: ['instance'], summary: 'GOVBLOG_TERMS_OF_SERVICE_FILE; 404 without one, as Mastodon 4.4', response: { 200: TermsOfServiceSchema, ...errorResponses } } }, async () => {
    const t = ctx.config.termsOfService;
    if (!t) throw notFound('Terms of service');
    return { effective_date: t.updatedAt.slice(0, 10), effective: true, content: t.content, succeeded_by: null };
  });
  app.get('/api/v1/instance/activity', { schema: { tags: ['instance'], summary: 'The last 12 weeks: statuses, sign-ins, registrations', response: { 200: z.array(InstanceActivitySchema), ...errorResponses } } }, async () => instanceActivity(ctx));
  app.get(
    '/api/v1/instance/domain_blocks',
    { schema: { tags: ['instance'], summary: 'The silenced and suspended domains, to whom GOVBLOG_SHOW_DOMAIN_BLOCKS shows them (404 to others)', response: { 200: z.array(DomainBlockSchema), ...errorResponses } } },
    async (req) => listInstanceDomainBlocks(ctx, req.actor?.account ?? null),
  );

  app.get('/.well-known/nodeinfo', { schema: { hide: true, response: { 200: NodeInfoLinksSchema, ...errorResponses } } }, async () => ({
    links: [{ rel: 'http://nodeinfo.diaspora.software/ns/schema/2.0', href: `${ctx.config.publicUrl}/nodeinfo/2.0` }],
  }));

  app.get('/nodeinfo/2.0', { schema: { hide: true, response: { 200: nodeInfoResponse, ...errorResponses } } }, async (_req, reply) => {
    const stats = await instanceStats(ctx);
    reply.type('application/json; profile="http://nodeinfo.diaspora.software/ns/schema/2.0#"');
    return {
      version: '2.0',
      software: { name: 'govblog', version: VERSION },
      // ActivityPub when federation is on (GOVBLOG_FEDERATION); else the client API only.
      protocols: ctx.config.federation ? ['activitypub'] : ([] as string[]),
      services: { inbound: [] as string[], outbound: [] as string[] },
      openRegistrations: ctx.config.registrations,
      usage: { users: { total: stats.users, activeMonth: stats.users, activeHalfyear: stats.users }, localPosts: stats.posts },
      metadata: { nodeName: title, provider: ctx.config.provider, verifiedGovernmentAccounts: stats.verified },
    };
  });
}
