import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db } from './client';
import { isConditionFailed } from './errors';
import { keys } from './keys';

export interface MemberCodeRecord {
  code: string;
  memberId: string;
  expiresAt: string;
  usedAt: string | null;
  usedFor: string | null;
}

/** Stores a fresh code; false if that code is already taken (the caller draws another). */
export async function putMemberCode(code: string, memberId: string, expiresAt: Date, now: Date): Promise<boolean> {
  const { client, table } = db();
  try {
    await client.send(
      new PutCommand({
        TableName: table,
        Item: {
          ...keys.memberCode(code),
          memberId,
          issuedAt: now.toISOString(),
          expiresAt: expiresAt.toISOString(),
          // DynamoDB's TTL removes it a day later; validity is checked against expiresAt, not TTL.
          ttl: Math.floor(expiresAt.getTime() / 1000) + 86_400,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    return true;
  } catch (e) {
    if (isConditionFailed(e)) return false;
    throw e;
  }
}

export async function getMemberCode(code: string): Promise<MemberCodeRecord | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.memberCode(code), ConsistentRead: true }));
  const i = res.Item;
  if (!i) return null;
  return {
    code,
    memberId: i.memberId,
    expiresAt: i.expiresAt,
    usedAt: i.usedAt ?? null,
    usedFor: i.usedFor ?? null,
  };
}
