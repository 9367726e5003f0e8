import type { Context } from '../app/context.js';
import { AppError, fieldError, notFound } from '../app/errors.js';
import { transaction } from '../app/transaction.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { publishAfterCommit } from '../streaming/streaming.js';
import type { Executor } from '../db/database.js';
import { findStatuses } from '../statuses/statuses.repository.js';
import { visibleTo } from '../statuses/visibility.js';
import { FILTERS_PER_ACCOUNT, FILTER_TITLE_MAX, KEYWORDS_PER_FILTER, KEYWORD_MAX } from './filters.policy.js';
import {
  type FilterKeywordRow,
  type FilterRow,
  type FilterStatusRow,
  type FilterWithRules,
  deleteFilter,
  deleteFilterStatus,
  deleteKeyword,
  findFilterWithRules,
  insertFilter,
  insertFilterStatus,
  insertKeyword,
  updateFilter,
  updateKeyword,
} from './filters.repository.js';
import type { FilterAction, FilterContext } from './filters.table.js';
import { ownedFilter, ownedFilterStatus, ownedKeyword } from './owned-filter.js';

export interface KeywordInput {
  id?: number | undefined;
  keyword?: string | undefined;
  whole_word?: boolean | undefined;
  /** Rails' nested-attributes removal. */
  _destroy?: boolean | undefined;
}

export interface FilterInput {
  title?: string | undefined;
  context?: FilterContext[] | undefined;
  filter_action?: FilterAction | undefined;
  /** Seconds from now; null: never expires. */
  expires_in?: number | null | undefined;
  keywords_attributes?: KeywordInput[] | undefined;
}

function checkedTitle(title: string | undefined): string {
  const t = (title ?? '').trim();
  if (t === '') throw fieldError('title', 'ERR_BLANK', "can't be blank");
  if ([...t].length > FILTER_TITLE_MAX) throw fieldError('title', 'ERR_TOO_LONG', `is too long (maximum is ${FILTER_TITLE_MAX} characters)`);
  return t;
}

function checkedContext(context: FilterContext[] | undefined): string {
  const list = [...new Set(context ?? [])];
  if (list.length === 0) throw fieldError('context', 'ERR_BLANK', "can't be blank");
  return list.join(',');
}

function checkedKeyword(keyword: string | undefined, field = 'keyword'): string {
  const k = (keyword ?? '').trim();
  if (k === '') throw fieldError(field, 'ERR_BLANK', "can't be blank");
  if ([...k].length > KEYWORD_MAX) throw fieldError(field, 'ERR_TOO_LONG', `is too long (maximum is ${KEYWORD_MAX} characters)`);
  return k;
}

function expiresAt(ctx: Context, seconds: number | null | undefined): string | null {
  return seconds === null || seconds === undefined ? null : new Date(ctx.clock.now().getTime() + seconds * 1000).toISOString();
}

async function loaded(trx: Executor, id: number): Promise<FilterWithRules> {
  const f = await findFilterWithRules(trx, id);
  if (!f) throw notFound('Filter');
  return f;
}

