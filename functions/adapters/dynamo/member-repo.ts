import { BatchGetCommand, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db } from './client';
import { cancellationReasons } from './errors';
import { keys } from './keys';

export interface MemberRecord {
  memberId: string;
  phone: string;
  openid: string | null;
  name: string | null;
  gender: 'female' | 'male' | 'unspecified' | null;
  birthday: string | null;
  tierCode: string;
  qualifyingSpendFen: number;
  consentAt: string;
  createdAt: string;
  source: string;
}

export interface PointsAccount {
  balance: number;
  earnedTotal: number;
}

export interface MemberWithPoints {
  member: MemberRecord;
  points: PointsAccount;
}

function toMember(i: Record<string, unknown>): MemberRecord {
  return {
    memberId: i.memberId as string,
    phone: i.phone as string,
    openid: (i.openid as string | undefined) ?? null,
    name: (i.name as string | undefined) ?? null,
    gender: (i.gender as MemberRecord['gender'] | undefined) ?? null,
    birthday: (i.birthday as string | undefined) ?? null,
    tierCode: i.tierCode as string,
    qualifyingSpendFen: (i.qualifyingSpendFen as number | undefined) ?? 0,
    consentAt: i.consentAt as string,
    createdAt: i.createdAt as string,
    source: (i.source as string | undefined) ?? 'wechat',
  };
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
  const points = items.find((i) => i.SK === 'POINTS');
  return {
    member: toMember(profile),
    points: { balance: (points?.balance as number | undefined) ?? 0, earnedTotal: (points?.earnedTotal as number | undefined) ?? 0 },
  };
}

export async function findMemberIdByPhone(phone: string): Promise<string | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.phone(phone), ConsistentRead: true }));
  return (res.Item?.memberId as string | undefined) ?? null;
}

export type WriteOutcome = 'ok' | 'phone_taken' | 'openid_taken' | 'member_has_other_openid' | 'conflict';

/**
 * Creates a member with its phone and (optionally) its WeChat identity in one transaction.
 * The lookup items' `attribute_not_exists` conditions make phone and openid unique.
 */
export async function createMember(m: MemberRecord): Promise<WriteOutcome> {
  const { client, table } = db();
  const items = [
    { Put: { TableName: table, Item: { ...keys.phone(m.phone), memberId: m.memberId, createdAt: m.createdAt }, ConditionExpression: 'attribute_not_exists(PK)' } },
    ...(m.openid
      ? [{ Put: { TableName: table, Item: { ...keys.openidMember(m.openid), memberId: m.memberId, boundAt: m.createdAt }, ConditionExpression: 'attribute_not_exists(PK)' } }]
      : []),
    { Put: { TableName: table, Item: { ...keys.profile(m.memberId), ...profileAttrs(m) }, ConditionExpression: 'attribute_not_exists(PK)' } },
    { Put: { TableName: table, Item: { ...keys.points(m.memberId), memberId: m.memberId, balance: 0, earnedTotal: 0 }, ConditionExpression: 'attribute_not_exists(PK)' } },
  ];
  try {
    await client.send(new TransactWriteCommand({ TransactItems: items }));
    return 'ok';
  } catch (e) {
    const reasons = cancellationReasons(e);
    if (!reasons) throw e;
    if (reasons[0] === 'ConditionalCheckFailed') return 'phone_taken';
    if (m.openid && reasons[1] === 'ConditionalCheckFailed') return 'openid_taken';
    return 'conflict';
  }
}

/** Binds a WeChat identity to an existing member (registered at a store or imported). */
export async function bindOpenid(memberId: string, openid: string, consentAt: string, now: string): Promise<WriteOutcome> {
  const { client, table } = db();
  try {
    await client.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: table, Item: { ...keys.openidMember(openid), memberId, boundAt: now }, ConditionExpression: 'attribute_not_exists(PK)' } },
          {
            Update: {
              TableName: table,
              Key: keys.profile(memberId),
              UpdateExpression: 'SET openid = :o, consentAt = if_not_exists(consentAt, :c), updatedAt = :n',
              ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(openid) OR openid = :o)',
              ExpressionAttributeValues: { ':o': openid, ':c': consentAt, ':n': now },
            },
          },
        ],
      }),
    );
    return 'ok';
  } catch (e) {
    const reasons = cancellationReasons(e);
    if (!reasons) throw e;
    if (reasons[0] === 'ConditionalCheckFailed') return 'openid_taken';
    if (reasons[1] === 'ConditionalCheckFailed') return 'member_has_other_openid';
    return 'conflict';
  }
}

export interface ProfilePatch {
  name?: string;
  gender?: MemberRecord['gender'];
  birthday?: string;
}

export async function updateProfile(memberId: string, patch: ProfilePatch, now: string): Promise<void> {
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
    values[':g1pk'] = `BIRTHDAY#${patch.birthday.slice(5, 7)}${patch.birthday.slice(8, 10)}`;
    values[':g1sk'] = memberId;
  }
  await client.send(
    new UpdateCommand({
      TableName: table,
      Key: keys.profile(memberId),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: Object.keys(names).length ? names : undefined,
      ExpressionAttributeValues: values,
    }),
  );
}

export function profileAttrs(m: MemberRecord) {
  return {
    memberId: m.memberId,
    phone: m.phone,
    openid: m.openid ?? undefined,
    name: m.name ?? undefined,
    gender: m.gender ?? undefined,
    birthday: m.birthday ?? undefined,
    tierCode: m.tierCode,
    qualifyingSpendFen: m.qualifyingSpendFen,
    consentAt: m.consentAt,
    createdAt: m.createdAt,
    source: m.source,
  };
}
