import type { Context } from '../app/context.js';
import type { EmailDomainBlockJson } from '../http/schemas/admin.js';
import { lastSevenDays, presentEmailDomainBlock } from './sign-up-blocks.presenter.js';
import { type EmailDomainBlockRow, attemptsByDay } from './sign-up-blocks.repository.js';

/** E-mail domain blocks with their week of refused sign-ups: one query for the whole list. */
export async function presentEmailDomainBlocks(ctx: Context, rows: readonly EmailDomainBlockRow[]): Promise<EmailDomainBlockJson[]> {
  const today = ctx.clock.now();
  const since = `${lastSevenDays(today).at(-1)}T00:00:00.000Z`;
  const attempts = await attemptsByDay(ctx.db, rows.map((r) => Number(r.id)), since);
  return rows.map((r) => presentEmailDomainBlock(r, attempts, today));
}
