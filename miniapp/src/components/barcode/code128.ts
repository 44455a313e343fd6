/**
 * CODE128 set C: pairs of digits, one symbol per pair. Pure: returns the module widths of the
 * whole symbol (start C, data, checksum, stop), alternating bar / space and starting with a bar.
 * Quiet zones are the caller's business.
 */

/** Widths (bar, space, bar, space, bar, space) of each symbol value 0..105; 106 is the stop. */
const PATTERNS: readonly string[] = [
  '212222', '222122', '222221', '121223', '121322', '131222', '122213', '122312', '132212', '221213',
  '221312', '231212', '112232', '122132', '122231', '113222', '123122', '123221', '223211', '221132',
  '221231', '213212', '223112', '312131', '311222', '321122', '321221', '312212', '322112', '322211',
  '212123', '212321', '232121', '111323', '131123', '131321', '112313', '132113', '132311', '211313',
  '231113', '231311', '112133', '112331', '132131', '113123', '113321', '133121', '313121', '211331',
  '231131', '213113', '213311', '213131', '311123', '311321', '331121', '312113', '312311', '332111',
  '314111', '221411', '431111', '111224', '111422', '121124', '121421', '141122', '141221', '112214',
  '112412', '122114', '122411', '142112', '142211', '241211', '221114', '413111', '241112', '134111',
  '111242', '121142', '121241', '114212', '124112', '124211', '411212', '421112', '421211', '212141',
  '214121', '412121', '111143', '111341', '131141', '114113', '114311', '411113', '411311', '113141',
  '114131', '311141', '411131', '211412', '211214', '211232', '2331112',
];

const START_C = 105;
const STOP = 106;

/** The symbol values of `digits` in set C, with start and checksum (not the stop). */
export function code128cValues(digits: string): number[] {
  if (!/^(\d\d)+$/.test(digits)) throw new RangeError('CODE128 set C needs a non-empty, even number of digits');
  const values = [START_C];
  for (let i = 0; i < digits.length; i += 2) values.push(Number(digits.slice(i, i + 2)));
  const checksum = values.reduce((sum, v, i) => sum + v * Math.max(i, 1), 0) % 103;
  values.push(checksum);
  return values;
}

/** Module widths of the full symbol: bar, space, bar, … ending with the stop's final bar. */
export function encodeCode128C(digits: string): number[] {
  const widths: number[] = [];
  for (const v of [...code128cValues(digits), STOP]) {
    for (const ch of PATTERNS[v]!) widths.push(Number(ch));
  }
  return widths;
}

/** The same symbol as a string of modules, '1' = bar, '0' = space (jsbarcode's representation). */
export function widthsToModules(widths: readonly number[]): string {
  return widths.map((w, i) => (i % 2 === 0 ? '1' : '0').repeat(w)).join('');
}
