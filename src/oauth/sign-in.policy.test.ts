import { describe, expect, it } from 'vitest';
import { mayTrySignIn } from './sign-in.policy.js';

describe('sign-in policy', () => {
  const window = (count: number) => ({ count, resetAt: Date.parse('2012-12-20T08:15:00Z') });

  it('refuses an unknown browser once the account is over the limit', () => {
    expect(mayTrySignIn({ attempts: window(11), knownDevice: false }, 10)).toBe(false);
    expect(mayTrySignIn({ attempts: window(1000), knownDevice: false }, 10)).toBe(false);
  });

  it('lets anyone try within the limit, and a known browser beyond it', () => {
    expect(mayTrySignIn({ attempts: window(1), knownDevice: false }, 10)).toBe(true);
    expect(mayTrySignIn({ attempts: window(10), knownDevice: false }, 10)).toBe(true);
    expect(mayTrySignIn({ attempts: window(1000), knownDevice: true }, 10)).toBe(true);
  });
});
