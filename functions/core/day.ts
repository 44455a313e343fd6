/** The clock and the brand's day: calendar rules (birthdays, month ends, "today") use the brand's time zone. */
import { localDate } from '../../shared/domain';
import { clock } from '../lib/clock';

export { clock };

/** Today's calendar date in the brand's time zone (YYYY-MM-DD). */
export const today = (now: Date = clock.now()) => localDate(now);
