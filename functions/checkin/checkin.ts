/**
 * Daily check-in (签到). A member checks in once per Beijing day:
 * 1. read her streak state, today's item and the streak rewards counted in the cap's period;
 * 2. decide (shared/domain/checkin.ts): the new streak, the streak reward due and whether the cap stops it;
 * 3. write the day's item (once), the streak state and the cap's counter in one transaction;
 * 4. award the points through the points capability, each once per occurrence: the day's points as the
 *    earning rules' `checkIn` event (occurrence: the day; within that rule's own limit) and the streak reward
 *    as `checkInStreak` (occurrence: the run's first day and its length);
 * 5. keep the outcome on the day's item. A second tap, a retry or a concurrent call the same day finds the day
 *    taken, finishes step 4 if it was cut short (the awards are idempotent) and answers the first outcome.
 */
import type { CheckInResponse, CheckInView } from '../../shared/contract/checkin';
import { balanceOf, eventRuleOf } from '../../shared/domain';
import { checkInDayOf, checkInMonthOf, currentStreak, decideCheckIn, nextStreakReward, streakCapPeriod } from '../../shared/domain/checkin';
import {
  checkInDaysOf,
  getCheckInSettings,
  keepCheckInOutcome,
  readCheckIn,
  recordCheckIn,
  type CheckInDayRecord,
  type CheckInOutcomeRecord,
} from '../adapters/dynamo/checkin-repo';
import { getMember } from '../adapters/dynamo/member-repo';
import { brandOrFail, loadAccount, optimistic, refuseFrozen, resolveMemberId, rulesFor } from '../core';
import { clock } from '../lib/clock';
import { fail } from '../lib/errors';
import type { Session } from '../lib/session';
import { awardEvent } from '../points/collaboration';

type AwardOutcome = Awaited<ReturnType<typeof awardEvent>>;

/** The daily rule in force now: its points and limit (absent in rules saved before check-in existed). */
async function dailyRule(at: string) {
  const rules = rulesFor(await brandOrFail(), at);
  const rule = eventRuleOf(rules, 'checkIn');
  return { points: rule?.points ?? 0, limit: rule?.limit ?? null };
}

const given = (o: AwardOutcome, planned: number) => (o.kind === 'awarded' ? o.points : o.kind === 'already' ? planned : 0);

/** Awards what the day decided (each once, whoever calls) and keeps the outcome; answers the first one kept. */
async function finishDay(memberId: string, d: CheckInDayRecord & { dailyPlanned: number }): Promise<CheckInOutcomeRecord> {
  const daily = await awardEvent(memberId, 'checkIn', d.day);
  const streak = d.reward ? await awardEvent(memberId, 'checkInStreak', d.reward.occurrence, { points: d.reward.points }) : null;
  const outcome: CheckInOutcomeRecord = {
    day: d.day,
    streak: d.streak,
    dailyPoints: given(daily, d.dailyPlanned),
    dailyLimited: daily.kind === 'limited',
    reward: d.reward && streak && (streak.kind === 'awarded' || streak.kind === 'already') ? { days: d.reward.days, points: d.reward.points } : null,
    rewardCapped: d.rewardCapped,
  };
  return keepCheckInOutcome(memberId, d.day, outcome);
}

export async function checkIn(session: Session): Promise<CheckInResponse> {
  const memberId = await resolveMemberId(session);
  const member = await getMember(memberId);
  if (!member) throw fail('member_not_found', 'member not found');
  refuseFrozen(member);
  const { settings } = await getCheckInSettings();
  const { day, replayed, dailyPlanned } = await optimistic(async () => {
    const now = clock.now();
    const at = now.toISOString();
    const today = checkInDayOf(now);
    const capPeriod = streakCapPeriod(settings, today);
    const read = await readCheckIn(memberId, today, capPeriod);
    const daily = await dailyRule(at);
    if (read.dayItem) return { done: { day: read.dayItem, replayed: true, dailyPlanned: daily.points } };
    if (!settings.enabled) throw fail('checkin_disabled', 'check-in is switched off');
    const d = decideCheckIn({ settings, state: read.state, day: today, rewardsInPeriod: read.rewardsInPeriod });
    // 'already' without the day's item cannot last (both are written together): read again.
    if (d.kind === 'already') return 'retry';
    const reward = d.reward ? { ...d.reward, capCount: settings.streakCap?.count ?? null } : null;
    const out = await recordCheckIn({ memberId, day: today, at, before: read.state, next: d.next, reward, rewardCapped: d.capped });
    // Lost to a concurrent check-in (the day is taken), the cap filled meanwhile, or the state moved: read again.
    if (!out.ok) return 'retry';
    const written: CheckInDayRecord = {
      memberId,
      day: today,
      at,
      streak: d.next.streak,
      streakStart: d.next.streakStart!,
      reward: d.reward ? { days: d.reward.days, points: d.reward.points, occurrence: d.reward.occurrence } : null,
      rewardCapped: d.capped,
      outcome: null,
    };
    return { done: { day: written, replayed: false, dailyPlanned: daily.points } };
  });
  const outcome = day.outcome ?? (await finishDay(memberId, { ...day, dailyPlanned }));
  const acct = await loadAccount(memberId);
  return { ...outcome, balance: balanceOf(acct.points.state), replayed };
}

export async function myCheckIn(session: Session): Promise<CheckInView> {
  const memberId = await resolveMemberId(session);
  const now = clock.now();
  const today = checkInDayOf(now);
  const month = checkInMonthOf(today);
  const { settings } = await getCheckInSettings();
  const capPeriod = streakCapPeriod(settings, today);
  const [read, days, daily] = await Promise.all([readCheckIn(memberId, today, capPeriod), checkInDaysOf(memberId, month), dailyRule(now.toISOString())]);
  const streak = currentStreak(read.state, today);
  const todayItem = read.dayItem;
  return {
    enabled: settings.enabled,
    today,
    month,
    days: days.map((d) => ({
      day: d.day,
      points: d.outcome ? d.outcome.dailyPoints + (d.outcome.reward?.points ?? 0) : 0,
      reward: !!d.outcome?.reward,
    })),
    checkedInToday: !!todayItem,
    todayOutcome: todayItem?.outcome ?? null,
    streak,
    total: read.state.total,
    todayPoints: daily.points,
    dailyLimit: daily.limit,
    nextReward: nextStreakReward(settings, streak),
    rewardsThisPeriod: read.rewardsInPeriod,
    settings,
  };
}
