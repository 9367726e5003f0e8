import { isIP } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../../accounts/accounts.table.js';
import { fieldError, notFound } from '../../../app/errors.js';
import { ACCOUNT_STATUSES, type AdminAccountQuery } from '../../../moderation/admin-accounts.repository.js';
import { presentAdminAccount, presentAdminAccounts } from '../../../moderation/admin-accounts.presenter.js';
import { deleteAccountData } from '../../../moderation/delete-account.js';
import { takeReportStep, updateReportCategory } from '../../../moderation/handle-report.js';
import { getAdminAccount, listAdminAccountsFor } from '../../../moderation/list-admin-accounts.js';
import { getReportFor, listReportsFor } from '../../../moderation/list-reports.js';
import { ACCOUNT_ACTIONS, REPORT_CATEGORIES } from '../../../moderation/moderation.table.js';
import { presentAdminReport, presentAdminReports } from '../../../moderation/reports.presenter.js';
import { reviewSignUp } from '../../../moderation/review-sign-up.js';
import { takeAccountAction } from '../../../moderation/take-account-action.js';
import { undoAccountAction } from '../../../moderation/undo-account-action.js';
import { formBool, idString, optionalText, pageQuery, windowOf } from '../../forms.js';
import { parseId, setLinkHeader } from '../../pagination.js';
import { signedIn } from '../../plugins/auth.js';
import { AdminAccountSchema, AdminReportSchema, EmptySchema, errorResponses } from '../../schemas/index.js';
import { bodyId, bodyIds } from './reports.js';

const params = z.object({ id: z.string() });
const blankless = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional());
/** Mastodon's `present?` flags: true switches the filter on. */
const flag = blankless(formBool);
const text = optionalText(200);
const list = z.preprocess((v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]), z.array(z.string().max(30)).max(10).optional());

// Mastodon's admin lists page 100 at a time by default.
const reportQuery = pageQuery(200, 100).extend({
  resolved: flag,
  account_id: blankless(idString),
  target_account_id: blankless(idString),
});

const v1AccountQuery = pageQuery(200, 100).extend({
  local: flag,
  remote: flag,
  by_domain: text,
  active: flag,
  pending: flag,
  disabled: flag,
  silenced: flag,
  suspended: flag,
  sensitized: flag,
  staff: flag,
  username: text,
  display_name: text,
  email: text,
  ip: text,
});

const v2AccountQuery = pageQuery(200, 100).extend({
  origin: blankless(z.enum(['local', 'remote'])),
  status: blankless(z.enum(ACCOUNT_STATUSES)),
  permissions: blankless(z.enum(['staff'])),
  role_ids: list,
  'role_ids[]': list,
  by_domain: text,
  username: text,
  display_name: text,
  email: text,
  ip: text,
  invited_by: text,
});

const actionBody = z.object({
  type: z.enum(ACCOUNT_ACTIONS),
  report_id: blankless(bodyId),
  warning_preset_id: blankless(bodyId),
  text: optionalText(5000),
  send_email_notification: formBool.default(true),
});

const updateReportBody = z
  .object({
    category: blankless(z.enum(REPORT_CATEGORIES)),
    rule_ids: z.preprocess((v) => (v === null ? undefined : v), bodyIds(100).optional()),
  })
  .default({});

/** Sign-up IPs are not kept here, so an IP filter matches nobody; a malformed one is still the client's error. */
function checkIp(ip: string | undefined): boolean {
  if (ip === undefined) return false;
  if (isIP(ip.replace(/\/\d{1,3}$/, '')) === 0) throw fieldError('ip', 'ERR_INVALID', 'must be an IP address or range');
  return true;
}

