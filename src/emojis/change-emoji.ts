import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import { fieldError, notFound } from '../app/errors.js';
import { afterCommit, transaction } from '../app/transaction.js';
import type { ActingCaller } from '../audit/record-operator-act.js';
import { recordAudit } from '../audit/audit.repository.js';
import { removeFiles } from '../media/status-media.js';
import { mayManageEmojis } from './emojis.policy.js';
import { type CustomEmojiRow, deleteEmoji, findEmoji, updateEmoji } from './emojis.repository.js';

export interface ChangeEmojiInput {
  category?: string | null | undefined;
  visibleInPicker?: boolean | undefined;
  disabled?: boolean | undefined;
}

/** An admin changes an emoji's category, whether the picker shows it, or disables it (texts then show the shortcode). */
export async function changeEmoji(ctx: Context, caller: ActingCaller, id: number, input: ChangeEmojiInput): Promise<CustomEmojiRow> {
  authorize(mayManageEmojis(caller.account, caller.operator), 'Only admins manage custom emojis');
  const patch: Partial<Pick<CustomEmojiRow, 'category' | 'visible_in_picker' | 'disabled'>> = {};
  if (input.category !== undefined) {
    const c = input.category?.trim() || null;
    if (c !== null && c.length > 60) throw fieldError('category', 'ERR_TOO_LONG', 'is at most 60 characters');
    patch.category = c;
  }
  if (input.visibleInPicker !== undefined) patch.visible_in_picker = input.visibleInPicker ? 1 : 0;
  if (input.disabled !== undefined) patch.disabled = input.disabled ? 1 : 0;
  const now = ctx.clock.now().toISOString();
  return transaction(ctx, async (trx) => {
    const row = await updateEmoji(trx, id, patch, now);
    if (!row) throw notFound('Custom emoji');
    await recordAudit(trx, { actorId: Number(caller.account.id), action: 'custom_emoji.update', subjectType: 'custom_emoji', subjectId: id, data: input, at: now });
    return row;
  });
}

/** An admin removes an emoji; its files go once the removal commits. */
export async function removeEmoji(ctx: Context, caller: ActingCaller | null, id: number): Promise<void> {
  if (caller) authorize(mayManageEmojis(caller.account, caller.operator), 'Only admins manage custom emojis');
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    const row = await findEmoji(trx, id);
    if (!row) throw notFound('Custom emoji');
    await deleteEmoji(trx, id);
    await recordAudit(trx, { actorId: caller ? Number(caller.account.id) : null, action: 'custom_emoji.delete', subjectType: 'custom_emoji', subjectId: id, data: { shortcode: row.shortcode }, at: now });
    afterCommit(trx, () => removeFiles(ctx, [...new Set([row.image_key, row.static_key])]));
  });
}