async function countOf(trx: Executor, table: 'custom_filters' | 'custom_filter_keywords', column: 'account_id' | 'custom_filter_id', id: number): Promise<number> {
  const r = await trx.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where(column, '=', id).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** POST /api/v2/filters: a filter with its keywords (Mastodon's keywords_attributes); title and context required. */
export async function createFilter(ctx: Context, caller: ActingCaller, input: FilterInput): Promise<FilterWithRules> {
  const title = checkedTitle(input.title);
  const context = checkedContext(input.context);
  const keywords = (input.keywords_attributes ?? []).filter((k) => !k._destroy).map((k, i) => ({ keyword: checkedKeyword(k.keyword, `keywords_attributes[${i}][keyword]`), whole_word: k.whole_word ?? true }));
  if (keywords.length > KEYWORDS_PER_FILTER) throw fieldError('keywords_attributes', 'ERR_TOO_LONG', `is too long (maximum is ${KEYWORDS_PER_FILTER} keywords)`);
  const me = Number(caller.account.id);
  const now = ctx.clock.now().toISOString();
  return transaction(ctx, async (trx) => {
    if ((await countOf(trx, 'custom_filters', 'account_id', me)) >= FILTERS_PER_ACCOUNT) throw new AppError('validation_failed', `An account has at most ${FILTERS_PER_ACCOUNT} filters`);
    const row = await insertFilter(trx, { account_id: me, title, context, action: input.filter_action ?? 'warn', expires_at: expiresAt(ctx, input.expires_in), created_at: now, updated_at: now });
    for (const k of keywords) await insertKeyword(trx, { custom_filter_id: Number(row.id), keyword: k.keyword, whole_word: k.whole_word ? 1 : 0, created_at: now, updated_at: now });
    await recordOperatorAct(trx, caller, { action: 'filter.create', subjectType: 'filter', subjectId: Number(row.id) }, now);
    publishAfterCommit(trx, { t: 'filters_changed', account: Number(caller.account.id) });
    return loaded(trx, Number(row.id));
  });
}

/** PUT /api/v2/filters/:id: what is given changes; keywords_attributes add (no id), change (id) or remove (id and _destroy) keywords. */
export async function editFilter(ctx: Context, caller: ActingCaller, id: number | null, input: FilterInput): Promise<FilterWithRules> {
  const now = ctx.clock.now().toISOString();
  return transaction(ctx, async (trx) => {
    const filter = await ownedFilter(trx, caller.account, id);
    const fid = Number(filter.id);
    const patch: Partial<FilterRow> = { updated_at: now };
    if (input.title !== undefined) patch.title = checkedTitle(input.title);
    if (input.context !== undefined) patch.context = checkedContext(input.context);
    if (input.filter_action !== undefined) patch.action = input.filter_action;
    if (input.expires_in !== undefined) patch.expires_at = expiresAt(ctx, input.expires_in);
    await updateFilter(trx, fid, patch);
    const current = await loaded(trx, fid);
    for (const [i, k] of (input.keywords_attributes ?? []).entries()) {
      if (k.id !== undefined) {
        const mine = current.keywords.find((x) => Number(x.id) === k.id);
        if (!mine) throw notFound('Keyword');
        if (k._destroy) await deleteKeyword(trx, k.id);
        else
          await updateKeyword(trx, k.id, {
            ...(k.keyword !== undefined ? { keyword: checkedKeyword(k.keyword, `keywords_attributes[${i}][keyword]`) } : {}),
            ...(k.whole_word !== undefined ? { whole_word: k.whole_word ? 1 : 0 } : {}),
            updated_at: now,
          });
      } else if (!k._destroy) {
        await insertKeyword(trx, { custom_filter_id: fid, keyword: checkedKeyword(k.keyword, `keywords_attributes[${i}][keyword]`), whole_word: k.whole_word ?? true ? 1 : 0, created_at: now, updated_at: now });
      }
    }
    if ((await countOf(trx, 'custom_filter_keywords', 'custom_filter_id', fid)) > KEYWORDS_PER_FILTER) throw fieldError('keywords_attributes', 'ERR_TOO_LONG', `is too long (maximum is ${KEYWORDS_PER_FILTER} keywords)`);
    await recordOperatorAct(trx, caller, { action: 'filter.update', subjectType: 'filter', subjectId: fid }, now);
    publishAfterCommit(trx, { t: 'filters_changed', account: Number(caller.account.id) });
    return loaded(trx, fid);
  });
}

/** DELETE /api/v2/filters/:id, with its keywords and statuses. */
export async function removeFilter(ctx: Context, caller: ActingCaller, id: number | null): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    const filter = await ownedFilter(trx, caller.account, id);
    await deleteFilter(trx, filter);
    await recordOperatorAct(trx, caller, { action: 'filter.delete', subjectType: 'filter', subjectId: Number(filter.id) }, now);
    publishAfterCommit(trx, { t: 'filters_changed', account: Number(caller.account.id) });
  });
}