function v1Filter(q: z.infer<typeof v1AccountQuery>): AdminAccountQuery {
  const status = (['active', 'pending', 'disabled', 'silenced', 'suspended', 'sensitized'] as const).filter((s) => q[s] === true).at(-1) ?? 'active';
  return {
    origin: q.remote ? 'remote' : 'local',
    status,
    ...(q.staff ? { roles: ['reviewer', 'admin'] as const } : {}),
    username: q.username,
    displayName: q.display_name,
    email: q.email,
    domain: q.by_domain,
    nothing: checkIp(q.ip),
    ...windowOf(q),
  };
}

function v2Filter(q: z.infer<typeof v2AccountQuery>): AdminAccountQuery {
  const asked = [...(q.role_ids ?? []), ...(q['role_ids[]'] ?? [])];
  const roles = asked.length ? ROLES.filter((r) => asked.includes(r)) : undefined;
  const staff = q.permissions === 'staff' ? (['reviewer', 'admin'] as const) : undefined;
  return {
    origin: q.origin,
    status: q.status,
    ...(roles || staff ? { roles: (roles ?? [...ROLES]).filter((r) => !staff || (staff as readonly string[]).includes(r)) } : {}),
    username: q.username,
    displayName: q.display_name,
    email: q.email,
    domain: q.by_domain,
    nothing: checkIp(q.ip) || q.invited_by !== undefined,
    ...windowOf(q),
  };
}

function idOf(raw: string, what: string): number {
  const id = parseId(raw);
  if (id === null) throw notFound(what);
  return id;
}

/**
 * Mastodon's admin API for moderators (reviewers and admins): the report
 * queue and accounts with their moderation actions. Tokens need the admin
 * scopes as Mastodon's (admin:read:reports, admin:write:accounts…); who may
 * take which action is src/moderation/*.policy.ts.
 */
