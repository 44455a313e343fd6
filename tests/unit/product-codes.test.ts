import { createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import {
  CODE_ALPHABET,
  CODE_LENGTH,
  MAX_BATCH_NO,
  MAX_BATCH_SIZE,
  extractProductCode,
  generateProductCodes,
  groupProductCode,
  makeProductCode,
  normalizeProductCode,
  parseProductCode,
  productCodePath,
  productCodeUrl,
  verifyProductCode,
  type Mac,
} from '../../shared/domain/product-codes';

const hmac = (secret: string): Mac => (m) => createHmac('sha256', secret).update(m).digest();
const mac = hmac('unit-test-product-code-secret');
const other = hmac('somebody-elses-secret');

const batchNo = fc.integer({ min: 1, max: MAX_BATCH_NO });
const serial = fc.integer({ min: 0, max: MAX_BATCH_SIZE - 1 });

describe('product codes', () => {
  test('a code is 18 symbols of Crockford base32 and verifies to its batch and serial', () => {
    const code = makeProductCode(mac, 17, 4_321);
    expect(code).toHaveLength(CODE_LENGTH);
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{18}$/);
    expect(verifyProductCode(mac, code)).toEqual({ ok: true, code, batchNo: 17, serial: 4_321 });
  });

  test('round trip for any batch and serial (property)', () => {
    fc.assert(
      fc.property(batchNo, serial, (b, s) => {
        const code = makeProductCode(mac, b, s);
        expect(code).toHaveLength(CODE_LENGTH);
        expect(verifyProductCode(mac, code)).toEqual({ ok: true, code, batchNo: b, serial: s });
        expect(parseProductCode(code)).toEqual({ code, batchNo: b, serial: s });
      }),
    );
  });

  test('distinct (batch, serial) give distinct codes (property)', () => {
    fc.assert(
      fc.property(batchNo, serial, batchNo, serial, (b1, s1, b2, s2) => {
        fc.pre(b1 !== b2 || s1 !== s2);
        expect(makeProductCode(mac, b1, s1)).not.toBe(makeProductCode(mac, b2, s2));
      }),
    );
  });

  test('every single-symbol alteration of a code is refused (exhaustive on sample codes)', () => {
    for (const [b, s] of [[1, 0], [17, 4_321], [MAX_BATCH_NO, MAX_BATCH_SIZE - 1], [523, 99_999]] as const) {
      const code = makeProductCode(mac, b, s);
      let tried = 0;
      for (let i = 0; i < CODE_LENGTH; i++) {
        for (const ch of CODE_ALPHABET) {
          if (ch === code[i]) continue;
          const altered = code.slice(0, i) + ch + code.slice(i + 1);
          const v = verifyProductCode(mac, altered);
          expect(v.ok).toBe(false);
          tried++;
        }
      }
      expect(tried).toBe(CODE_LENGTH * 31);
    }
  });

  test('any single-symbol alteration is refused (property over random codes)', () => {
    fc.assert(
      fc.property(batchNo, serial, fc.integer({ min: 0, max: CODE_LENGTH - 1 }), fc.integer({ min: 1, max: 31 }), (b, s, i, shift) => {
        const code = makeProductCode(mac, b, s);
        const ch = CODE_ALPHABET[(CODE_ALPHABET.indexOf(code[i]!) + shift) % 32]!;
        const v = verifyProductCode(mac, code.slice(0, i) + ch + code.slice(i + 1));
        expect(v.ok).toBe(false);
      }),
    );
  });

  test('codes made with another secret, and random strings, are refused (property)', () => {
    fc.assert(
      fc.property(batchNo, serial, (b, s) => {
        expect(verifyProductCode(mac, makeProductCode(other, b, s))).toEqual({ ok: false, reason: 'signature' });
      }),
    );
    let accepted = 0;
    for (let i = 0; i < 20_000; i++) {
      const bytes = randomBytes(CODE_LENGTH);
      const guess = Array.from(bytes, (x) => CODE_ALPHABET[x % 32]).join('');
      if (verifyProductCode(mac, guess).ok) accepted++;
    }
    expect(accepted).toBe(0);
  });

  test('malformed input is refused as malformed', () => {
    for (const bad of ['', 'ABC', '0'.repeat(17), '0'.repeat(19), 'U'.repeat(18), '0000000' + '!'.repeat(11), '0'.repeat(18)]) {
      expect(verifyProductCode(mac, bad)).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  test('typing is forgiving: lower case, spaces, hyphens and O/I/L for 0/1/1', () => {
    const code = makeProductCode(mac, 1, 10);
    const grouped = groupProductCode(code);
    expect(grouped).toMatch(/^.{4}-.{4}-.{4}-.{6}$/);
    expect(normalizeProductCode(grouped.toLowerCase())).toBe(code);
    expect(normalizeProductCode(code.replace(/0/g, 'O').replace(/1/g, 'I'))).toBe(code);
    expect(verifyProductCode(mac, ` ${grouped.toLowerCase()} `).ok).toBe(true);
  });

  test('the code is found in a URL, a page path, or WeChat\'s q= of a scanned link', () => {
    const code = makeProductCode(mac, 3, 42);
    const url = productCodeUrl('https://m.example.cn/', code);
    expect(url).toBe(`https://m.example.cn/s/${code}`);
    expect(extractProductCode(url)).toBe(code);
    expect(extractProductCode(`${url}?from=box`)).toBe(code);
    expect(extractProductCode(productCodePath(code))).toBe(code);
    expect(extractProductCode(`/pages/scan/index?q=${encodeURIComponent(url)}&scancode_time=1700000000`)).toBe(code);
    expect(extractProductCode(`q=${encodeURIComponent(url)}`)).toBe(code);
    expect(extractProductCode(code.toLowerCase())).toBe(code);
    expect(extractProductCode('https://example.cn/other')).toBeNull();
    expect(extractProductCode('hello')).toBeNull();
  });

  test('generation streams: serials in order, each verifies, and memory does not hold the batch', () => {
    const gen = generateProductCodes(mac, 9, 1_000, 990);
    const first = gen.next();
    expect(first.value).toEqual({ serial: 990, code: makeProductCode(mac, 9, 990) });
    const rest = [...gen];
    expect(rest.map((r) => r.serial)).toEqual([991, 992, 993, 994, 995, 996, 997, 998, 999]);
    for (const r of rest) expect(verifyProductCode(mac, r.code)).toMatchObject({ ok: true, batchNo: 9, serial: r.serial });
    let n = 0;
    const seen = new Set<string>();
    for (const r of generateProductCodes(mac, 10, 20_000)) {
      n++;
      seen.add(r.code);
    }
    expect([n, seen.size]).toEqual([20_000, 20_000]);
  });

  test('out-of-range ids are refused at generation', () => {
    expect(() => makeProductCode(mac, 0, 0)).toThrow(RangeError);
    expect(() => makeProductCode(mac, MAX_BATCH_NO + 1, 0)).toThrow(RangeError);
    expect(() => makeProductCode(mac, 1, MAX_BATCH_SIZE)).toThrow(RangeError);
    expect(() => [...generateProductCodes(mac, 1, MAX_BATCH_SIZE + 1, MAX_BATCH_SIZE)]).toThrow(RangeError);
  });
});
