/**
 * What the UI says about a failed call: from the error's code, its fields and their reasons, in the user's language
 * (web/src/messages-errors.ts), never the server's English text, which stays for logs and other clients.
 */
import { ApiError, type FieldProblem } from './api';
import { formatMessage, label, type Lang, type Translate } from './i18n';
import { ERROR_CODE_MESSAGES, FIELD_ERROR_MESSAGES, FIELD_LABELS, FIELD_PROBLEM, FIELD_REASON_MESSAGES, NOT_FOUND_RESOURCE, RESOURCE_NAMES } from './messages-errors';

type Pair = readonly [string, string];
const pick = (lang: Lang, pair: Pair) => pair[lang === 'en' ? 1 : 0];

/** A table's entry, for keys that come from the server (and so may be ones this UI does not know). */
function entry(table: Readonly<Record<string, Pair>>, key: string | null | undefined): Pair | undefined {
  return typeof key === 'string' && Object.hasOwn(table, key) ? table[key] : undefined;
}

/** The field as its form labels it (`credit_code` → 统一社会信用代码); a nested one by its first part. */
export function fieldLabel(lang: Lang, field: string): string {
  const found = entry(FIELD_LABELS, field) ?? entry(FIELD_LABELS, field.split(/[.[]/)[0]);
  return found ? pick(lang, found) : field;
}

/** One problem of a field, without the field's name (a form shows it under the field). */
export function problemText(lang: Lang, t: Translate, problem: FieldProblem): string {
  const params: Record<string, string | number> = { count: 'none', ...problem.params };
  // Values the API names (a rank, a level) read as the form shows them.
  if (typeof params.rank === 'string') params.rank = label(t, 'rank', params.rank);
  if (typeof params.level === 'string') params.level = label(t, 'level', params.level);
  const message = entry(FIELD_REASON_MESSAGES, problem.reason) ?? entry(FIELD_ERROR_MESSAGES, problem.error);
  if (message) return formatMessage(lang, pick(lang, message), params);
  return lang === 'en' ? problem.description : '格式不正确';
}

/** "统一社会信用代码：校验码不正确…": a field's problem where no form field shows it. */
export function fieldProblemText(lang: Lang, t: Translate, field: string, problem: FieldProblem): string {
  return formatMessage(lang, pick(lang, FIELD_PROBLEM), { field: fieldLabel(lang, field), problem: problemText(lang, t, problem) });
}

/** The headline of an error: from its code (and, for a 404, what was looked for); a thrown Error's own text else. */
export function errorText(lang: Lang, error: unknown): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  const what = error.code === 'not_found' ? entry(RESOURCE_NAMES, error.resource) : undefined;
  if (what) return formatMessage(lang, pick(lang, NOT_FOUND_RESOURCE), { what: pick(lang, what) });
  const known = entry(ERROR_CODE_MESSAGES, error.code);
  if (known) return pick(lang, known);
  // A code this UI does not know (a proxy's page, a newer server): say what kind of failure it was.
  if (error.status >= 500 || error.status === 0) return pick(lang, ERROR_CODE_MESSAGES.internal);
  return lang === 'en' ? error.message : `${pick(lang, ERROR_CODE_MESSAGES.bad_request)}（HTTP ${error.status}）`;
}
