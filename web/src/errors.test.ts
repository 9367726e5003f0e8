import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { FIELD_REASONS } from '../../src/app/errors';
import { ApiError, type FieldErrors } from './api';
import { errorText, fieldProblemText, problemText } from './errors';
import { MESSAGES, translator } from './i18n';
import { FIELD_REASON_MESSAGES } from './messages-errors';

const zh = translator('zh-CN');
const en = translator('en');
const LATIN = /[A-Za-z_]{3,}/;

/** An answer as the API gives it (src/http/plugins/error-reasons.test.ts checks the server gives these shapes). */
const invalid = (details: FieldErrors) => new ApiError(422, 'Validation failed: …', 'validation_failed', details);

/** The API's errors as a Chinese user reads them: from the code, the field and its reason, never the server's English. */
describe('the API errors in the UI language', () => {
  it('says a wrong credit code check character in Chinese, naming the field as the form does', () => {
    const err = invalid({ credit_code: [{ error: 'ERR_INVALID', description: 'has a wrong check character (GB 32100-2015)', reason: 'credit_code_check' }] });
    expect(errorText('zh-CN', err)).toBe('请检查填写的内容。');
    const text = fieldProblemText('zh-CN', zh, 'credit_code', err.field('credit_code')[0]!);
    expect(text).toBe('统一社会信用代码：校验码不正确，请核对营业执照或登记证书（GB 32100-2015）');
    expect(fieldProblemText('en', en, 'credit_code', err.field('credit_code')[0]!)).toMatch(/^Unified social credit code has a wrong check character/);
  });

  it('names the rank and level by their labels, not the API values', () => {
    const text = problemText('zh-CN', zh, { error: 'ERR_INVALID', description: 'ministerial is above any post at county level', reason: 'rank_above_level', params: { rank: 'ministerial', level: 'county' } });
    expect(text).toContain('省部级');
    expect(text).toContain('县级');
    expect(text).not.toMatch(LATIN);
  });

  it('says what a 404 looked for', () => {
    const err = new ApiError(404, 'Account not found', 'not_found', null, 'account');
    expect(errorText('zh-CN', err)).toBe('找不到该账号，它可能已被删除。');
    expect(errorText('en', err)).toBe('This account was not found; it may have been deleted.');
    expect(errorText('zh-CN', new ApiError(404, 'Widget not found', 'not_found', null, 'widget'))).toBe('找不到所请求的内容，它可能已被删除。');
  });

  it('says a limit with its count, and a length without one', () => {
    expect(problemText('zh-CN', zh, { error: 'ERR_INVALID', description: 'Too big', reason: 'too_long', params: { count: 5000 } })).toBe('不能超过 5,000 个字符');
    expect(problemText('zh-CN', zh, { error: 'ERR_TOO_LONG', description: 'is too long' })).toBe('太长');
    expect(problemText('zh-CN', zh, { error: 'ERR_TOO_SHORT', description: 'is too short (minimum is 8 characters)', params: { count: 8 } })).toBe('至少需要 8 个字符');
    expect(problemText('zh-CN', zh, { error: 'ERR_TAKEN', description: 'is already taken' })).toBe('已被占用');
  });

  it('falls back to a Chinese word, not the English description, for a code it does not know', () => {
    expect(problemText('zh-CN', zh, { error: 'ERR_NEWER', description: 'is something new' })).toBe('格式不正确');
    expect(problemText('en', en, { error: 'ERR_NEWER', description: 'is something new' })).toBe('is something new');
    expect(fieldProblemText('zh-CN', zh, 'brand_new_field', { error: 'ERR_BLANK', description: "can't be blank" })).toBe('brand_new_field：不能为空');
  });

  it('has a message for every reason the server gives, in both languages', () => {
    for (const reason of FIELD_REASONS) {
      const [zhText, enText] = FIELD_REASON_MESSAGES[reason];
      expect(zhText, reason).not.toBe('');
      expect(enText, reason).not.toBe('');
      const text = problemText('zh-CN', zh, { error: 'ERR_INVALID', description: 'x', reason, params: { count: 3, rank: 'bureau', level: 'county', province: '99' } });
      expect(text, reason).not.toMatch(/[{}]/);
    }
  });

  it('does not show a network failure or a server failure in English', () => {
    expect(errorText('zh-CN', new ApiError(0, 'Network error: Failed to fetch', 'network', null))).toBe('网络连接失败，请检查网络后重试。');
    expect(errorText('zh-CN', new ApiError(502, 'Bad Gateway', 'internal', null))).toBe('服务器出错了，请稍后再试。');
    expect(errorText('zh-CN', new ApiError(418, "I'm a teapot", 'FST_SOMETHING', null))).toBe('请求有误。（HTTP 418）');
  });
});

describe('the UI messages (ICU)', () => {
  it('says counts in English with plurals and separators', () => {
    expect(en('status.replies', { n: 1 })).toBe('1 reply');
    expect(en('status.replies', { n: 12000 })).toBe('12,000 replies');
    expect(zh('status.replies', { n: 12000 })).toBe('12,000 条回复');
    expect(en('poll.votes', { n: 1 })).toBe('1 voter');
    expect(en('compose.counter', { n: 1 })).toBe('1 character left');
    expect(en('explore.tagUses', { accounts: 1, uses: 3 })).toBe('1 person, 3 posts this week');
  });

  it('compiles every message of both languages', () => {
    // A syntax error (a stray brace, an unbalanced plural) would throw here rather than show a raw message.
    for (const [key, pair] of Object.entries(MESSAGES)) {
      for (const [lang, i] of [['zh-CN', 0], ['en', 1]] as const) {
        expect(() => new IntlMessageFormat(pair[i], lang), `${key} (${lang})`).not.toThrow();
      }
    }
  });
});
