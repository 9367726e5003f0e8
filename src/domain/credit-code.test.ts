import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CREDIT_CODE_ALPHABET, creditCodeCheckChar, creditCodeProblem } from './credit-code.js';

describe('unified social credit code (GB 32100-2015)', () => {
  it('accepts published codes', () => {
    // Codes printed on public business licences and government notices.
    expect(creditCodeProblem('91350100M000100Y43')).toBeNull();
    expect(creditCodeProblem('91110000802100433B')).toBeNull();
    expect(creditCodeProblem('91440300708461136T')).toBeNull();
  });

  it('rejects a wrong check character, wrong length and letters outside the alphabet', () => {
    expect(creditCodeProblem('91350100M000100Y44')).toBe('check');
    expect(creditCodeProblem('91350100M000100Y4')).toBe('length');
    expect(creditCodeProblem('91350100M000100I43')).toBe('alphabet');
    expect(creditCodeProblem('')).toBe('length');
  });

  it('accepts lower case as written by hand', () => {
    expect(creditCodeProblem('91350100m000100y43')).toBeNull();
  });

  it('detects every single-character substitution', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...CREDIT_CODE_ALPHABET), { minLength: 17, maxLength: 17 }),
        fc.nat(16),
        fc.constantFrom(...CREDIT_CODE_ALPHABET),
        (chars, pos, ch) => {
          const body = chars.join('');
          const code = body + creditCodeCheckChar(body);
          expect(creditCodeProblem(code)).toBeNull();
          fc.pre(chars[pos] !== ch);
          const changed = body.slice(0, pos) + ch + body.slice(pos + 1) + code[17];
          expect(creditCodeProblem(changed)).toBe('check');
        },
      ),
    );
  });
});
