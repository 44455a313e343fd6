import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db } from './client';
import { indexKeys, keys } from './keys';

export interface Identity {
  openid: string;
  memberId: string | null;
  staffStoreId: string | null;
  admin: boolean;
}

/** Everything known about a WeChat identity in one query: its member and its roles. */
export async function findIdentity(openid: string): Promise<Identity> {
  const { client, table } = db();
  const res = await client.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.openidMember(openid).PK },
      ConsistentRead: true,
    }),
  );
  const items = res.Items ?? [];
  const member = items.find((i) => i.SK === 'MEMBER');
  const staff = items.find((i) => i.SK === 'ROLE#staff');
  return {
    openid,
    memberId: (member?.memberId as string | undefined) ?? null,
    staffStoreId: (staff?.storeId as string | undefined) ?? null,
    admin: items.some((i) => i.SK === 'ROLE#admin'),
  };
}

export type GrantableRole = { role: 'staff'; storeId: string } | { role: 'admin'; permissions?: string[] };

/** Grants a role (idempotent; re-granting staff moves them to the given store). */
export async function grantRole(openid: string, grant: GrantableRole, by: string, now = new Date()): Promise<void> {
  const { client, table } = db();
  await client.send(
    new PutCommand({
      TableName: table,
      Item: {
        ...keys.openidRole(openid, grant.role),
        openid,
        role: grant.role,
        ...(grant.role === 'staff'
          ? { storeId: grant.storeId, ...indexKeys.staffRole(grant.storeId, openid) }
          : { ...indexKeys.adminRole(openid), ...(grant.permissions?.length ? { permissions: grant.permissions } : {}) }),
        grantedBy: by,
        grantedAt: now.toISOString(),
      },
    }),
  );
}

export async function revokeRole(openid: string, role: 'staff' | 'admin'): Promise<boolean> {
  const { client, table } = db();
  const res = await client.send(new DeleteCommand({ TableName: table, Key: keys.openidRole(openid, role), ReturnValues: 'ALL_OLD' }));
  return !!res.Attributes;
}

export async function listRoleHolders(gsi1pk: string): Promise<Record<string, unknown>[]> {
  const { client, table } = db();
  const res = await client.send(
    new QueryCommand({ TableName: table, IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :p', ExpressionAttributeValues: { ':p': gsi1pk } }),
  );
  return res.Items ?? [];
}

/** The member bound to a WeChat identity now (one consistent GetItem): the check behind every member request. */
export async function memberOfOpenid(openid: string): Promise<string | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.openidMember(openid), ConsistentRead: true }));
  return (res.Item?.memberId as string | undefined) ?? null;
}
