import type { Context } from '../app/context.js';
import { notFound } from '../app/errors.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { findNotification } from './notifications.repository.js';
import { presentNotifications } from './notifications.presenter.js';

/** GET /api/v1/notifications/:id: one of the viewer's, 404 when dismissed or about what the viewer may no longer see. */
export async function getNotification(ctx: Context, viewer: AccountRow, id: number) {
  const row = await findNotification(ctx.db, Number(viewer.id), id);
  const [json] = row ? await presentNotifications(ctx, viewer, [row]) : [];
  if (!json) throw notFound('Notification');
  return json;
}
