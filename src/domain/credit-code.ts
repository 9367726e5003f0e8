/**
 * The unified social credit code (统一社会信用代码) of GB 32100-2015: 18
 * characters from a 31-character alphabet (no I, O, S, V, Z); the last is a
 * check character over the first 17 with weights 3^i mod 31.
 */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character for the first 17 characters, or null if they are not from the alphabet. */
export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_ALPHABET.indexOf(first17[i] as string);
    if (v < 0) return null;
    sum += v * (WEIGHTS[i] as number);
  }
  const c = (31 - (sum % 31)) % 31;
  return CREDIT_CODE_ALPHABET[c] as string;
}

export type CreditCodeProblem = 'length' | 'alphabet' | 'check';

/** Why a code is not valid, or null when it is. Lower case is accepted as written by hand. */
export function creditCodeProblem(code: string): CreditCodeProblem | null {
  const c = code.trim().toUpperCase();
  if (c.length !== 18) return 'length';
  for (const ch of c) if (!CREDIT_CODE_ALPHABET.includes(ch)) return 'alphabet';
  return creditCodeCheckChar(c.slice(0, 17)) === c[17] ? null : 'check';
}

export function normalizeCreditCode(code: string): string {
  return code.trim().toUpperCase();
}
