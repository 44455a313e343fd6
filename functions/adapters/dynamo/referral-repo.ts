/**
 * Referrals (邀请有礼, issue 19, part A): the referral under its referee (bound at her creation by
 * member-repo `createMember`, moved here), the referral codes (REFCODE#<code> and the member's MEMBER#/REFCODE,
 * created together once), the due markers of pending referrals (GSI1 REFDUE#<day>), the referrers' running
 * counts (one REFSTATS partition: leaderboard and signals), the caps' counters and the settings.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_REFERRAL_SETTINGS, type Referral, type ReferralSettings, type ReferrerStats } from '../../../shared/domain/referral';
import { readSettings, saveSettings, type SettingsAudit } from './settings-repo';
import { db } from './client';
import { indexKeys, keys } from './keys';
import { batchGetAll, queryAll } from './read';
import { Tx } from './tx';
import { commit, type Written } from './unit';

// ---- settings ----------------------------------------------------------------------------------

export async function getReferralSettings(): Promise<{ settings: ReferralSettings; rev: number }> {
  return readSettings(keys.referralSettings(), DEFAULT_REFERRAL_SETTINGS);
}

export async function saveReferralSettings(settings: ReferralSettings, rev: number, audit: SettingsAudit): Promise<Written<'revision_moved'>> {
  return saveSettings(keys.referralSettings(), settings, rev, audit);
}

// ---- codes -------------------------------------------------------------------------------------

/** Whose referral code this is. */
export async function referralCodeOwner(code: string): Promise<string | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.referralCode(code) }));
  return res.Item ? String(res.Item.memberId) : null;
}

export async function memberReferralCode(memberId: string): Promise<string | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.memberReferralCode(memberId), ConsistentRead: true }));
  return res.Item ? String(res.Item.code) : null;
}

/**
 * The member's code, created once: the code's item and hers, both only if absent. `code_taken` (another
 * member drew the same code: draw again) or `has_code` (a concurrent first visit created hers: read it).
 */
export async function createReferralCode(memberId: string, code: string, at: string): Promise<Written<'code_taken' | 'has_code'>> {
  const tx = new Tx();
  tx.create('mine', { ...keys.memberReferralCode(memberId), code, memberId, createdAt: at });
  tx.create('code', { ...keys.referralCode(code), code, memberId, createdAt: at });
  const out = await commit(tx, [['mine', 'has_code'], ['code', 'code_taken']], 'has_code');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

// ---- members as referrals see them -------------------------------------------------------------

export interface Standing {
  memberId: string;
  name: string | null;
  phone: string;
  /** A member in good standing: not frozen, not erased, not merged into another. */
  ok: boolean;
}

export async function standingOf(memberIds: readonly string[]): Promise<Map<string, Standing>> {
  const ids = [...new Set(memberIds)];
  if (ids.length === 0) return new Map();
  const items = await batchGetAll(
    ids.map((m) => keys.profile(m)),
    { projection: 'memberId, phone, #n, frozen, erasedAt, mergedInto', names: { '#n': 'name' }, parallel: 4 },
  );
  const out = new Map<string, Standing>();
  for (const i of items) {
    const phone = String(i.phone ?? '');
    out.set(String(i.memberId), { memberId: String(i.memberId), name: (i.name as string | undefined) ?? null, phone, ok: !i.frozen && !i.erasedAt && !i.mergedInto && phone !== '' });
  }
  return out;
}

// ---- referrals ---------------------------------------------------------------------------------

export function toReferral(i: Record<string, unknown>): Referral {
  return {
    referrerId: String(i.referrerId),
    refereeId: String(i.refereeId),
    createdAt: String(i.createdAt),
    state: (i.state as Referral['state'] | undefined) ?? 'waiting',
    order: (i.order as Referral['order'] | undefined) ?? null,
    maturesOn: (i.maturesOn as string | undefined) ?? null,
    reward: (i.reward as Referral['reward'] | undefined) ?? null,
    returns: Number(i.returns ?? 0),
    bought: !!i.bought,
    referrerCapped: !!i.referrerCapped,
    rewardedAt: (i.rewardedAt as string | undefined) ?? null,
    rev: Number(i.rev ?? 0),
  };
}

export async function getReferral(refereeId: string): Promise<Referral | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.referral(refereeId), ConsistentRead: true }));
  return res.Item ? toReferral(res.Item) : null;
}

/** The referrals of these members, where they have one (the stream consumer's first look at a batch's buyers). */
export async function referralsOf(memberIds: readonly string[]): Promise<Map<string, Referral>> {
  const ids = [...new Set(memberIds)];
  if (ids.length === 0) return new Map();
  const items = await batchGetAll(ids.map((m) => keys.referral(m)), { parallel: 4 });
  return new Map(items.map((i) => [String(i.refereeId), toReferral(i)]));
}

