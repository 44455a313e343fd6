import { BatchGetCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db } from './client';
import type { Bucket, ManualTier, PointsState, QualifyingMonths, TierState } from '../../../shared/domain';
import type { FactMonths } from '../../../shared/domain/rfm';
import { indexKeys, keys } from './keys';
import { Tx } from './tx';

export type FamilyRole = 'none' | 'primary' | 'secondary';

export interface MemberRecord {
  memberId: string;
  phone: string;
  openid: string | null;
  name: string | null;
  gender: 'female' | 'male' | 'unspecified' | null;
  birthday: string | null;
  tier: TierState;
  /** Qualifying amounts per month (the account holder's; frozen on a secondary card). */
  qualifying: QualifyingMonths;
  /** Revision of tier + qualifying + family fields: their writes are conditioned on it. */
  qrev: number;
  familyRole: FamilyRole;
  familyPrimaryId: string | null;
  familyCount: number;
  familySince: string | null;
  /** The primary's open invitation. */
  familyInvite: { code: string; expiresAt: string } | null;
  firstPurchaseAt: string | null;
  lastPurchaseAt: string | null;
  /** Member facts (segments): monthly orders/spend/scans, the store of the last purchase, tags. */
  factMonths?: FactMonths;
  lastStoreId?: string | null;
  registrationStoreId?: string | null;
  /** Issue 19: the member whose invitation brought her in (bound once, at creation; see `keys.referral`). */
  referrerId?: string | null;
  /** Issue 19: the clerk (openid) whose registration QR brought her in, at `registrationStoreId`. */
  registrationClerk?: string | null;
  tags?: string[];
  consentAt: string;
  createdAt: string;
  source: string;
  /** The member's active membership card (issue 16: a bound card, or one carried by an import). */
  cardNo?: string | null;
  /** Cards of hers reported lost, oldest first. */
  lostCards?: string[];
  /** Frozen by the desk: no earning, spending or member code while set. */
  frozen?: { at: string; by: string; reason: string } | null;
}

export interface PointsRecord {
  memberId: string;
  state: PointsState;
  /** Revision of the points item: every write is conditioned on the one read. */
  rev: number;
  earnedTotal: number;
}

export interface MemberWithPoints {
  member: MemberRecord;
  points: PointsRecord;
}

export function toMember(i: Record<string, unknown>): MemberRecord {
  return {
    memberId: i.memberId as string,
    phone: i.phone as string,
    openid: (i.openid as string | undefined) ?? null,
    name: (i.name as string | undefined) ?? null,
    gender: (i.gender as MemberRecord['gender'] | undefined) ?? null,
    birthday: (i.birthday as string | undefined) ?? null,
    tier: {
      tierCode: i.tierCode as string,
      since: (i.tierSince as string | undefined) ?? String(i.createdAt).slice(0, 10),
      retainUntil: (i.tierRetainUntil as string | undefined) ?? null,
      manual: (i.manualTier as ManualTier | undefined) ?? null,
    },
    qualifying: (i.qualifying as QualifyingMonths | undefined) ?? {},
    qrev: (i.qrev as number | undefined) ?? 0,
    familyRole: (i.familyRole as FamilyRole | undefined) ?? 'none',
    familyPrimaryId: (i.familyPrimaryId as string | undefined) ?? null,
    familyCount: (i.familyCount as number | undefined) ?? 0,
    familySince: (i.familySince as string | undefined) ?? null,
    familyInvite: (i.familyInvite as MemberRecord['familyInvite'] | undefined) ?? null,
    firstPurchaseAt: (i.firstPurchaseAt as string | undefined) ?? null,
    lastPurchaseAt: (i.lastPurchaseAt as string | undefined) ?? null,
    factMonths: (i.factMonths as FactMonths | undefined) ?? {},
    lastStoreId: (i.lastStoreId as string | undefined) ?? null,
    registrationStoreId: (i.registrationStoreId as string | undefined) ?? null,
    referrerId: (i.referrerId as string | undefined) ?? null,
    registrationClerk: (i.registrationClerk as string | undefined) ?? null,
    tags: (i.memberTags as string[] | undefined) ?? [],
    consentAt: i.consentAt as string,
    createdAt: i.createdAt as string,
    source: (i.source as string | undefined) ?? 'wechat',
    cardNo: (i.cardNo as string | undefined) ?? null,
    lostCards: (i.lostCards as string[] | undefined) ?? [],
    frozen: (i.frozen as MemberRecord['frozen'] | undefined) ?? null,
  };
}

