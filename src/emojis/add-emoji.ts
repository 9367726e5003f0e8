import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import { fieldError } from '../app/errors.js';
import { transaction } from '../app/transaction.js';
import type { ActingCaller } from '../audit/record-operator-act.js';
import { recordAudit } from '../audit/audit.repository.js';
import { processEmojiImage } from '../media/process-image.js';
import { removeFiles } from '../media/status-media.js';
import { newMediaKey } from '../media/upload-media.js';
import { EMOJI_SIZE_LIMIT, SHORTCODE, mayManageEmojis } from './emojis.policy.js';
import { type CustomEmojiRow, findEmojiByShortcode, insertEmoji } from './emojis.repository.js';

export interface AddEmojiInput {
  shortcode: string;
  image: Buffer;
  category?: string | null | undefined;
  visibleInPicker?: boolean | undefined;
}

/**
 * An admin adds a custom emoji (the admin API, or `govblog admin emoji add`):
 * the picture is checked and shrunk like any upload, stored through the media
 * store, and the act is in the audit log. A taken shortcode is a 422.
 */
export async function addEmoji(ctx: Context, caller: ActingCaller | null, input: AddEmojiInput): Promise<CustomEmojiRow> {
  if (caller) authorize(mayManageEmojis(caller.account, caller.operator), 'Only admins manage custom emojis');
  if (!SHORTCODE.test(input.shortcode)) throw fieldError('shortcode', 'ERR_INVALID', 'must be 2 to 30 letters, digits or underscores');
  const category = input.category?.trim() || null;
  if (category !== null && category.length > 60) throw fieldError('category', 'ERR_TOO_LONG', 'is at most 60 characters');
  if (input.image.length > EMOJI_SIZE_LIMIT) throw fieldError('image', 'ERR_TOO_LARGE', `is too large (at most ${EMOJI_SIZE_LIMIT} bytes)`);
  if (await findEmojiByShortcode(ctx.db, input.shortcode)) throw fieldError('shortcode', 'ERR_TAKEN', 'is already taken');
  const { file, still } = await processEmojiImage(input.image, 'image');
  const imageKey = newMediaKey(file.ext);
  const stillKey = still ? newMediaKey(still.ext) : imageKey;
  const added = [imageKey, ...(still ? [stillKey] : [])];
  try {
    await ctx.media.put(imageKey, file.data, file.contentType);
    if (still) await ctx.media.put(stillKey, still.data, still.contentType);
    const now = ctx.clock.now().toISOString();
    return await transaction(ctx, async (trx) => {
      // Two admins racing for one shortcode: the unique index decides, and the loser hears 422.
      if (await findEmojiByShortcode(trx, input.shortcode)) throw fieldError('shortcode', 'ERR_TAKEN', 'is already taken');
      const row = await insertEmoji(trx, {
        shortcode: input.shortcode,
        image_key: imageKey,
        static_key: stillKey,
        category,
        visible_in_picker: input.visibleInPicker === false ? 0 : 1,
        disabled: 0,
        created_at: now,
        updated_at: now,
      });
      await recordAudit(trx, { actorId: caller ? Number(caller.account.id) : null, action: 'custom_emoji.create', subjectType: 'custom_emoji', subjectId: Number(row.id), data: { shortcode: row.shortcode }, at: now });
      return row;
    });
  } catch (err) {
    removeFiles(ctx, added);
    throw err;
  }
}

