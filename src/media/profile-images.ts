import type { Context } from '../app/context.js';
import { fieldError } from '../app/errors.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { processProfileImage } from './process-image.js';
import { removeFiles } from './status-media.js';
import { newMediaKey } from './upload-media.js';

/** The account columns an uploaded avatar or header sets. */
export type ProfileImagePatch = Partial<Pick<AccountRow, 'avatar_key' | 'avatar_static_key' | 'header_key' | 'header_static_key'>>;

/** Stored profile pictures, before the account row points at them: the patch, and what to remove if the update fails or once it is done. */
export interface StoredProfileImages {
  patch: ProfileImagePatch;
  /** The new files: removed if the update rolls back. */
  added: string[];
  /** The files replaced: removed once the update commits. */
  replaced: (account: AccountRow) => string[];
}

/**
 * Processes and stores an uploaded avatar (400×400) and header (1500×500),
 * cropped as Mastodon crops them, metadata stripped; a 422 naming the field
 * for a file that is not an acceptable image.
 */
export async function storeProfileImages(ctx: Context, input: { avatar?: Buffer | undefined; header?: Buffer | undefined }): Promise<StoredProfileImages> {
  const patch: ProfileImagePatch = {};
  const added: string[] = [];
  const which: ('avatar' | 'header')[] = [];
  try {
    for (const field of ['avatar', 'header'] as const) {
      const bytes = input[field];
      if (!bytes) continue;
      if (bytes.length > ctx.config.mediaSizeLimit) throw fieldError(field, 'ERR_TOO_LARGE', `is too large (at most ${ctx.config.mediaSizeLimit} bytes)`);
      const { file, still } = await processProfileImage(bytes, field);
      const key = newMediaKey(file.ext);
      await ctx.media.put(key, file.data, file.contentType);
      added.push(key);
      let stillKey = key;
      if (still) {
        stillKey = newMediaKey(still.ext);
        await ctx.media.put(stillKey, still.data, still.contentType);
        added.push(stillKey);
      }
      patch[`${field}_key`] = key;
      patch[`${field}_static_key`] = stillKey;
      which.push(field);
    }
  } catch (err) {
    removeFiles(ctx, added);
    throw err;
  }
  return {
    patch,
    added,
    replaced: (a) => [...new Set(which.flatMap((f) => [a[`${f}_key`], a[`${f}_static_key`]]).filter((k): k is string => k !== null))],
  };
}
