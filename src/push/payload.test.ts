import { describe, expect, it } from 'vitest';
import { type AccountRow, newAccount } from '../accounts/accounts.repository.js';
import { testConfig } from '../app/config.js';
import type { NotificationRow } from '../social/notifications.repository.js';
import { pushPayload } from './payload.js';

const person = (over: Partial<AccountRow>) => ({ ...newAccount({ username: 'pingan_bj', email: null, passwordHash: null, role: 'user' }, '2012-01-01T00:00:00.000Z'), id: 1, display_name: '平安北京', ...over }) as AccountRow;
const note = (over: Partial<NotificationRow>) => ({ id: 9, account_id: 2, from_account_id: 1, type: 'gov.request_update', status_id: null, request_id: 5, request_step: null, account_warning_id: null, report_id: null, created_at: '2024-05-01T08:00:00.000Z', dismissed_at: null, ...over }) as NotificationRow;

describe('push payload of a service request step', () => {
  const config = testConfig({});
  const title = (n: NotificationRow, locale = 'zh-CN') => pushPayload(config, { notification: n, recipient: person({ id: 2, locale }), from: person({}), status: undefined, accessToken: 't' }).title;

  it('says which step the organ took, in the recipient language', () => {
    expect(title(note({ request_step: 'accepted' }))).toBe('平安北京 已受理你的服务请求');
    expect(title(note({ request_step: 'resolved' }))).toBe('平安北京 已办结你的服务请求');
    expect(title(note({ request_step: 'responded' }), 'en')).toBe('平安北京 responded to your service request');
  });

  it('falls back to the general title for a step it does not know, or none (notifications before the step was kept)', () => {
    expect(title(note({ request_step: null }))).toBe('平安北京 更新了服务请求');
    expect(title(note({ request_step: 'reopened' }))).toBe('平安北京 更新了服务请求');
  });
});
