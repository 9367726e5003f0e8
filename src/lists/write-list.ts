import type { Context } from '../app/context.js';
import { AppError, fieldError } from '../app/errors.js';
import { transaction } from '../app/transaction.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { LISTS_PER_ACCOUNT, LIST_TITLE_MAX } from './lists.policy.js';
import { type ListRow, countLists, deleteList, insertList, updateList } from './lists.repository.js';
import type { RepliesPolicy } from './lists.table.js';
import { ownedList } from './owned-list.js';

export interface ListInput {
  title?: string | undefined;
  replies_policy?: RepliesPolicy | undefined;
  exclusive?: boolean | undefined;
}

function checkedTitle(title: string | undefined): string {
  const t = (title ?? '').trim();
  if (t === '') throw fieldError('title', 'ERR_BLANK', "can't be blank");
  if ([...t].length > LIST_TITLE_MAX) throw fieldError('title', 'ERR_TOO_LONG', `is too long (maximum is ${LIST_TITLE_MAX} characters)`);
  return t;
}

/** POST /api/v1/lists: a new list of the caller's (a title is required; replies to members by default, as Mastodon). */
export async function createList(ctx: Context, caller: ActingCaller, input: ListInput): Promise<ListRow> {
  const title = checkedTitle(input.title);
  const me = Number(caller.account.id);
  const now = ctx.clock.now().toISOString();
  return transaction(ctx, async (trx) => {
    if ((await countLists(trx, me)) >= LISTS_PER_ACCOUNT) throw new AppError('validation_failed', `An account has at most ${LISTS_PER_ACCOUNT} lists`);
    const row = await insertList(trx, { account_id: me, title, replies_policy: input.replies_policy ?? 'list', exclusive: input.exclusive ? 1 : 0, created_at: now, updated_at: now });
    await recordOperatorAct(trx, caller, { action: 'list.create', subjectType: 'list', subjectId: Number(row.id) }, now);
    return row;
  });
}

/** PUT /api/v1/lists/:id: what is given changes, the rest stays; someone else's list is a 404. */
export async function editList(ctx: Context, caller: ActingCaller, id: number | null, input: ListInput): Promise<ListRow> {
  const now = ctx.clock.now().toISOString();
  return transaction(ctx, async (trx) => {
    const list = await ownedList(trx, caller.account, id);
    const patch: Partial<ListRow> = { updated_at: now };
    if (input.title !== undefined) patch.title = checkedTitle(input.title);
    if (input.replies_policy !== undefined) patch.replies_policy = input.replies_policy;
    if (input.exclusive !== undefined) patch.exclusive = input.exclusive ? 1 : 0;
    const row = await updateList(trx, Number(list.id), patch);
    await recordOperatorAct(trx, caller, { action: 'list.update', subjectType: 'list', subjectId: Number(list.id) }, now);
    return row ?? list;
  });
}

/** DELETE /api/v1/lists/:id. */
export async function removeList(ctx: Context, caller: ActingCaller, id: number | null): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    const list = await ownedList(trx, caller.account, id);
    await deleteList(trx, Number(list.id));
    await recordOperatorAct(trx, caller, { action: 'list.delete', subjectType: 'list', subjectId: Number(list.id) }, now);
  });
}
