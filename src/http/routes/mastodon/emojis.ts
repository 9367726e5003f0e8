import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize } from '../../../app/authorize.js';
import { notFound } from '../../../app/errors.js';
import { addEmoji } from '../../../emojis/add-emoji.js';
import { changeEmoji, removeEmoji } from '../../../emojis/change-emoji.js';
import { EMOJI_SIZE_LIMIT, mayManageEmojis } from '../../../emojis/emojis.policy.js';
import { presentAdminEmoji, presentEmoji } from '../../../emojis/emojis.presenter.js';
import { listAllEmojis, listEnabledEmojis } from '../../../emojis/emojis.repository.js';
import { formBool, idParams } from '../../forms.js';
import { parseId } from '../../pagination.js';
import { signedIn } from '../../plugins/auth.js';
import { AdminCustomEmojiSchema, CustomEmojiSchema, EmptySchema, errorResponses } from '../../schemas/index.js';
import { uploadBodyLimit, uploadedFile } from './media.js';

const category = z.preprocess((v) => (v === '' ? null : v), z.string().max(60).nullable().optional());

/** GET /api/v1/custom_emojis, and govblog's admin API that manages them (Mastodon manages them in its admin pages). */
export async function emojiRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;

  app.get('/api/v1/custom_emojis', { schema: { tags: ['custom_emojis'], response: { 200: z.array(CustomEmojiSchema), ...errorResponses } } }, async () =>
    (await listEnabledEmojis(ctx.db)).map((e) => presentEmoji(ctx.config, e)),
  );

  app.get('/api/v1/admin/custom_emojis', { config: { auth: { scope: 'admin:read' } }, schema: { tags: ['admin'], summary: 'Every custom emoji, disabled ones too (govblog)', response: { 200: z.array(AdminCustomEmojiSchema), ...errorResponses } } }, async (req) => {
    const actor = signedIn(req);
    authorize(mayManageEmojis(actor.account, actor.operator), 'Only admins manage custom emojis');
    return (await listAllEmojis(ctx.db)).map((e) => presentAdminEmoji(ctx.config, e));
  });

  app.post(
    '/api/v1/admin/custom_emojis',
    {
      bodyLimit: uploadBodyLimit(EMOJI_SIZE_LIMIT),
      config: { auth: { scope: 'admin:write' }, uploadLimit: EMOJI_SIZE_LIMIT },
      schema: {
        body: z.object({ shortcode: z.string().max(100), image: uploadedFile, category, visible_in_picker: formBool.optional() }),
        tags: ['admin'],
        summary: 'Add a custom emoji (multipart: shortcode, image, category) (govblog)',
        response: { 200: AdminCustomEmojiSchema, ...errorResponses },
      },
    },
    async (req) => {
      const row = await addEmoji(ctx, signedIn(req), { shortcode: req.body.shortcode, image: req.body.image, category: req.body.category, visibleInPicker: req.body.visible_in_picker });
      return presentAdminEmoji(ctx.config, row);
    },
  );

  app.patch(
    '/api/v1/admin/custom_emojis/:id',
    { config: { auth: { scope: 'admin:write' } }, schema: { params: idParams, body: z.object({ category, visible_in_picker: formBool.optional(), disabled: formBool.optional() }), tags: ['admin'], response: { 200: AdminCustomEmojiSchema, ...errorResponses } } },
    async (req) => {
      const id = parseId(req.params.id);
      if (id === null) throw notFound('Custom emoji');
      const row = await changeEmoji(ctx, signedIn(req), id, { category: req.body.category, visibleInPicker: req.body.visible_in_picker, disabled: req.body.disabled });
      return presentAdminEmoji(ctx.config, row);
    },
  );

  app.delete('/api/v1/admin/custom_emojis/:id', { config: { auth: { scope: 'admin:write' } }, schema: { params: idParams, tags: ['admin'], response: { 200: EmptySchema, ...errorResponses } } }, async (req) => {
    const id = parseId(req.params.id);
    if (id === null) throw notFound('Custom emoji');
    await removeEmoji(ctx, signedIn(req), id);
    return {};
  });
}
