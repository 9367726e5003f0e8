import type { Context } from '../app/context.js';
import { fieldError, notFound } from '../app/errors.js';
import { afterCommitWith, transaction } from '../app/transaction.js';
import { recordAudit } from '../audit/audit.repository.js';
import { isUniqueViolation } from '../db/errors.js';
import type { Executor } from '../db/database.js';
import { type BlockAdmin, authorizeBlockAdmin } from './admin-caller.js';
import { forgetIpBlocks } from './ip-access.js';
import { formatIpRange, parseIpRange, rangeCovers } from './ip-range.js';
import { type IdPage, type IpBlockRow, deleteIpBlock, findIpBlock, insertIpBlock, listIpBlocks, updateIpBlock } from './sign-up-blocks.repository.js';
import type { IpBlockSeverity } from './sign-up-blocks.table.js';

export interface IpBlockInput {
  ip?: string | undefined;
  severity?: IpBlockSeverity | undefined;
  comment?: string | undefined;
  /** Seconds from now; null or absent on update: unchanged; 0 is refused. */
  expires_in?: number | null | undefined;
}

/** GET /api/v1/admin/ip_blocks */
export async function listIpBlocksFor(ctx: Context, caller: BlockAdmin, q: IdPage): Promise<IpBlockRow[]> {
  authorizeBlockAdmin(caller);
  return listIpBlocks(ctx.db, q);
}

/** GET /api/v1/admin/ip_blocks/:id */
export async function getIpBlock(ctx: Context, caller: BlockAdmin, id: number | null): Promise<IpBlockRow> {
  authorizeBlockAdmin(caller);
  const row = id === null ? undefined : await findIpBlock(ctx.db, id);
  if (!row) throw notFound('IP block');
  return row;
}

function rangeOf(text: string): string {
  const range = parseIpRange(text);
  if (!range) throw fieldError('ip', 'ERR_INVALID', 'is not an IP address or CIDR range');
  return formatIpRange(range);
}

/**
 * A no_access block over the admin's own address would answer every request
 * of theirs 403 from then on, this one's successor included; behind a
 * reverse proxy the address the server sees (`req.ip`, no trust-proxy) is
 * the proxy's, and the block would shut everyone out. Refused either way.
 */
function refuseSelfLockout(caller: BlockAdmin, ip: string, severity: IpBlockSeverity): void {
  const range = parseIpRange(ip);
  if (severity === 'no_access' && range && rangeCovers(range, caller.ip)) {
    throw fieldError('ip', 'ERR_SELF', `covers the address this request came from (${caller.ip}); a no_access block on it would lock you out`);
  }
}

function expiresAt(now: string, seconds: number): string {
  return new Date(Date.parse(now) + seconds * 1000).toISOString();
}

function afterChange(trx: Executor): void {
  afterCommitWith(trx, (ctx) => forgetIpBlocks(ctx.db));
}

/** POST /api/v1/admin/ip_blocks */
export async function createIpBlock(ctx: Context, caller: BlockAdmin, input: IpBlockInput): Promise<IpBlockRow> {
  authorizeBlockAdmin(caller);
  if (input.ip === undefined || input.ip === '') throw fieldError('ip', 'ERR_BLANK', "can't be blank");
  if (input.severity === undefined) throw fieldError('severity', 'ERR_BLANK', "can't be blank");
  const ip = rangeOf(input.ip);
  refuseSelfLockout(caller, ip, input.severity);
  const now = ctx.clock.now().toISOString();
  try {
    return await transaction(ctx, async (trx) => {
      const row = await insertIpBlock(trx, {
        ip,
        severity: input.severity as IpBlockSeverity,
        comment: input.comment ?? '',
        expires_at: input.expires_in == null ? null : expiresAt(now, input.expires_in),
        created_at: now,
        updated_at: now,
      });
      await recordAudit(trx, { actorId: Number(caller.account.id), action: 'ip_block.create', subjectType: 'ip_block', subjectId: Number(row.id), data: { ip, severity: row.severity, expires_at: row.expires_at }, at: now });
      afterChange(trx);
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw fieldError('ip', 'ERR_TAKEN', 'is already blocked');
    throw err;
  }
}

/** PUT /api/v1/admin/ip_blocks/:id: what is given changes, the rest stays. */
export async function changeIpBlock(ctx: Context, caller: BlockAdmin, id: number | null, input: IpBlockInput): Promise<IpBlockRow> {
  const before = await getIpBlock(ctx, caller, id);
  const ip = input.ip === undefined || input.ip === '' ? before.ip : rangeOf(input.ip);
  const severity = input.severity ?? before.severity;
  refuseSelfLockout(caller, ip, severity);
  const now = ctx.clock.now().toISOString();
  try {
    return await transaction(ctx, async (trx) => {
      const row = await updateIpBlock(trx, Number(before.id), {
        ip,
        severity,
        ...(input.comment !== undefined ? { comment: input.comment } : {}),
        ...(input.expires_in != null ? { expires_at: expiresAt(now, input.expires_in) } : {}),
        updated_at: now,
      });
      await recordAudit(trx, {
        actorId: Number(caller.account.id),
        action: 'ip_block.update',
        subjectType: 'ip_block',
        subjectId: Number(row.id),
        data: { before: { ip: before.ip, severity: before.severity, expires_at: before.expires_at }, after: { ip: row.ip, severity: row.severity, expires_at: row.expires_at } },
        at: now,
      });
      afterChange(trx);
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw fieldError('ip', 'ERR_TAKEN', 'is already blocked');
    throw err;
  }
}

/** DELETE /api/v1/admin/ip_blocks/:id */
export async function removeIpBlock(ctx: Context, caller: BlockAdmin, id: number | null): Promise<void> {
  const row = await getIpBlock(ctx, caller, id);
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    await deleteIpBlock(trx, Number(row.id));
    await recordAudit(trx, { actorId: Number(caller.account.id), action: 'ip_block.destroy', subjectType: 'ip_block', subjectId: Number(row.id), data: { ip: row.ip, severity: row.severity }, at: now });
    afterChange(trx);
  });
}
