import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../../app/errors.js';
import { presentMedia } from '../../../media/media.presenter.js';
import { deleteMedia } from '../../../media/delete-media.js';
import { getMedia } from '../../../media/get-media.js';
import { updateMediaDetails } from '../../../media/update-media.js';
import { uploadMedia } from '../../../media/upload-media.js';
import { MEDIA_KEY, MEDIA_PATH } from '../../../media/store.js';
import { MEDIA_LIMITS } from '../../../domain/limits.js';
import { parseId } from '../../pagination.js';
import { RATE_LIMITS } from '../../rate-limits.js';
import { signedIn } from '../../plugins/auth.js';
import { EmptySchema, MediaAttachmentSchema, errorResponses, imageFile } from '../../schemas/index.js';
import { idParams } from '../../forms.js';

/** A file part of a multipart body (bodies.ts reads files as Buffers); anything else is a 422 naming the field. */
export const uploadedFile = z.custom<Buffer>((v) => Buffer.isBuffer(v), { message: 'must be a file (multipart/form-data)' });

// Text fields are bounded before the use case checks them precisely (characters, not UTF-16 units).
const details = {
  description: z.string().max(MEDIA_LIMITS.descriptionMax * 4).optional(),
  focus: z.string().max(100).optional(),
};
const uploadBody = z.object({ file: uploadedFile, thumbnail: uploadedFile.optional(), ...details });

/**
 * The request body an upload route takes: room for its files and fields, and
 * more, so that a file over the limit is a 422 naming it (bodies.ts stops
 * reading a file at `uploadLimit`) rather than a bare 413 for the body.
 */
export function uploadBodyLimit(mediaSizeLimit: number, files = 1): number {
  return files * 4 * mediaSizeLimit + 1024 * 1024;
}

const CONTENT_TYPES: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp', gif: 'image/gif' };

/** Mastodon's media endpoints (scope write:media), and the folder store's files. */
export async function mediaRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;
  const auth = { auth: { scope: 'write:media' } };
  const bodyLimit = uploadBodyLimit(ctx.config.mediaSizeLimit);
  const uploading = {
    ...RATE_LIMITS.media,
    // Counted per account, after the token has been read.
    hook: 'preHandler' as const,
    keyGenerator: (req: FastifyRequest) => `account:${req.actor?.account?.id ?? req.ip}`,
  };

  // v1 and v2 alike: images are processed before the answer, so v2 answers 200 (202 is for media still processing, which images never are).
  for (const path of ['/api/v1/media', '/api/v2/media']) {
    app.post(path, { bodyLimit, config: { ...auth, rateLimit: uploading, uploadLimit: ctx.config.mediaSizeLimit }, schema: { body: uploadBody, tags: ['media'], summary: 'Upload an image (multipart: file, description, focus)', response: { 200: MediaAttachmentSchema, ...errorResponses } } }, async (req) => {
      const actor = signedIn(req);
      return presentMedia(ctx.media, await uploadMedia(ctx, actor, req.body));
    });
  }

  app.get('/api/v1/media/:id', { config: auth, schema: { params: idParams, tags: ['media'], response: { 200: MediaAttachmentSchema, ...errorResponses } } }, async (req) => {
    const actor = signedIn(req);
    return presentMedia(ctx.media, await getMedia(ctx, actor.account, parseId(req.params.id), { unattached: true }));
  });

  app.put('/api/v1/media/:id', { config: auth, schema: { params: idParams, body: z.object(details).nullish(), tags: ['media'], summary: 'Alt text and focal point of an unattached upload', response: { 200: MediaAttachmentSchema, ...errorResponses } } }, async (req) => {
    const actor = signedIn(req);
    return presentMedia(ctx.media, await updateMediaDetails(ctx, actor, parseId(req.params.id), req.body ?? {}));
  });

  app.delete('/api/v1/media/:id', { config: auth, schema: { params: idParams, tags: ['media'], summary: 'Delete an unattached upload', response: { 200: EmptySchema, ...errorResponses } } }, async (req) => {
    const actor = signedIn(req);
    await deleteMedia(ctx, actor, parseId(req.params.id));
    return {};
  });

  // The folder store's files. Names are random and never reused, so they are cached for a year;
  // nosniff and a fixed type from the name, so that no file is ever taken for a page or a script.
  const read = ctx.media.read;
  if (read) {
    app.get<{ Params: { key: string } }>(`${MEDIA_PATH}/:key`, { schema: { hide: true, response: { 200: imageFile } } }, async (req, reply) => {
      const key = req.params.key;
      const data = MEDIA_KEY.test(key) ? await read(key) : null;
      if (!data) throw notFound('Media file');
      return reply
        .type(CONTENT_TYPES[key.slice(key.lastIndexOf('.') + 1)] as string)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .send(data);
    });
  }
}
