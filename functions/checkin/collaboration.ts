/**
 * What other capabilities may ask of the daily check-in (issue 19): her check-in days for her data copy
 * (functions/rights).
 */
import { checkInDayOf, currentStreak } from '../../shared/domain/checkin';
import { allCheckInDaysOf, readCheckIn } from '../adapters/dynamo/checkin-repo';
import { clock } from '../lib/clock';

/** Her check-in days (Beijing dates, oldest first) and her streak as of today. */
export async function checkInsForCopy(memberId: string): Promise<{ days: string[]; streak: number }> {
  const today = checkInDayOf(clock.now());
  const [days, read] = await Promise.all([allCheckInDaysOf(memberId), readCheckIn(memberId, today, null)]);
  return { days: days.map((d) => d.day).sort(), streak: currentStreak(read.state, today) };
}
