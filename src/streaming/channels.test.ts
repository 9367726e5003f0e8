import { describe, expect, it } from 'vitest';
import { StreamError, hashtagKey, isTruthy, resolveStream, streamOfPath } from './channels.js';

const reader = { accountId: 7, scopes: ['read'] };

function refusal(fn: () => unknown): { status: number; message: string } {
  try {
    fn();
  } catch (err) {
    if (err instanceof StreamError) return { status: err.status, message: err.message };
    throw err;
  }
  throw new Error('not refused');
}

describe('stream names (Mastodon streaming/index.js)', () => {
  it('refuses what Mastodon refuses, with its status and message', () => {
    expect(refusal(() => resolveStream(reader, undefined, {}))).toEqual({ status: 400, message: 'Unknown stream type' });
    expect(refusal(() => resolveStream(reader, 'hashtag', {}))).toEqual({ status: 400, message: 'Missing tag name parameter' });
    expect(refusal(() => resolveStream(reader, 'hashtag', { tag: 5 }))).toEqual({ status: 400, message: 'Missing tag name parameter' });
    expect(refusal(() => resolveStream(reader, 'list', {}))).toEqual({ status: 400, message: 'Missing list name parameter' });
    expect(refusal(() => resolveStream(reader, 'list', { list: '1' }))).toEqual({ status: 401, message: 'Not authorized to stream this list' });
    const writeOnly = { accountId: 7, scopes: ['write'] };
    for (const name of ['user', 'user:notification', 'direct']) expect(refusal(() => resolveStream(writeOnly, name, {})).status).toBe(401);
    // read:statuses opens the user stream, but not its notifications.
    expect(refusal(() => resolveStream({ accountId: 7, scopes: ['read:statuses'] }, 'user:notification', {})).status).toBe(401);
  });

  it('the user stream carries notifications only for a token that may read them', () => {
    expect(resolveStream(reader, 'user', {}).keys).toEqual(['user:7', 'notification:7']);
    expect(resolveStream({ accountId: 7, scopes: ['read:statuses'] }, 'user', {}).keys).toEqual(['user:7']);
    expect(resolveStream({ accountId: 7, scopes: ['read:notifications'] }, 'user:notification', {}).keys).toEqual(['notification:7']);
  });

  it('public streams need a token but no scope; hashtag streams name their tag as given', () => {
    expect(resolveStream({ accountId: 7, scopes: ['write'] }, 'public:local', {})).toEqual({ name: 'public:local', stream: ['public:local'], keys: ['public:local'] });
    expect(resolveStream(reader, 'hashtag', { tag: ['#雾霾#', 'x'] })).toEqual({ name: 'hashtag', stream: ['hashtag', '#雾霾#'], keys: ['hashtag:雾霾'] });
    expect(hashtagKey('ＰＭ２.５')).toBe('pm25');
  });

  it('maps the event-stream paths as Mastodon does, only_media included', () => {
    expect(streamOfPath('/api/v1/streaming/public/local', isTruthy('true'))).toBe('public:local:media');
    expect(streamOfPath('/api/v1/streaming/public', isTruthy('0'))).toBe('public');
    expect(streamOfPath('/api/v1/streaming/user/notification', false)).toBe('user:notification');
    expect(streamOfPath('/api/v1/streaming/nope', false)).toBeUndefined();
    expect([isTruthy('yes'), isTruthy('1'), isTruthy('false'), isTruthy('OFF'), isTruthy(undefined), isTruthy('')]).toEqual([true, true, false, false, false, false]);
  });
});
