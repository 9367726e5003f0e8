import { describe, expect, it } from 'vitest';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { mayEditCollection, mayFeature, mayListFeaturedIn, mayRevokeItem, maySeeCollections } from './collections.policy.js';

const account = (id: number, over: Partial<AccountRow> = {}) => ({ id, discoverable: 0, closed_at: null, suspended_at: null, ...over }) as AccountRow;
const free = { gov: false, blocked: false, revoked: false };

describe('collections policy: who may not', () => {
  it('only the curator edits', () => {
    expect(mayEditCollection(null, { account_id: 1 })).toBe(false);
    expect(mayEditCollection(account(2), { account_id: 1 })).toBe(false);
    expect(mayEditCollection(account(1), { account_id: 1 })).toBe(true);
  });
  it('a viewer the curator blocks sees none', () => {
    expect(maySeeCollections(2, true)).toBe(false);
    expect(maySeeCollections(2, false)).toBe(true);
    expect(maySeeCollections(null, false)).toBe(true);
  });
  it('featuring: not oneself, not across a block, not closed or suspended, not after revoking, a citizen only when discoverable', () => {
    const curator = account(1);
    expect(mayFeature(curator, account(1, { discoverable: 1 }), { ...free, gov: true })).toBe(false);
    expect(mayFeature(curator, account(2), free)).toBe(false);
    expect(mayFeature(curator, account(2, { discoverable: 1 }), { ...free, blocked: true })).toBe(false);
    expect(mayFeature(curator, account(2), { ...free, gov: true, blocked: true })).toBe(false);
    expect(mayFeature(curator, account(2), { ...free, gov: true, revoked: true })).toBe(false);
    expect(mayFeature(curator, account(2, { closed_at: '2026-01-01T00:00:00.000Z' }), { ...free, gov: true })).toBe(false);
    expect(mayFeature(curator, account(2, { suspended_at: '2026-01-01T00:00:00.000Z' }), { ...free, gov: true })).toBe(false);
    expect(mayFeature(curator, account(2, { discoverable: 1 }), free)).toBe(true);
    expect(mayFeature(curator, account(2), { ...free, gov: true })).toBe(true);
  });
  it('only the featured account revokes; only oneself asks where one is featured', () => {
    expect(mayRevokeItem(account(1), { account_id: 2 })).toBe(false);
    expect(mayRevokeItem(account(2), { account_id: 2 })).toBe(true);
    expect(mayListFeaturedIn(account(1), account(2))).toBe(false);
    expect(mayListFeaturedIn(account(2), account(2))).toBe(true);
  });
});