/** POST /api/v2/filters/:filter_id/keywords. */
export async function addKeyword(ctx: Context, caller: ActingCaller, filterId: number | null, input: { keyword?: string | undefined; whole_word?: boolean | undefined }): Promise<FilterKeywordRow> {
  const keyword = checkedKeyword(input.keyword);
  const now = ctx.clock.now().toISOString();
  return transaction(ctx, async (trx) => {
    const filter = await ownedFilter(trx, caller.account, filterId);
    if ((await countOf(trx, 'custom_filter_keywords', 'custom_filter_id', Number(filter.id))) >= KEYWORDS_PER_FILTER) throw new AppError('validation_failed', `A filter has at most ${KEYWORDS_PER_FILTER} keywords`);
    const row = await insertKeyword(trx, { custom_filter_id: Number(filter.id), keyword, whole_word: input.whole_word ?? true ? 1 : 0, created_at: now, updated_at: now });
    await recordOperatorAct(trx, caller, { action: 'filter.update', subjectType: 'filter', subjectId: Number(filter.id) }, now);
    publishAfterCommit(trx, { t: 'filters_changed', account: Number(caller.account.id) });
    return row;
  });
}

/** PUT /api/v2/filters/keywords/:id. */
export async function editKeyword(ctx: Context, caller: ActingCaller, id: number | null, input: { keyword?: string | undefined; whole_word?: boolean | undefined }): Promise<FilterKeywordRow> {
  const now = ctx.clock.now().toISOString();
  return transaction(ctx, async (trx) => {
    const { keyword, filter } = await ownedKeyword(trx, caller.account, id);
    const row = await updateKeyword(trx, Number(keyword.id), {
      ...(input.keyword !== undefined ? { keyword: checkedKeyword(input.keyword) } : {}),
      ...(input.whole_word !== undefined ? { whole_word: input.whole_word ? 1 : 0 } : {}),
      updated_at: now,
    });
    await recordOperatorAct(trx, caller, { action: 'filter.update', subjectType: 'filter', subjectId: Number(filter.id) }, now);
    publishAfterCommit(trx, { t: 'filters_changed', account: Number(caller.account.id) });
    return row ?? keyword;
  });
}

/** DELETE /api/v2/filters/keywords/:id. */
export async function removeKeyword(ctx: Context, caller: ActingCaller, id: number | null): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    const { keyword, filter } = await ownedKeyword(trx, caller.account, id);
    await deleteKeyword(trx, Number(keyword.id));
    await recordOperatorAct(trx, caller, { action: 'filter.update', subjectType: 'filter', subjectId: Number(filter.id) }, now);
    publishAfterCommit(trx, { t: 'filters_changed', account: Number(caller.account.id) });
  });
}

/** POST /api/v2/filters/:filter_id/statuses: a status the caller can see, filtered by id (twice: a 422, as Mastodon's uniqueness). */
export async function addFilterStatus(ctx: Context, caller: ActingCaller, filterId: number | null, statusId: number | null): Promise<FilterStatusRow> {
  const now = ctx.clock.now().toISOString();
  return transaction(ctx, async (trx) => {
    const filter = await ownedFilter(trx, caller.account, filterId);
    const [status] = statusId === null ? [] : await visibleTo(trx, caller.account, await findStatuses(trx, [statusId]));
    if (!status) throw notFound('Status');
    const existing = await trx.selectFrom('custom_filter_statuses').select('id').where('custom_filter_id', '=', Number(filter.id)).where('status_id', '=', Number(status.id)).executeTakeFirst();
    if (existing) throw fieldError('status_id', 'ERR_TAKEN', 'has already been taken');
    const row = await insertFilterStatus(trx, { custom_filter_id: Number(filter.id), status_id: Number(status.id), created_at: now });
    await recordOperatorAct(trx, caller, { action: 'filter.update', subjectType: 'filter', subjectId: Number(filter.id) }, now);
    publishAfterCommit(trx, { t: 'filters_changed', account: Number(caller.account.id) });
    return row;
  });
}

/** DELETE /api/v2/filters/statuses/:id. */
export async function removeFilterStatus(ctx: Context, caller: ActingCaller, id: number | null): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    const { status, filter } = await ownedFilterStatus(trx, caller.account, id);
    await deleteFilterStatus(trx, Number(status.id));
    await recordOperatorAct(trx, caller, { action: 'filter.update', subjectType: 'filter', subjectId: Number(filter.id) }, now);
    publishAfterCommit(trx, { t: 'filters_changed', account: Number(caller.account.id) });
  });
}