/** A referrer's friends, oldest first (GSI1 REFERRALS#<referrer>). */
export async function referralsByReferrer(referrerId: string, max = 500): Promise<Referral[]> {
  const items = await queryAll({ IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': indexKeys.referralsPk(referrerId) } }, max);
  return items.map(toReferral);
}

/** Referees whose pending referral matures on `day` (GSI1 REFDUE#<day>). */
export async function referralsDueOn(day: string): Promise<string[]> {
  const items = await queryAll({ IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': indexKeys.referralDuePk(day) } });
  return items.map((i) => String(i.refereeId));
}

export type StatsDelta = Partial<Record<'bound' | 'bought' | 'rewarded' | 'returned' | 'points', number>>;

function addStats(tx: Tx, referrerId: string, delta: StatsDelta, at: string) {
  const entries = Object.entries(delta).filter(([, v]) => v);
  if (entries.length === 0) return;
  const values: Record<string, unknown> = { ':m': referrerId, ':at': at };
  const names: Record<string, string> = {};
  const adds = entries.map(([k, v]) => {
    values[`:${k}`] = v;
    names[`#${k}`] = k;
    return `#${k} :${k}`;
  });
  tx.update('stats', keys.referrerStats(referrerId), { set: `SET memberId = :m, updatedAt = :at ADD ${adds.join(', ')}`, values, names });
}

/**
 * One move of a referral, conditioned on the state and revision read: its new fields, its due marker
 * (put when it becomes pending, kept while rewarding, removed otherwise), the referrer's counts, and at a
 * reward the referrer's cap counters (each only below its cap: `capped` when one is full).
 */
export async function moveReferral(
  before: Referral,
  after: Referral,
  p: { at: string; stats: StatsDelta; caps?: { day: string; month: string; perDay: number; perMonth: number } },
): Promise<Written<'moved' | 'capped'>> {
  const tx = new Tx();
  const revCondition = before.rev === 0 ? '(attribute_not_exists(#rev) OR #rev = :rev)' : '#rev = :rev';
  tx.update('referral', keys.referral(after.refereeId), {
    set: 'SET #s = :s, #o = :o, maturesOn = :mat, #rw = :rw, #ret = :ret, #b = :b, referrerCapped = :cap, rewardedAt = :ra, #rev = :nrev, updatedAt = :at',
    condition: `attribute_exists(PK) AND #s = :was AND ${revCondition}`,
    names: { '#s': 'state', '#o': 'order', '#rw': 'reward', '#ret': 'returns', '#b': 'bought', '#rev': 'rev' },
    values: {
      ':s': after.state,
      ':o': after.order,
      ':mat': after.maturesOn,
      ':rw': after.reward,
      ':ret': after.returns,
      ':b': after.bought,
      ':cap': after.referrerCapped,
      ':ra': after.rewardedAt,
      ':nrev': after.rev,
      ':at': p.at,
      ':was': before.state,
      ':rev': before.rev,
    },
  });
  const dueKey = keys.referralDue(after.refereeId);
  if (after.state === 'pending' && after.maturesOn) {
    tx.put('due', { ...dueKey, ...indexKeys.referralDueOn(after.maturesOn, after.refereeId), refereeId: after.refereeId, referrerId: after.referrerId, maturesOn: after.maturesOn });
  } else if (after.state !== 'rewarding' && (before.state === 'pending' || before.state === 'rewarding')) {
    tx.delete('due', dueKey);
  }
  addStats(tx, after.referrerId, p.stats, p.at);
  if (p.caps) {
    const cap = (label: string, period: string, max: number) =>
      tx.update(label, keys.referralCap(after.referrerId, period), {
        set: 'SET referrerId = :m ADD n :one',
        condition: 'attribute_not_exists(n) OR n < :max',
        values: { ':m': after.referrerId, ':one': 1, ':max': max },
      });
    cap('capDay', `DAY#${p.caps.day}`, p.caps.perDay);
    cap('capMonth', `MONTH#${p.caps.month}`, p.caps.perMonth);
  }
  const out = await commit(tx, [['referral', 'moved'], ['capDay', 'capped'], ['capMonth', 'capped']], 'moved');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

/** Rewards a referrer has received on a day and in a month (her cap counters, read consistently). */
export async function capsUsed(referrerId: string, day: string, month: string): Promise<{ usedToday: number; usedThisMonth: number }> {
  const { client, table } = db();
  const n = async (period: string) => Number((await client.send(new GetCommand({ TableName: table, Key: keys.referralCap(referrerId, period), ConsistentRead: true }))).Item?.n ?? 0);
  const [usedToday, usedThisMonth] = await Promise.all([n(`DAY#${day}`), n(`MONTH#${month}`)]);
  return { usedToday, usedThisMonth };
}

/** A new binding counted once in her referrer's stats (guard per referee): false when it was already. */
export async function countBinding(referrerId: string, refereeId: string, at: string): Promise<boolean> {
  const tx = new Tx();
  tx.create('guard', { ...keys.referralCounted(refereeId), referrerId, at });
  addStats(tx, referrerId, { bound: 1 }, at);
  const out = await commit(tx, [['guard', 'already' as const]], 'conflict' as const);
  if (out.ok) return true;
  if (out.failed === 'already') return false;
  throw new Error(`referral binding of ${refereeId}: conflict`);
}

/** Every referrer's counts (one partition: the leaderboard and the signals). */
export async function allReferrerStats(): Promise<ReferrerStats[]> {
  const items = await queryAll({ KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': keys.referrerStatsPk() } });
  return items.map((i) => ({
    memberId: String(i.memberId ?? i.SK),
    bound: Number(i.bound ?? 0),
    bought: Number(i.bought ?? 0),
    rewarded: Number(i.rewarded ?? 0),
    returned: Number(i.returned ?? 0),
    points: Number(i.points ?? 0),
  }));
}

export async function referrerStats(referrerId: string): Promise<ReferrerStats | null> {
  const { client, table } = db();
  const i = (await client.send(new GetCommand({ TableName: table, Key: keys.referrerStats(referrerId), ConsistentRead: true }))).Item;
  if (!i) return null;
  return { memberId: referrerId, bound: Number(i.bound ?? 0), bought: Number(i.bought ?? 0), rewarded: Number(i.rewarded ?? 0), returned: Number(i.returned ?? 0), points: Number(i.points ?? 0) };
}
