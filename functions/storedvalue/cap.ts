/** The stored-value cap: a named account holds at most this much (principal + bonus), STORED_VALUE_CAP_FEN, default ¥5,000. */
import { DEFAULT_STORED_VALUE_CAP_FEN } from '../../shared/domain/stored-value';

export function capFen(): number {
  const v = Number(process.env.STORED_VALUE_CAP_FEN);
  return Number.isInteger(v) && v > 0 ? v : DEFAULT_STORED_VALUE_CAP_FEN;
}