export async function adminRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;

  app.get('/api/v1/admin/reports', { config: { auth: { scope: 'admin:read:reports' } }, schema: { querystring: reportQuery, tags: ['admin'], summary: 'The moderation queue: unresolved reports unless resolved=true', response: { 200: z.array(AdminReportSchema), ...errorResponses } } }, async (req, reply) => {
    const actor = signedIn(req);
    const rows = await listReportsFor(ctx, actor, req.query);
    setLinkHeader(req, reply, ctx.config.publicUrl, rows, req.query.limit);
    return presentAdminReports(ctx, actor.account, rows);
  });

  app.get('/api/v1/admin/reports/:id', { config: { auth: { scope: 'admin:read:reports' } }, schema: { params, tags: ['admin'], response: { 200: AdminReportSchema, ...errorResponses } } }, async (req) => {
    const actor = signedIn(req);
    return presentAdminReport(ctx, actor.account, await getReportFor(ctx, actor, idOf(req.params.id, 'Report')));
  });

  app.put('/api/v1/admin/reports/:id', { config: { auth: { scope: 'admin:write:reports' } }, schema: { params, body: updateReportBody, tags: ['admin'], summary: 'Change the category and rules of a report', response: { 200: AdminReportSchema, ...errorResponses } } }, async (req) => {
    const actor = signedIn(req);
    const row = await updateReportCategory(ctx, actor, idOf(req.params.id, 'Report'), req.body ?? {});
    return presentAdminReport(ctx, actor.account, row);
  });

  for (const step of ['assign_to_self', 'unassign', 'resolve', 'reopen'] as const) {
    app.post(`/api/v1/admin/reports/:id/${step}`, { config: { auth: { scope: 'admin:write:reports' } }, schema: { params, tags: ['admin'], response: { 200: AdminReportSchema, ...errorResponses } } }, async (req) => {
      const actor = signedIn(req);
      const row = await takeReportStep(ctx, actor, idOf(req.params.id, 'Report'), step);
      return presentAdminReport(ctx, actor.account, row);
    });
  }

  app.get('/api/v1/admin/accounts', { config: { auth: { scope: 'admin:read:accounts' } }, schema: { querystring: v1AccountQuery, tags: ['admin'], summary: 'Accounts as moderators see them (v1 filters; local and active by default)', response: { 200: z.array(AdminAccountSchema), ...errorResponses } } }, async (req, reply) => {
    const actor = signedIn(req);
    const rows = await listAdminAccountsFor(ctx, actor, v1Filter(req.query));
    setLinkHeader(req, reply, ctx.config.publicUrl, rows, req.query.limit);
    return presentAdminAccounts(ctx, rows);
  });

  app.get('/api/v2/admin/accounts', { config: { auth: { scope: 'admin:read:accounts' } }, schema: { querystring: v2AccountQuery, tags: ['admin'], summary: 'Accounts as moderators see them (v2 filters: origin, status, permissions, role_ids)', response: { 200: z.array(AdminAccountSchema), ...errorResponses } } }, async (req, reply) => {
    const actor = signedIn(req);
    const rows = await listAdminAccountsFor(ctx, actor, v2Filter(req.query));
    setLinkHeader(req, reply, ctx.config.publicUrl, rows, req.query.limit);
    return presentAdminAccounts(ctx, rows);
  });

  app.get('/api/v1/admin/accounts/:id', { config: { auth: { scope: 'admin:read:accounts' } }, schema: { params, tags: ['admin'], response: { 200: AdminAccountSchema, ...errorResponses } } }, async (req) => {
    const actor = signedIn(req);
    return presentAdminAccount(ctx, await getAdminAccount(ctx, actor, idOf(req.params.id, 'Account')));
  });

  app.post('/api/v1/admin/accounts/:id/action', { config: { auth: { scope: 'admin:write:accounts' } }, schema: { params, body: actionBody, tags: ['admin'], summary: 'Warn, mark sensitive, disable, silence or suspend an account', response: { 200: EmptySchema, ...errorResponses } } }, async (req) => {
    const actor = signedIn(req);
    await takeAccountAction(ctx, actor, idOf(req.params.id, 'Account'), req.body);
    return {};
  });

  for (const undo of ['unsilence', 'unsuspend', 'unsensitive', 'enable'] as const) {
    app.post(`/api/v1/admin/accounts/:id/${undo}`, { config: { auth: { scope: 'admin:write:accounts' } }, schema: { params, tags: ['admin'], response: { 200: AdminAccountSchema, ...errorResponses } } }, async (req) => {
      const actor = signedIn(req);
      return presentAdminAccount(ctx, await undoAccountAction(ctx, actor, idOf(req.params.id, 'Account'), undo));
    });
  }

  app.delete('/api/v1/admin/accounts/:id', { config: { auth: { scope: 'admin:write:accounts' } }, schema: { params, tags: ['admin'], summary: "Delete a suspended account's data", response: { 200: EmptySchema, ...errorResponses } } }, async (req) => {
    const actor = signedIn(req);
    await deleteAccountData(ctx, actor, idOf(req.params.id, 'Account'));
    return {};
  });

  app.post('/api/v1/admin/accounts/:id/approve', { config: { auth: { scope: 'admin:write:accounts' } }, schema: { params, tags: ['admin'], summary: 'Approve a pending sign-up (none is ever pending here: 403)', response: { 200: AdminAccountSchema, ...errorResponses } } }, async (req) => {
    const actor = signedIn(req);
    const id = idOf(req.params.id, 'Account');
    await reviewSignUp(ctx, actor, id, 'approve');
    return presentAdminAccount(ctx, await getAdminAccount(ctx, actor, id));
  });

  app.post('/api/v1/admin/accounts/:id/reject', { config: { auth: { scope: 'admin:write:accounts' } }, schema: { params, tags: ['admin'], summary: 'Reject a pending sign-up (none is ever pending here: 403)', response: { 200: EmptySchema, ...errorResponses } } }, async (req) => {
    const actor = signedIn(req);
    await reviewSignUp(ctx, actor, idOf(req.params.id, 'Account'), 'reject');
    return {};
  });
}
