/**
 * What an admin edit changes, line by line, and what deserves a second look before it is saved: earning
 * that drops to 0, a number multiplied or divided by more than 3, a threshold moved by more than half.
 * The admin screens show the lines before/after and ask to confirm. Pure.
 */

/** One changed setting: its name, the value before and after (as people read them), and a warning if any. */
export interface ChangeLine {
  label: string;
  before: string;
  after: string;
  warning?: string;
}

/** How far a number may be multiplied or divided before the change is called extreme. */
export const EXTREME_FACTOR = 3;
/** How far a threshold may move (a share of its value) before the change is called extreme. */
export const EXTREME_SHIFT = 0.5;

/**
 * The warning for a rate (points per yuan, a multiplier, points of an event): it drops to 0, or it is
 * multiplied or divided by more than EXTREME_FACTOR.
 * @example rateWarning('每元积分', 1, 0) // '每元积分降为 0：此后不再因此获得积分'
 */
export function rateWarning(label: string, before: number, after: number): string | undefined {
  if (before > 0 && after === 0) return `${label}降为 0：此后不再因此获得积分`;
  if (before > 0 && after > 0) {
    const factor = after / before;
    if (factor > EXTREME_FACTOR) return `${label}提高到原来的 ${round(factor)} 倍，请确认`;
    if (factor < 1 / EXTREME_FACTOR) return `${label}降到原来的 ${round(factor)} 倍，请确认`;
  }
  return undefined;
}

/**
 * The warning for a threshold (a tier's spend or points to reach): moved by more than EXTREME_SHIFT of
 * its value, up or down.
 * @example shiftWarning('金卡会员门槛', 150000, 30000) // '金卡会员门槛降低了 80%，请确认'
 */
export function shiftWarning(label: string, before: number, after: number): string | undefined {
  if (before <= 0 || before === after) return undefined;
  const share = (after - before) / before;
  if (Math.abs(share) <= EXTREME_SHIFT) return undefined;
  return `${label}${share > 0 ? '提高' : '降低'}了 ${Math.round(Math.abs(share) * 100)}%，请确认`;
}

/** The line for one setting when it changed (else nothing), with the warning the numbers call for. */
export function changeLine(label: string, before: string, after: string, warning?: string): ChangeLine[] {
  if (before === after) return [];
  return [warning ? { label, before, after, warning } : { label, before, after }];
}

const round = (n: number) => (n >= 10 ? Math.round(n) : Math.round(n * 100) / 100);
