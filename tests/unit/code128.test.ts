import { code128cValues, encodeCode128C, widthsToModules } from '../../miniapp/src/components/barcode/code128';

// jsbarcode's pure-JS CODE128 set C encoder is the oracle (it has no types: require it).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { CODE128C } = require('jsbarcode/bin/barcodes/CODE128') as {
  CODE128C: new (data: string, options: object) => { valid(): boolean; encode(): { data: string; text: string } };
};

function oracle(digits: string): string {
  const b = new CODE128C(digits, {});
  expect(b.valid()).toBe(true);
  return b.encode().data;
}

describe('CODE128 set C encoder', () => {
  test('matches jsbarcode on fixed member codes', () => {
    for (const digits of ['000000000000000000', '999999999999999999', '123456789012345678', '104857600000000042', '00', '99', '1234']) {
      expect(widthsToModules(encodeCode128C(digits))).toBe(oracle(digits));
    }
  });

  test('matches jsbarcode on every pair value and on random 18-digit codes', () => {
    for (let v = 0; v < 100; v++) {
      const pair = String(v).padStart(2, '0');
      const digits = `${pair}${pair}${pair}`;
      expect(widthsToModules(encodeCode128C(digits))).toBe(oracle(digits));
    }
    for (let i = 0; i < 500; i++) {
      let digits = '';
      for (let d = 0; d < 18; d++) digits += Math.floor(Math.random() * 10);
      expect(widthsToModules(encodeCode128C(digits))).toBe(oracle(digits));
    }
  });

  test('shape: 11 modules per symbol, 13 for the stop; bars and spaces alternate from a bar', () => {
    const widths = encodeCode128C('123456789012345678');
    // start + 9 pairs + checksum = 11 symbols of 6 widths, stop has 7.
    expect(widths).toHaveLength(11 * 6 + 7);
    expect(widths.reduce((a, b) => a + b, 0)).toBe(11 * 11 + 13);
    expect(widths.every((w) => w >= 1 && w <= 4)).toBe(true);
    expect(code128cValues('123456789012345678')[0]).toBe(105);
  });

  test('refuses odd lengths and non-digits', () => {
    expect(() => encodeCode128C('123')).toThrow(RangeError);
    expect(() => encodeCode128C('')).toThrow(RangeError);
    expect(() => encodeCode128C('12a4')).toThrow(RangeError);
  });
});
