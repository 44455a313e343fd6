/**
 * Product codes printed on packaging: one code, one scan. Pure: the MAC function is injected
 * (HMAC-SHA256 with the brand's secret, from node:crypto in the functions), so this module runs in
 * the mini-program too (extracting a code from what the camera read) without any crypto of its own.
 *
 * Layout: 90 bits written as 18 symbols of Crockford's base32 (0-9 and A-Z without I, L, O, U):
 *   symbols 1-8   40 bits  batch number (20 bits, 1..1,048,575) and serial in the batch (20 bits)
 *   symbols 9-18  50 bits  the first 50 bits of HMAC-SHA256(secret, "hy-pc1:<batch>:<serial>")
 * Both parts fill their symbols exactly, so every symbol carries information: changing any one
 * symbol changes either the (batch, serial) the tag is checked against or the tag itself. A guess
 * has a 2^-50 chance (about 1 in 10^15) of carrying a valid tag. Verification needs no storage: a
 * forged or altered code is refused before any database call.
 *
 * Generation is a generator: codes are computed from (batch, serial) on demand, never stored, so a
 * batch of 100,000 costs one batch item and a few shard counters.
 */

/** Crockford base32: no I, L, O, U (read as 1, 1, 0 and never written), so codes survive being read aloud. */
export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 18;
export const BATCH_BITS = 20;
export const SERIAL_BITS = 20;
export const TAG_BITS = 50;
/** Largest batch number (batch numbers start at 1). */
export const MAX_BATCH_NO = 2 ** BATCH_BITS - 1;
/** Most codes one batch can hold. */
export const MAX_BATCH_SIZE = 2 ** SERIAL_BITS;

/** HMAC-SHA256 of a message with the brand's product-code secret (at least the first 7 bytes are used). */
export type Mac = (message: string) => Uint8Array;

export interface CodeId {
  batchNo: number;
  serial: number;
}

export type Verification = ({ ok: true; code: string } & CodeId) | { ok: false; reason: 'malformed' | 'signature' };

const VALUE: Record<string, number> = (() => {
  const v: Record<string, number> = {};
  for (let i = 0; i < CODE_ALPHABET.length; i++) v[CODE_ALPHABET[i]!] = i;
  // Crockford's decoding: letters that look like digits read as those digits.
  v.O = 0;
  v.I = 1;
  v.L = 1;
  return v;
})();

export const macMessage = (batchNo: number, serial: number) => `hy-pc1:${batchNo}:${serial}`;

/** The first 50 bits of the MAC, as a safe integer. */
export function tagOf(mac: Mac, batchNo: number, serial: number): number {
  const d = mac(macMessage(batchNo, serial));
  if (d.length < 7) throw new RangeError('the MAC must give at least 7 bytes');
  let v = 0;
  for (let i = 0; i < 6; i++) v = v * 256 + d[i]!;
  return v * 4 + (d[6]! >> 6);
}

function encodeNumber(value: number, symbols: number): string {
  let out = '';
  let v = value;
  for (let i = 0; i < symbols; i++) {
    out = CODE_ALPHABET[v % 32]! + out;
    v = Math.floor(v / 32);
  }
  return out;
}

function decodeNumber(s: string): number {
  let v = 0;
  for (const ch of s) v = v * 32 + VALUE[ch]!;
  return v;
}

function checkId(batchNo: number, serial: number) {
  if (!Number.isInteger(batchNo) || batchNo < 1 || batchNo > MAX_BATCH_NO) throw new RangeError(`batch number must be 1..${MAX_BATCH_NO}`);
  if (!Number.isInteger(serial) || serial < 0 || serial >= MAX_BATCH_SIZE) throw new RangeError(`serial must be 0..${MAX_BATCH_SIZE - 1}`);
}

/** The code of one (batch, serial). */
export function makeProductCode(mac: Mac, batchNo: number, serial: number): string {
  checkId(batchNo, serial);
  return encodeNumber(batchNo * MAX_BATCH_SIZE + serial, 8) + encodeNumber(tagOf(mac, batchNo, serial), 10);
}

