import type { Context } from '../app/context.js';
import { AppError } from '../app/errors.js';
import { transaction } from '../app/transaction.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { publishAfterCommit } from '../streaming/streaming.js';
import { type FilterKeywordRow, type FilterRow, deleteFilter, deleteKeyword, findFilter, findKeyword, updateFilter, updateKeyword } from './filters.repository.js';
import type { FilterContext } from './filters.table.js';
import { ownedKeyword } from './owned-filter.js';
import { createFilter } from './write-filter.js';

/** A v1 filter as clients send it: a phrase with the context, `irreversible` (hide) and expiry of its own filter. */
export interface FilterV1Input {
  phrase?: string | undefined;
  context?: FilterContext[] | undefined;
  irreversible?: boolean | undefined;
  whole_word?: boolean | undefined;
  expires_in?: number | null | undefined;
}

/** POST /api/v1/filters: as Mastodon maps it, a v2 filter titled by the phrase, with that one keyword; `irreversible` makes it hide. */
export async function createFilterV1(ctx: Context, caller: ActingCaller, input: FilterV1Input): Promise<{ keyword: FilterKeywordRow; filter: FilterRow }> {
  const made = await createFilter(ctx, caller, {
    title: input.phrase,
    context: input.context,
    filter_action: input.irreversible ? 'hide' : 'warn',
    expires_in: input.expires_in,
    keywords_attributes: [{ keyword: input.phrase, whole_word: input.whole_word ?? true }],
  });
  const keyword = made.keywords[0];
  if (!keyword) throw new AppError('validation_failed', 'Validation failed: phrase cannot be blank');
  return { keyword, filter: made.filter };
}

/**
 * PUT /api/v1/filters/:id (a keyword's id): the phrase and whole_word change
 * on the keyword; context, irreversible and expiry on its filter, which a v1
 * client may change only when the filter has that one keyword (Mastodon
 * refuses with a 422 otherwise).
 */
export async function editFilterV1(ctx: Context, caller: ActingCaller, id: number | null, input: FilterV1Input): Promise<{ keyword: FilterKeywordRow; filter: FilterRow }> {
  const now = ctx.clock.now().toISOString();
  return transaction(ctx, async (trx) => {
    const { keyword, filter } = await ownedKeyword(trx, caller.account, id);
    const touchesFilter = input.context !== undefined || input.irreversible !== undefined || input.expires_in !== undefined;
    if (touchesFilter) {
      const count = await trx.selectFrom('custom_filter_keywords').select((eb) => eb.fn.countAll<number>().as('n')).where('custom_filter_id', '=', Number(filter.id)).executeTakeFirstOrThrow();
      if (Number(count.n) > 1) throw new AppError('validation_failed', 'This filter has several keywords: edit it through the v2 API');
      const patch: Partial<FilterRow> = { updated_at: now };
      if (input.context !== undefined) {
        if (input.context.length === 0) throw new AppError('validation_failed', "Validation failed: context can't be blank");
        patch.context = [...new Set(input.context)].join(',');
      }
      if (input.irreversible !== undefined) patch.action = input.irreversible ? 'hide' : 'warn';
      if (input.expires_in !== undefined) patch.expires_at = input.expires_in === null ? null : new Date(ctx.clock.now().getTime() + input.expires_in * 1000).toISOString();
      await updateFilter(trx, Number(filter.id), patch);
    }
    const phrase = input.phrase?.trim();
    if (phrase === '') throw new AppError('validation_failed', "Validation failed: phrase can't be blank");
    await updateKeyword(trx, Number(keyword.id), { ...(phrase !== undefined ? { keyword: phrase } : {}), ...(input.whole_word !== undefined ? { whole_word: input.whole_word ? 1 : 0 } : {}), updated_at: now });
    await recordOperatorAct(trx, caller, { action: 'filter.update', subjectType: 'filter', subjectId: Number(filter.id) }, now);
    publishAfterCommit(trx, { t: 'filters_changed', account: Number(caller.account.id) });
    const k = await findKeyword(trx, Number(keyword.id));
    const f = await findFilter(trx, Number(filter.id));
    return { keyword: k ?? keyword, filter: f ?? filter };
  });
}

/** DELETE /api/v1/filters/:id: the keyword goes, and its filter with it when nothing else is left in it. */
export async function removeFilterV1(ctx: Context, caller: ActingCaller, id: number | null): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    const { keyword, filter } = await ownedKeyword(trx, caller.account, id);
    await deleteKeyword(trx, Number(keyword.id));
    const left = await trx.selectFrom('custom_filter_keywords').select('id').where('custom_filter_id', '=', Number(filter.id)).executeTakeFirst();
    const statuses = await trx.selectFrom('custom_filter_statuses').select('id').where('custom_filter_id', '=', Number(filter.id)).executeTakeFirst();
    if (!left && !statuses) await deleteFilter(trx, filter);
    await recordOperatorAct(trx, caller, { action: 'filter.delete', subjectType: 'filter', subjectId: Number(filter.id) }, now);
    publishAfterCommit(trx, { t: 'filters_changed', account: Number(caller.account.id) });
  });
}
