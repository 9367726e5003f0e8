import type { Context } from '../app/context.js';
import { fieldError, notFound } from '../app/errors.js';
import { transaction } from '../app/transaction.js';
import { recordAudit } from '../audit/audit.repository.js';
import { isUniqueViolation } from '../db/errors.js';
import { normalizeHost } from '../moderation/domain-name.js';
import { type BlockAdmin, authorizeBlockAdmin } from './admin-caller.js';
import {
  type EmailDomainBlockRow,
  type IdPage,
  deleteEmailDomainBlock,
  findEmailDomainBlock,
  insertEmailDomainBlock,
  listEmailDomainBlocks,
} from './sign-up-blocks.repository.js';

/** A host name as a block keeps it (lower-case ASCII, IDN in checked punycode), or null when it is not one: the provider's one host normaliser. */
export const normalizeDomain: (text: string) => string | null = normalizeHost;

/** GET /api/v1/admin/email_domain_blocks */
export async function listEmailDomainBlocksFor(ctx: Context, caller: BlockAdmin, q: IdPage): Promise<EmailDomainBlockRow[]> {
  authorizeBlockAdmin(caller);
  return listEmailDomainBlocks(ctx.db, q);
}

/** GET /api/v1/admin/email_domain_blocks/:id */
export async function getEmailDomainBlock(ctx: Context, caller: BlockAdmin, id: number | null): Promise<EmailDomainBlockRow> {
  authorizeBlockAdmin(caller);
  const row = id === null ? undefined : await findEmailDomainBlock(ctx.db, id);
  if (!row) throw notFound('E-mail domain block');
  return row;
}

/** POST /api/v1/admin/email_domain_blocks: sign-ups with an address at the domain, or under it, are refused. */
export async function createEmailDomainBlock(ctx: Context, caller: BlockAdmin, input: { domain: string }): Promise<EmailDomainBlockRow> {
  authorizeBlockAdmin(caller);
  const domain = normalizeDomain(input.domain);
  if (!domain) throw fieldError('domain', 'ERR_INVALID', 'is not a valid domain name');
  const now = ctx.clock.now().toISOString();
  try {
    return await transaction(ctx, async (trx) => {
      const row = await insertEmailDomainBlock(trx, { domain, created_at: now, updated_at: now });
      await recordAudit(trx, { actorId: Number(caller.account.id), action: 'email_domain_block.create', subjectType: 'email_domain_block', subjectId: Number(row.id), data: { domain }, at: now });
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw fieldError('domain', 'ERR_TAKEN', 'is already blocked');
    throw err;
  }
}

/** DELETE /api/v1/admin/email_domain_blocks/:id */
export async function removeEmailDomainBlock(ctx: Context, caller: BlockAdmin, id: number | null): Promise<void> {
  const row = await getEmailDomainBlock(ctx, caller, id);
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    await deleteEmailDomainBlock(trx, Number(row.id));
    await recordAudit(trx, { actorId: Number(caller.account.id), action: 'email_domain_block.destroy', subjectType: 'email_domain_block', subjectId: Number(row.id), data: { domain: row.domain }, at: now });
  });
}