/**
 * The canonical form of a typed or scanned code: spaces and hyphens dropped, upper case,
 * O/I/L read as 0/1/1. Null when it cannot be a code (wrong length or symbol).
 */
export function normalizeProductCode(text: string): string | null {
  const s = text.replace(/[\s-]+/g, '').toUpperCase();
  if (s.length !== CODE_LENGTH) return null;
  let out = '';
  for (const ch of s) {
    const v = VALUE[ch];
    if (v === undefined) return null;
    out += CODE_ALPHABET[v];
  }
  return out;
}

/** The (batch, serial) a code claims to be, without checking its tag. */
export function parseProductCode(text: string): (CodeId & { code: string }) | null {
  const code = normalizeProductCode(text);
  if (!code) return null;
  const id = decodeNumber(code.slice(0, 8));
  const batchNo = Math.floor(id / MAX_BATCH_SIZE);
  const serial = id % MAX_BATCH_SIZE;
  if (batchNo < 1) return null;
  return { code, batchNo, serial };
}

/** Equal strings of equal length, in time independent of where they differ. */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** Checks a code's tag: only a code made with the secret passes. No storage involved. */
export function verifyProductCode(mac: Mac, text: string): Verification {
  const p = parseProductCode(text);
  if (!p) return { ok: false, reason: 'malformed' };
  const expected = encodeNumber(tagOf(mac, p.batchNo, p.serial), 10);
  if (!sameText(expected, p.code.slice(8))) return { ok: false, reason: 'signature' };
  return { ok: true, code: p.code, batchNo: p.batchNo, serial: p.serial };
}

/**
 * Codes of a batch from serial `from` (inclusive) to `to` (exclusive), computed one at a time:
 * memory does not grow with the batch.
 */
export function* generateProductCodes(mac: Mac, batchNo: number, to: number, from = 0): Generator<{ serial: number; code: string }> {
  if (to > MAX_BATCH_SIZE) throw new RangeError(`a batch holds at most ${MAX_BATCH_SIZE} codes`);
  for (let serial = from; serial < to; serial++) yield { serial, code: makeProductCode(mac, batchNo, serial) };
}

/** The web address printed as the QR: WeChat opens the mini-program's scan page for it (扫普通链接二维码打开小程序). */
export function productCodeUrl(base: string, code: string): string {
  return `${base.replace(/\/+$/, '')}/s/${code}`;
}

/** The mini-program page that takes a code (for links inside WeChat and for the H5 build). */
export const SCAN_PAGE = 'pages/scan/index';
export const productCodePath = (code: string) => `${SCAN_PAGE}?c=${code}`;

/**
 * The code in what a camera or a link gave: the code itself, a URL ending in /s/<code>, a page
 * path or URL with c=<code>, or WeChat's q=<encoded URL> of a scanned link. Null when none.
 */
export function extractProductCode(scanned: string): string | null {
  let text = scanned.trim();
  for (let depth = 0; depth < 3; depth++) {
    const direct = normalizeProductCode(text);
    if (direct) return direct;
    const path = /\/s\/([0-9A-Za-z-]{18,24})(?:[/?#]|$)/.exec(text);
    if (path) return normalizeProductCode(path[1]!);
    const query = /(?:^|[?&#])c=([0-9A-Za-z%-]{18,40})/.exec(text);
    if (query) return normalizeProductCode(safeDecode(query[1]!));
    const q = /(?:^|[?&#])q=([^&#]+)/.exec(text);
    if (!q) return null;
    text = safeDecode(q[1]!);
  }
  return null;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** For people: groups of 4-4-4-6 symbols, e.g. 0000-8001-3QXZ-7HT2K9. */
export function groupProductCode(code: string): string {
  return code.length === CODE_LENGTH ? `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8, 12)}-${code.slice(12)}` : code;
}

/** The per-member daily scan limit when neither the earning rule nor the batch sets one. */
export const DEFAULT_DAILY_SCAN_LIMIT = 20;
/** Failed codes (forged, altered or already used) in one day that make a member an abuse signal. */
export const FAILED_SCANS_SIGNAL = 5;
