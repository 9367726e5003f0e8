import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import type { IdWindow } from '../statuses/statuses.repository.js';
import { type NotificationFilter, pageNotifications } from './notifications.repository.js';
import { presentNotifications } from './notifications.presenter.js';

export type { NotificationFilter } from './notifications.repository.js';

/** GET /api/v1/notifications: a page of the viewer's notifications, presented (the presenter drops what the page query already left out). */
export async function listNotifications(ctx: Context, viewer: AccountRow, input: { filter: NotificationFilter; window: IdWindow }) {
  return presentNotifications(ctx, viewer, await pageNotifications(ctx.db, viewer, input.filter, input.window));
}
