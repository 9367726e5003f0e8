import type { Context } from '../app/context.js';
import { fieldError, notFound } from '../app/errors.js';
import { transaction } from '../app/transaction.js';
import { recordAudit } from '../audit/audit.repository.js';
import { isUniqueViolation } from '../db/errors.js';
import { type BlockAdmin, authorizeBlockAdmin } from './admin-caller.js';
import { canonicalEmailHash } from './canonical-email.js';
import {
  type CanonicalEmailBlockRow,
  type IdPage,
  canonicalEmailBlocksWithHash,
  deleteCanonicalEmailBlock,
  findCanonicalEmailBlock,
  insertCanonicalEmailBlock,
  listCanonicalEmailBlocks,
} from './sign-up-blocks.repository.js';

const HASH = /^[0-9a-f]{64}$/;

/** GET /api/v1/admin/canonical_email_blocks */
export async function listCanonicalEmailBlocksFor(ctx: Context, caller: BlockAdmin, q: IdPage): Promise<CanonicalEmailBlockRow[]> {
  authorizeBlockAdmin(caller);
  return listCanonicalEmailBlocks(ctx.db, q);
}

/** GET /api/v1/admin/canonical_email_blocks/:id */
export async function getCanonicalEmailBlock(ctx: Context, caller: BlockAdmin, id: number | null): Promise<CanonicalEmailBlockRow> {
  authorizeBlockAdmin(caller);
  const row = id === null ? undefined : await findCanonicalEmailBlock(ctx.db, id);
  if (!row) throw notFound('Canonical e-mail block');
  return row;
}

/** POST /api/v1/admin/canonical_email_blocks/test: the blocks an address falls under (the address is hashed, not kept). */
export async function testCanonicalEmail(ctx: Context, caller: BlockAdmin, email: string): Promise<CanonicalEmailBlockRow[]> {
  authorizeBlockAdmin(caller);
  return canonicalEmailBlocksWithHash(ctx.db, canonicalEmailHash(email));
}

/**
 * POST /api/v1/admin/canonical_email_blocks with `email` (hashed here, never
 * stored nor logged) or a `canonical_email_hash` computed elsewhere.
 */
export async function createCanonicalEmailBlock(ctx: Context, caller: BlockAdmin, input: { email?: string | undefined; canonical_email_hash?: string | undefined }): Promise<CanonicalEmailBlockRow> {
  authorizeBlockAdmin(caller);
  let hash: string;
  if (input.email !== undefined && input.email !== '') {
    if (!input.email.includes('@')) throw fieldError('email', 'ERR_INVALID', 'is not an e-mail address');
    hash = canonicalEmailHash(input.email);
  } else if (input.canonical_email_hash !== undefined && input.canonical_email_hash !== '') {
    hash = input.canonical_email_hash.toLowerCase();
    if (!HASH.test(hash)) throw fieldError('canonical_email_hash', 'ERR_INVALID', 'must be a SHA-256 digest in hex');
  } else {
    throw fieldError('canonical_email_hash', 'ERR_BLANK', "can't be blank (give email or canonical_email_hash)");
  }
  const now = ctx.clock.now().toISOString();
  try {
    return await transaction(ctx, async (trx) => {
      const row = await insertCanonicalEmailBlock(trx, { canonical_email_hash: hash, reference_account_id: null, created_at: now, updated_at: now });
      await recordAudit(trx, { actorId: Number(caller.account.id), action: 'canonical_email_block.create', subjectType: 'canonical_email_block', subjectId: Number(row.id), data: { canonical_email_hash: hash }, at: now });
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw fieldError('canonical_email_hash', 'ERR_TAKEN', 'is already blocked');
    throw err;
  }
}

/** DELETE /api/v1/admin/canonical_email_blocks/:id */
export async function removeCanonicalEmailBlock(ctx: Context, caller: BlockAdmin, id: number | null): Promise<void> {
  const row = await getCanonicalEmailBlock(ctx, caller, id);
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    await deleteCanonicalEmailBlock(trx, Number(row.id));
    await recordAudit(trx, { actorId: Number(caller.account.id), action: 'canonical_email_block.destroy', subjectType: 'canonical_email_block', subjectId: Number(row.id), data: { canonical_email_hash: row.canonical_email_hash }, at: now });
  });
}
