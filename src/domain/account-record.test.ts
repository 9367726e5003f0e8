import { describe, it, expect } from 'vitest';
import { isCompleteLabels, isRfc3339, parseAccountRecord } from './account-record.js';

const base = {
  provider: 'weibo.example',
  id: '1843211',
  handle: 'pinganbeijing',
  name: '平安北京',
  verified: true,
  verification: '北京市公安局官方微博',
  created_at: '2011-03-15T08:00:00Z',
  closed_at: null,
  followers: 812345,
  posts: 40211,
  labels: null,
};
const line = (patch: Record<string, unknown>, omit: string[] = []) => {
  const o: Record<string, unknown> = { ...base, ...patch };
  for (const k of omit) delete o[k];
  return JSON.stringify(o);
};
const errorOf = (text: string) => {
  const r = parseAccountRecord(text);
  return r.ok ? undefined : r.error;
};

describe('parseAccountRecord: rejections name the field first', () => {
  it.each([
    ['{not json', /^json: not valid JSON/],
    ['[1,2]', /^record: expected a JSON object, got an array/],
    ['"x"', /^record: expected a JSON object/],
    ['null', /^record: expected a JSON object, got null/],
    [line({}, ['provider']), /^provider: missing$/],
    [line({ id: 1843211 }), /^id: expected a string, got a number$/],
    [line({}, ['name']), /^name: missing$/],
    [line({ name: '  ' }), /^name: empty$/],
    [line({ verified: 'yes' }), /^verified: expected a boolean, got a string$/],
    [line({}, ['verified']), /^verified: missing$/],
    [line({ created_at: '2011-03-15' }), /^created_at: not an RFC 3339 timestamp$/],
    [line({ created_at: '2011-02-30T00:00:00Z' }), /^created_at: not an RFC 3339 timestamp$/],
    [line({ closed_at: 'yesterday' }), /^closed_at: not an RFC 3339 timestamp$/],
    [line({ verification: 42 }), /^verification: expected a string, got a number$/],
    [line({ followers: -1 }), /^followers: expected an integer ≥ 0/],
    [line({ posts: 1.5 }), /^posts: expected an integer ≥ 0/],
    [line({ labels: 'gov' }), /^labels: expected an object or null, got a string$/],
    [line({ labels: { government: 'true' } }), /^labels\.government: expected a boolean/],
    [line({ labels: { organ: 'ministry' } }), /^labels\.organ: "ministry" is not one of party, /],
    [line({ labels: { level: 'city' } }), /^labels\.level: "city" is not one of/],
    [line({ labels: { rank: 'general' } }), /^labels\.rank: "general" is not one of/],
    [line({ labels: { kind: 'robot' } }), /^labels\.kind: "robot" is not one of/],
    [line({ labels: { province: '99' } }), /^labels\.province: "99" is not a two-digit GB\/T 2260 province code$/],
    [line({ labels: { province: 11 } }), /^labels\.province: 11 is not/],
    [line({ labels: { uncertain: ['mood'] } }), /^labels\.uncertain: expected a list of label field names$/],
  ])('%s', (text, error) => {
    expect(errorOf(text)).toMatch(error);
  });
});

describe('parseAccountRecord: acceptances', () => {
  it('accepts the contract example and keeps unknown fields', () => {
    const r = parseAccountRecord(line({ extra: { a: 1 } }));
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.record.name).toBe('平安北京');
      expect((r.record as unknown as Record<string, unknown>).extra).toEqual({ a: 1 });
    }
  });
  it('treats optional fields as optional and a missing labels as null', () => {
    const r = parseAccountRecord(line({}, ['handle', 'verification', 'closed_at', 'followers', 'posts', 'labels']));
    expect(r).toMatchObject({ ok: true, record: { labels: null } });
  });
  it('accepts complete and partial labels within the enumerations', () => {
    const labels = { government: true, kind: 'institutional', organ: 'government', public_security: true, level: 'provincial', rank: null, province: '11', uncertain: ['rank'] };
    const r = parseAccountRecord(line({ labels }));
    expect(r.ok && isCompleteLabels(r.record.labels)).toBe(true);
    const partial = parseAccountRecord(line({ labels: { government: false } }));
    expect(partial.ok && isCompleteLabels(partial.record.labels)).toBe(false);
  });
});

describe('isRfc3339', () => {
  it.each([
    ['2012-12-20T23:59:59Z', true],
    ['2012-12-20t23:59:59z', true],
    ['2012-12-20T23:59:59.123+08:00', true],
    ['2012-02-29T00:00:00Z', true],
    ['2016-12-31T23:59:60Z', true],
    ['2012-12-20 08:00:00+08:00', true],
    ['2013-02-29T00:00:00Z', false],
    ['1900-02-29T00:00:00Z', false],
    ['2012-13-01T00:00:00Z', false],
    ['2012-12-20T24:00:00Z', false],
    ['2012-12-20T23:59:59', false],
    ['2012-12-20T23:59:59+0800', false],
    ['20121220T235959Z', false],
    ['2012-12-20T23:59:59.Z', false],
    ['2012-12-20T23:59:59Zx', false],
    ['2012-12-20T23:59:59+08:00x', false],
    ['2012-12-20T23:59:59+08:60', false],
    ['2012-12-20T23:59:59-24:00', false],
    ['2012-12-2aT23:59:59Z', false],
    ['2012/12/20T23:59:59Z', false],
    ['2012-12-20T23-59-59Z', false],
    ['2012-12-20T2:59:59Z', false],
    ['２０１２-12-20T23:59:59Z', false],
    ['2012-12-20T23:59:59.123456789Z', true],
    ['2000-02-29T00:00:00z', true],
    ['2012-04-31T00:00:00Z', false],
    ['2012-00-10T00:00:00Z', false],
    ['2012-12-00T00:00:00Z', false],
  ])('%s -> %s', (s, ok) => {
    expect(isRfc3339(s)).toBe(ok);
  });
});
