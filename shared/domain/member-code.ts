/**
 * Member codes at the till behave like WeChat payment codes: 18 digits, short-lived, single-use.
 * Layout: a fixed 2-digit prefix "66" (so a clerk's scanner can tell them from payment codes, which
 * start 10-15), 15 random digits, 1 Luhn check digit that catches a mistyped digit before any lookup.
 * 15 random digits give ~2^49.8 possibilities; with at most a few thousand live codes, guessing one
 * is hopeless, and the lookup is also limited to a staff token.
 */
export const MEMBER_CODE_PREFIX = '66';
export const MEMBER_CODE_TTL_SECONDS = 120;

export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** `randomDigits` must supply 15 uniformly random decimal digits (crypto-grade in production). */
export function makeMemberCode(randomDigits: string): string {
  if (!/^\d{15}$/.test(randomDigits)) throw new RangeError('need 15 random digits');
  const body = MEMBER_CODE_PREFIX + randomDigits;
  return body + String(luhnCheckDigit(body));
}

export function isWellFormedMemberCode(code: string): boolean {
  if (!/^\d{18}$/.test(code) || !code.startsWith(MEMBER_CODE_PREFIX)) return false;
  return luhnCheckDigit(code.slice(0, 17)) === Number(code[17]);
}