export function toPoints(memberId: string, i: Record<string, unknown> | undefined): PointsRecord {
  return {
    memberId,
    state: { buckets: (i?.buckets as Bucket[] | undefined) ?? [], debt: (i?.debt as number | undefined) ?? 0 },
    rev: (i?.rev as number | undefined) ?? 0,
    earnedTotal: (i?.earnedTotal as number | undefined) ?? 0,
  };
}

export async function getMember(memberId: string): Promise<MemberRecord | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.profile(memberId), ConsistentRead: true }));
  return res.Item ? toMember(res.Item) : null;
}

export async function getPoints(memberId: string): Promise<PointsRecord> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.points(memberId), ConsistentRead: true }));
  return toPoints(memberId, res.Item);
}

/** Profile and points account in one round trip. */
export async function getMemberWithPoints(memberId: string): Promise<MemberWithPoints | null> {
  const { client, table } = db();
  const res = await client.send(
    new BatchGetCommand({
      RequestItems: { [table]: { Keys: [keys.profile(memberId), keys.points(memberId)], ConsistentRead: true } },
    }),
  );
  const items = res.Responses?.[table] ?? [];
  const profile = items.find((i) => i.SK === 'PROFILE');
  if (!profile) return null;
  return { member: toMember(profile), points: toPoints(memberId, items.find((i) => i.SK === 'POINTS')) };
}

export async function findMemberIdByPhone(phone: string): Promise<string | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.phone(phone), ConsistentRead: true }));
  return (res.Item?.memberId as string | undefined) ?? null;
}

export type WriteOutcome = 'ok' | 'phone_taken' | 'openid_taken' | 'member_has_other_openid' | 'conflict';

/**
 * Creates a member with its phone and (optionally) its WeChat identity in one transaction.
 * The lookup items' `attribute_not_exists` conditions make phone and openid unique; a failure names
 * which one was taken ('phone_taken' first), else 'conflict'.
 */
export async function createMember(m: MemberRecord): Promise<WriteOutcome> {
  const tx = new Tx();
  tx.create('phone', { ...keys.phone(m.phone), memberId: m.memberId, createdAt: m.createdAt });
  if (m.openid) tx.create('openid', { ...keys.openidMember(m.openid), memberId: m.memberId, boundAt: m.createdAt });
  tx.create('profile', { ...keys.profile(m.memberId), ...profileAttrs(m) });
  tx.create('points', { ...keys.points(m.memberId), memberId: m.memberId, balance: 0, earnedTotal: 0, buckets: [], debt: 0, rev: 0 });
  // Issue 19: the referral is bound in the member's own creation, so a person is bound once, to the first
  // invitation that created her (two registrations at once create one member: the openid and phone conditions).
  if (m.referrerId) tx.create('referral', referralItem(m.referrerId, m.memberId, m.createdAt));
  const out = await tx.send();
  if (out.ok) return 'ok';
  if (out.failed.includes('phone')) return 'phone_taken';
  if (out.failed.includes('openid')) return 'openid_taken';
  return 'conflict';
}

/**
 * Binds a WeChat identity to an existing member (registered at a store or imported): the openid's
 * lookup item (new) and the profile (no other openid). A failure names which, else 'conflict'.
 */
