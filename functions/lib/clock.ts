import type { Clock } from '../../shared/domain';

/**
 * The backend's clock. Production uses the system clock; integration tests move time with
 * `setClock` (e.g. to expire a member code) instead of sleeping.
 */
let current: Clock = { now: () => new Date() };

export const clock: Clock = { now: () => current.now() };

export function setClock(c: Clock | null) {
  current = c ?? { now: () => new Date() };
}
