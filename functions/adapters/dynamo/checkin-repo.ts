/**
 * Daily check-in (issue 19, part D): a member's streak state, one item per day she checked in (written once),
 * the streak rewards counted per cap period, and the brand's settings. Every key in keys.ts (part D block).
 */
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_CHECKIN_SETTINGS, NO_STREAK, type CheckInSettings, type StreakState } from '../../../shared/domain/checkin';
import { readSettings, saveSettings, type SettingsAudit } from './settings-repo';
import { db } from './client';
import { queryAll } from './read';
import { isConditionFailed } from './errors';
import { keys, memberPk, skPrefix } from './keys';
import { Tx } from './tx';
import { commit, type Written } from './unit';

/** What one day's check-in gave (the contract's CheckInOutcome). */
export interface CheckInOutcomeRecord {
  day: string;
  streak: number;
  dailyPoints: number;
  dailyLimited: boolean;
  reward: { days: number; points: number } | null;
  rewardCapped: boolean;
}

/** One day's check-in: what was decided when it was written, and (once the points are awarded) its outcome. */
export interface CheckInDayRecord {
  memberId: string;
  day: string;
  at: string;
  streak: number;
  streakStart: string;
  reward: { days: number; points: number; occurrence: string } | null;
  rewardCapped: boolean;
  outcome: CheckInOutcomeRecord | null;
}

export interface StreakRecord extends StreakState {
  rev: number;
}

function toDay(item: Record<string, unknown>): CheckInDayRecord {
  return {
    memberId: String(item.memberId),
    day: String(item.day),
    at: String(item.at),
    streak: Number(item.streak),
    streakStart: String(item.streakStart),
    reward: (item.reward as CheckInDayRecord['reward']) ?? null,
    rewardCapped: item.rewardCapped === true,
    outcome: (item.outcome as CheckInOutcomeRecord | undefined) ?? null,
  };
}

async function getItem(key: Record<string, unknown>): Promise<Record<string, unknown> | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }));
  return res.Item ?? null;
}

/** Her streak state, the day's item (if she checked in that day) and the streak rewards counted in `capPeriod`. */
export async function readCheckIn(memberId: string, day: string, capPeriod: string | null): Promise<{ state: StreakRecord; dayItem: CheckInDayRecord | null; rewardsInPeriod: number }> {
  const [state, dayItem, cap] = await Promise.all([
    getItem(keys.checkInState(memberId)),
    getItem(keys.checkInDay(memberId, day)),
    capPeriod ? getItem(keys.checkInCap(memberId, capPeriod)) : Promise.resolve(null),
  ]);
  return {
    state: state
      ? { lastDay: (state.lastDay as string) ?? null, streak: Number(state.streak ?? 0), streakStart: (state.streakStart as string) ?? null, total: Number(state.total ?? 0), rev: Number(state.rev ?? 0) }
      : { ...NO_STREAK, rev: 0 },
    dayItem: dayItem ? toDay(dayItem) : null,
    rewardsInPeriod: Number(cap?.n ?? 0),
  };
}

/**
 * One check-in, one transaction: the day's item (attribute_not_exists: once per day), the streak state
 * (condition: the revision read) and, when a streak reward is due, the cap period's counter (condition: below
 * the cap). Concurrent check-ins on one day: one writes, the others find the day taken.
 */
export async function recordCheckIn(p: {
  memberId: string;
  day: string;
  at: string;
  before: StreakRecord;
  next: StreakState;
  reward: { days: number; points: number; occurrence: string; capPeriod: string | null; capCount: number | null } | null;
  rewardCapped: boolean;
}): Promise<Written<'already_checked_in' | 'cap_reached' | 'revision_moved'>> {
  const tx = new Tx();
  tx.create('day', {
    ...keys.checkInDay(p.memberId, p.day),
    memberId: p.memberId,
    day: p.day,
    at: p.at,
    streak: p.next.streak,
    streakStart: p.next.streakStart,
    reward: p.reward ? { days: p.reward.days, points: p.reward.points, occurrence: p.reward.occurrence } : null,
    rewardCapped: p.rewardCapped,
  });
  tx.put(
    'state',
    { ...keys.checkInState(p.memberId), memberId: p.memberId, ...p.next, rev: p.before.rev + 1, updatedAt: p.at },
    p.before.rev === 0 ? { expr: 'attribute_not_exists(PK) OR rev = :rev', values: { ':rev': 0 } } : { expr: 'rev = :rev', values: { ':rev': p.before.rev } },
  );
  if (p.reward?.capPeriod && p.reward.capCount !== null) {
    tx.update('cap', keys.checkInCap(p.memberId, p.reward.capPeriod), {
      set: 'SET n = if_not_exists(n, :zero) + :one, updatedAt = :at',
      condition: 'attribute_not_exists(n) OR n < :max',
      values: { ':zero': 0, ':one': 1, ':max': p.reward.capCount, ':at': p.at },
    });
  }
  const out = await commit(tx, [['day', 'already_checked_in'], ['cap', 'cap_reached']], 'revision_moved');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

/**
 * Keeps what the day's check-in gave, once: the first outcome stays (a retry, or a concurrent second tap that
 * finished the awards too, answers it). Returns the outcome kept.
 */
export async function keepCheckInOutcome(memberId: string, day: string, outcome: CheckInOutcomeRecord): Promise<CheckInOutcomeRecord> {
  const { client, table } = db();
  try {
    await client.send(
      new UpdateCommand({
        TableName: table,
        Key: keys.checkInDay(memberId, day),
        UpdateExpression: 'SET outcome = :o',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(outcome)',
        ExpressionAttributeValues: { ':o': outcome },
      }),
    );
    return outcome;
  } catch (e) {
    if (!isConditionFailed(e)) throw e;
    const item = await getItem(keys.checkInDay(memberId, day));
    return (item?.outcome as CheckInOutcomeRecord | undefined) ?? outcome;
  }
}

/** Her check-ins of one month (YYYY-MM), by day. */
export async function checkInDaysOf(memberId: string, month: string): Promise<CheckInDayRecord[]> {
  const { client, table } = db();
  const res = await client.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
      ExpressionAttributeValues: { ':pk': memberPk(memberId), ':p': skPrefix.checkInMonth(month) },
      ConsistentRead: true,
    }),
  );
  return (res.Items ?? []).map(toDay);
}

/** Streak rewards given in a cap period. */
export async function streakRewardsIn(memberId: string, period: string): Promise<number> {
  return Number((await getItem(keys.checkInCap(memberId, period)))?.n ?? 0);
}

export async function getCheckInSettings(): Promise<{ settings: CheckInSettings; rev: number }> {
  return readSettings(keys.checkInSettings(), DEFAULT_CHECKIN_SETTINGS);
}

/** Saves the settings at the revision read, with the audit entry, in one transaction. */
export async function saveCheckInSettings(settings: CheckInSettings, rev: number, audit: SettingsAudit): Promise<Written<'revision_moved'>> {
  return saveSettings(keys.checkInSettings(), settings, rev, audit);
}

/** All her check-in days, oldest first (her data copy). */
export async function allCheckInDaysOf(memberId: string): Promise<CheckInDayRecord[]> {
  return (await queryAll({ KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)', ExpressionAttributeValues: { ':pk': memberPk(memberId), ':p': skPrefix.checkInDays }, ConsistentRead: true })).map(toDay);
}
