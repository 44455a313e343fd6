/** Card PINs: drawn at random, kept only as a keyed hash (HMAC-SHA256 over number and PIN), compared in constant time. */
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { drawPin } from '../../shared/domain/cards';
import { config } from '../lib/config';

/** The key: CARD_PIN_SECRET when set, else the session secret (rotating that key invalidates the printed PINs). */
const pinKey = () => process.env.CARD_PIN_SECRET || config().sessionSecret;

export const newPin = () => drawPin((n) => randomInt(n));

export function pinHash(cardNo: string, pin: string): string {
  return createHmac('sha256', pinKey()).update(`${cardNo}:${pin}`).digest('hex');
}

export function pinMatches(cardNo: string, pin: string, stored: string | null): boolean {
  if (!stored) return false;
  const a = Buffer.from(pinHash(cardNo, pin), 'hex');
  const b = Buffer.from(stored, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The brand's card-number prefix (printed on every card; 1-6 digits). */
export const cardPrefix = () => {
  const p = process.env.CARD_NUMBER_PREFIX || '88';
  if (!/^\d{1,6}$/.test(p)) throw new Error('CARD_NUMBER_PREFIX must be 1-6 digits');
  return p;
};
