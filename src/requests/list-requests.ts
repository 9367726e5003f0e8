import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import { AppError } from '../app/errors.js';
import type { RequestSort, RequestState } from '../domain/service-request.js';
import { type Caller, maySeeOrganInternals } from '../operators/operators.policy.js';
import { findOrgan } from '../operators/operators.repository.js';
import { callerIsLiveOperator, requireOrgan } from '../operators/standing.js';
import { type DueCursor, type RequestQuery, type RequestRow, listRequests } from './requests.repository.js';

export interface PageQuery {
  /** One state, or `open`: all but resolved. */
  state?: RequestState | 'open' | undefined;
  /** An account id, or `unassigned`: the organ's side only. */
  assignee_id?: string | undefined;
  overdue?: boolean | undefined;
  /** Words in the request's text or the response. */
  q?: string | undefined;
  sort?: RequestSort | undefined;
  /** sort=due: the page after this cursor (`<due_at>,<id>`, from the Link header). */
  after?: DueCursor | undefined;
  max_id?: string | undefined;
  since_id?: string | undefined;
  min_id?: string | undefined;
  limit: number;
}

function filters(ctx: Context, q: PageQuery): Omit<RequestQuery, 'organId' | 'citizenId' | 'publicOnly'> {
  return {
    ...(q.state ? { state: q.state } : {}),
    ...(q.assignee_id ? { assignee: q.assignee_id === 'unassigned' ? ('none' as const) : Number(q.assignee_id) } : {}),
    ...(q.overdue ? { overdueAt: ctx.clock.now().toISOString() } : {}),
    ...(q.q ? { text: q.q } : {}),
    ...(q.sort ? { sort: q.sort } : {}),
    ...(q.after ? { after: q.after } : {}),
    ...(q.max_id ? { maxId: Number(q.max_id) } : {}),
    ...(q.since_id ? { sinceId: Number(q.since_id) } : {}),
    ...(q.min_id ? { minId: Number(q.min_id) } : {}),
    limit: q.limit,
  };
}

/**
 * GET /api/v1/gov/accounts/:id/requests: the organ's public record, newest
 * first. Its own side and reviewers may ask for `visibility=all`, private
 * requests included.
 */
export async function listOrganRequests(
  ctx: Context,
  caller: Caller | null,
  organId: number,
  q: PageQuery & { visibility: 'public' | 'all' },
): Promise<{ rows: RequestRow[]; showOperators: boolean }> {
  await requireOrgan(ctx.db, organId);
  let internal = false;
  if (caller) internal = maySeeOrganInternals(caller, organId, await callerIsLiveOperator(ctx.db, caller, organId));
  if (q.visibility === 'all') {
    if (!caller) throw new AppError('token_required');
    authorize(internal, 'Only the organ, its operators and reviewers list its private requests');
  }
  if (q.assignee_id) authorize(internal, "Whom an organ gives its requests to is the organ's business and the reviewers'");
  const rows = await listRequests(ctx.db, { organId, publicOnly: q.visibility !== 'all', ...filters(ctx, q) });
  return { rows, showOperators: internal };
}

/**
 * GET /api/v1/gov/requests: the caller's own. `box=sent` lists what the caller
 * asked, `box=received` what was asked of it; an organ's token defaults to
 * received, anyone else's to sent.
 */
export async function listOwnRequests(
  ctx: Context,
  caller: Caller,
  q: PageQuery & { box?: 'sent' | 'received' | undefined },
): Promise<{ rows: RequestRow[]; showOperators: boolean }> {
  const me = Number(caller.account.id);
  const box = q.box ?? ((await findOrgan(ctx.db, me)) ? 'received' : 'sent');
  if (q.assignee_id) authorize(box === 'received', "Whom an organ gives its requests to is the organ's business: filter by assignee in the received box");
  const rows = await listRequests(ctx.db, { ...(box === 'received' ? { organId: me } : { citizenId: me }), ...filters(ctx, q) });
  return { rows, showOperators: box === 'received' };
}
