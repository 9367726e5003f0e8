import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import { AppError } from '../app/errors.js';
import type { RequestState } from '../domain/service-request.js';
import { type Caller, maySeeOrganInternals } from '../operators/operators.policy.js';
import { findOrgan } from '../operators/operators.repository.js';
import { callerIsLiveOperator, requireOrgan } from '../operators/standing.js';
import { type RequestQuery, type RequestRow, listRequests } from './requests.repository.js';

export interface PageQuery {
  state?: RequestState | undefined;
  max_id?: string | undefined;
  since_id?: string | undefined;
  min_id?: string | undefined;
  limit: number;
}

function paging(q: PageQuery): Omit<RequestQuery, 'organId' | 'citizenId' | 'publicOnly'> {
  return {
    ...(q.state ? { state: q.state } : {}),
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
  const rows = await listRequests(ctx.db, { organId, publicOnly: q.visibility !== 'all', ...paging(q) });
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
  const rows = await listRequests(ctx.db, { ...(box === 'received' ? { organId: me } : { citizenId: me }), ...paging(q) });
  return { rows, showOperators: box === 'received' };
}
