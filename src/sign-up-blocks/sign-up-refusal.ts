import type { Context } from '../app/context.js';
import { AppError, type FieldErrors } from '../app/errors.js';
import { canonicalEmailHash } from './canonical-email.js';
import { normalizeDomain } from './email-domain-blocks.js';
import { ipBlockSeverities } from './ip-access.js';
import { canonicalEmailBlocksWithHash, emailDomainBlocksCovering, recordEmailDomainAttempt } from './sign-up-blocks.repository.js';

/**
 * What the admin's blocks say of a sign-up, before any account is made. An
 * address in a sign_up_block or sign_up_requires_approval range is refused
 * 403, as Mastodon refuses registrations from it (this provider has no queue
 * of sign-ups awaiting approval, so it cannot hold them instead). An e-mail
 * at a blocked domain (or under it) is a 422 on `email`; one whose canonical
 * form is blocked is told the address is taken, as Mastodon tells it, so the
 * block is not revealed. Returns the field errors to add.
 */
export async function signUpRefusal(ctx: Context, input: { email: string; ip: string | undefined }): Promise<FieldErrors> {
  if (input.ip !== undefined) {
    const severities = await ipBlockSeverities(ctx, input.ip);
    if (severities.has('sign_up_block') || severities.has('sign_up_requires_approval') || severities.has('no_access')) {
      throw new AppError('forbidden', 'Sign-ups from your address are not accepted');
    }
  }
  const errors: FieldErrors = {};
  const at = input.email.lastIndexOf('@');
  const host = at < 0 ? null : normalizeDomain(input.email.slice(at + 1));
  if (host) {
    const [block] = await emailDomainBlocksCovering(ctx.db, host);
    if (block) {
      await recordEmailDomainAttempt(ctx.db, Number(block.id), input.ip ?? '', ctx.clock.now().toISOString());
      errors.email = [{ error: 'ERR_BLOCKED', description: 'uses a disallowed e-mail provider' }];
      return errors;
    }
  }
  if ((await canonicalEmailBlocksWithHash(ctx.db, canonicalEmailHash(input.email))).length > 0) {
    errors.email = [{ error: 'ERR_TAKEN', description: 'is already taken' }];
  }
  return errors;
}