export async function bindOpenid(memberId: string, openid: string, consentAt: string, now: string): Promise<WriteOutcome> {
  const tx = new Tx();
  tx.create('openid', { ...keys.openidMember(openid), memberId, boundAt: now });
  tx.update('profile', keys.profile(memberId), {
    set: 'SET openid = :o, consentAt = if_not_exists(consentAt, :c), updatedAt = :n',
    condition: 'attribute_exists(PK) AND (attribute_not_exists(openid) OR openid = :o)',
    values: { ':o': openid, ':c': consentAt, ':n': now },
  });
  const out = await tx.send();
  if (out.ok) return 'ok';
  if (out.failed.includes('openid')) return 'openid_taken';
  if (out.failed.includes('profile')) return 'member_has_other_openid';
  return 'conflict';
}

export interface ProfilePatch {
  name?: string;
  gender?: MemberRecord['gender'];
  birthday?: string;
}

/**
 * The member's own profile edit. A birthday is set once: the write is conditioned on the profile having
 * none yet (or the same one), so a change answers 'birthday_locked' (the desk corrects it, audited).
 */
export async function updateProfile(memberId: string, patch: ProfilePatch, now: string): Promise<'ok' | 'birthday_locked'> {
  const { client, table } = db();
  const sets: string[] = ['updatedAt = :now'];
  const values: Record<string, unknown> = { ':now': now };
  const names: Record<string, string> = {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    names[`#${k}`] = k;
    values[`:${k}`] = v;
    sets.push(`#${k} = :${k}`);
  }
  if (patch.birthday) {
    // Birthday care finds members through GSI1 by month-day.
    sets.push('GSI1PK = :g1pk', 'GSI1SK = :g1sk');
    const idx = indexKeys.birthday(patch.birthday, memberId);
    values[':g1pk'] = idx.GSI1PK;
    values[':g1sk'] = idx.GSI1SK;
  }
  try {
    await client.send(
      new UpdateCommand({
        TableName: table,
        Key: keys.profile(memberId),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: patch.birthday ? 'attribute_exists(PK) AND (attribute_not_exists(#birthday) OR #birthday = :birthday)' : 'attribute_exists(PK)',
        ExpressionAttributeNames: Object.keys(names).length ? names : undefined,
        ExpressionAttributeValues: values,
      }),
    );
  } catch (e) {
    if (patch.birthday && (e as { name?: string }).name === 'ConditionalCheckFailedException') return 'birthday_locked';
    throw e;
  }
  return 'ok';
}

export function profileAttrs(m: MemberRecord) {
  return {
    memberId: m.memberId,
    phone: m.phone,
    openid: m.openid ?? undefined,
    name: m.name ?? undefined,
    gender: m.gender ?? undefined,
    birthday: m.birthday ?? undefined,
    tierCode: m.tier.tierCode,
    tierSince: m.tier.since,
    tierRetainUntil: m.tier.retainUntil ?? undefined,
    qualifying: m.qualifying,
    qrev: m.qrev,
    familyRole: m.familyRole,
    familyCount: m.familyCount,
    consentAt: m.consentAt,
    createdAt: m.createdAt,
    source: m.source,
    registrationStoreId: m.registrationStoreId ?? undefined,
    referrerId: m.referrerId ?? undefined,
    registrationClerk: m.registrationClerk ?? undefined,
    // Whole-membership jobs (tier evaluation) scan this sparse index: profiles only.
    ...indexKeys.member(m.memberId),
  };
}

/**
 * Issue 19: a referral as bound at registration (state `waiting` for the referee's first qualifying purchase).
 * The referrals capability (functions/referrals) owns its later states; this is only its first shape.
 */
export function referralItem(referrerId: string, refereeId: string, createdAt: string) {
  return { ...keys.referral(refereeId), ...indexKeys.referralOf(referrerId, createdAt, refereeId), referrerId, refereeId, createdAt, state: 'waiting' };
}
