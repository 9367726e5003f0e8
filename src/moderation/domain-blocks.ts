import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import { AppError, fieldError, notFound } from '../app/errors.js';
import { afterCommitWith, transaction } from '../app/transaction.js';
import { recordAudit } from '../audit/audit.repository.js';
import type { Executor } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import type { Caller } from '../operators/operators.policy.js';
import { mayManageFederation } from './domain-moderation.policy.js';
import {
  type DomainBlockRow,
  type IdPage,
  deleteDomainBlock,
  domainBlockCovering,
  findDomainBlock,
  insertDomainBlock,
  listDomainBlocks,
  updateDomainBlock,
} from './domain-moderation.repository.js';
import type { DomainBlockSeverity } from './domain-moderation.table.js';
import { hostVariants, normalizeHost } from './domain-name.js';
import { forgetDomainRules, stricterThan } from './domain-policy.js';

/** What a block's create and update take; on update, what is absent stays as it was. */
export interface DomainBlockInput {
  domain?: string | undefined;
  severity?: DomainBlockSeverity | undefined;
  reject_media?: boolean | undefined;
  reject_reports?: boolean | undefined;
  private_comment?: string | undefined;
  public_comment?: string | undefined;
  obfuscate?: boolean | undefined;
}

/**
 * The 422 of a block that one already in force covers as strictly or more:
 * a block on the same domain, or on a parent domain that is at least as
 * strict (Mastodon's conflicts_with_existing_block?). The route answers it
 * with the existing block, as Mastodon does.
 */
export class ExistingDomainBlockError extends AppError {
  constructor(
    readonly existing: DomainBlockRow,
    domain: string,
  ) {
    const description = existing.domain === domain ? 'is already blocked' : `is already covered by the block on ${existing.domain}, which is at least as strict`;
    super('validation_failed', `Validation failed: domain ${description}`, { domain: [{ error: 'ERR_TAKEN', description }] });
  }
}

function authorizeFederationAdmin(caller: Caller): void {
  authorize(mayManageFederation(caller), 'Only admins manage domain blocks and allows');
}

function flag(v: boolean | undefined): number | undefined {
  return v === undefined ? undefined : v ? 1 : 0;
}

/** What the audit log keeps of a block: enough to see what it did, without the private comment. */
function auditView(r: DomainBlockRow) {
  return { domain: r.domain, severity: r.severity, reject_media: r.reject_media === 1, reject_reports: r.reject_reports === 1, obfuscate: r.obfuscate === 1 };
}

function afterChange(trx: Executor): void {
  afterCommitWith(trx, (ctx) => forgetDomainRules(ctx.db));
}

/** GET /api/v1/admin/domain_blocks */
export async function listDomainBlocksFor(ctx: Context, caller: Caller, q: IdPage): Promise<DomainBlockRow[]> {
  authorizeFederationAdmin(caller);
  return listDomainBlocks(ctx.db, q);
}

/** GET /api/v1/admin/domain_blocks/:id */
export async function getDomainBlock(ctx: Context, caller: Caller, id: number | null): Promise<DomainBlockRow> {
  authorizeFederationAdmin(caller);
  const row = id === null ? undefined : await findDomainBlock(ctx.db, id);
  if (!row) throw notFound('Domain block');
  return row;
}

/**
 * POST /api/v1/admin/domain_blocks. There are no remote accounts yet, so the
 * block changes nothing stored now; its decisions (domain-policy.ts) apply
 * to every host under it from the moment it commits.
 */
export async function createDomainBlock(ctx: Context, caller: Caller, input: DomainBlockInput): Promise<DomainBlockRow> {
  authorizeFederationAdmin(caller);
  if (input.domain === undefined || input.domain.trim() === '') throw fieldError('domain', 'ERR_BLANK', "can't be blank");
  const domain = normalizeHost(input.domain);
  if (domain === null) throw fieldError('domain', 'ERR_INVALID', 'is not a valid domain name');
  const wanted = { severity: input.severity ?? 'silence', rejectMedia: input.reject_media ?? false, rejectReports: input.reject_reports ?? false } as const;
  const now = ctx.clock.now().toISOString();
  try {
    return await transaction(ctx, async (trx) => {
      const existing = await domainBlockCovering(trx, hostVariants(domain));
      if (existing && (existing.domain === domain || !stricterThan(wanted, { severity: existing.severity, rejectMedia: existing.reject_media === 1, rejectReports: existing.reject_reports === 1 }))) {
        throw new ExistingDomainBlockError(existing, domain);
      }
      const row = await insertDomainBlock(trx, {
        domain,
        severity: wanted.severity,
        reject_media: wanted.rejectMedia ? 1 : 0,
        reject_reports: wanted.rejectReports ? 1 : 0,
        private_comment: input.private_comment ?? null,
        public_comment: input.public_comment ?? null,
        obfuscate: input.obfuscate ? 1 : 0,
        created_at: now,
        updated_at: now,
      });
      await recordAudit(trx, { actorId: Number(caller.account.id), action: 'domain_block.create', subjectType: 'domain_block', subjectId: Number(row.id), data: auditView(row), at: now });
      afterChange(trx);
      return row;
    });
  } catch (err) {
    // Two admins blocking the same domain at once: the second finds the first's block.
    if (isUniqueViolation(err)) {
      const existing = await domainBlockCovering(ctx.db, [domain]);
      if (existing) throw new ExistingDomainBlockError(existing, domain);
    }
    throw err;
  }
}

/** PUT /api/v1/admin/domain_blocks/:id: the domain stays; what else is given changes. */
export async function changeDomainBlock(ctx: Context, caller: Caller, id: number | null, input: Omit<DomainBlockInput, 'domain'>): Promise<DomainBlockRow> {
  const before = await getDomainBlock(ctx, caller, id);
  const now = ctx.clock.now().toISOString();
  return transaction(ctx, async (trx) => {
    const set = {
      ...(input.severity !== undefined ? { severity: input.severity } : {}),
      ...(input.reject_media !== undefined ? { reject_media: flag(input.reject_media) } : {}),
      ...(input.reject_reports !== undefined ? { reject_reports: flag(input.reject_reports) } : {}),
      ...(input.obfuscate !== undefined ? { obfuscate: flag(input.obfuscate) } : {}),
      ...(input.private_comment !== undefined ? { private_comment: input.private_comment } : {}),
      ...(input.public_comment !== undefined ? { public_comment: input.public_comment } : {}),
      updated_at: now,
    };
    const row = await updateDomainBlock(trx, Number(before.id), set);
    await recordAudit(trx, {
      actorId: Number(caller.account.id),
      action: 'domain_block.update',
      subjectType: 'domain_block',
      subjectId: Number(row.id),
      data: { before: auditView(before), after: auditView(row) },
      at: now,
    });
    afterChange(trx);
    return row;
  });
}

/** DELETE /api/v1/admin/domain_blocks/:id */
export async function removeDomainBlock(ctx: Context, caller: Caller, id: number | null): Promise<void> {
  const row = await getDomainBlock(ctx, caller, id);
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    await deleteDomainBlock(trx, Number(row.id));
    await recordAudit(trx, { actorId: Number(caller.account.id), action: 'domain_block.destroy', subjectType: 'domain_block', subjectId: Number(row.id), data: auditView(row), at: now });
    afterChange(trx);
  });
}
