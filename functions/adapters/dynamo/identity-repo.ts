import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { StoreRoleName } from '../../../shared/domain/staff';
import { db } from './client';
import { indexKeys, keys } from './keys';

export interface Identity {
  openid: string;
  memberId: string | null;
  staffStoreId: string | null;
  /** Her place at that store: clerk or manager (null when she works at no store). */
  storeRole: StoreRoleName | null;
  admin: boolean;
}

/**
 * Everything known about a WeChat identity in one consistent query of OPENID#<openid>: its member and
 * its role items (ROLE#staff: clerk or manager of one store; ROLE#admin). Read at sign-in and, cached
 * briefly, by every staff, manager and admin request (functions/lib/roles.ts).
 */
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
    storeRole: staff ? (staff.storeRole === 'manager' ? 'manager' : 'clerk') : null,
    admin: items.some((i) => i.SK === 'ROLE#admin'),
  };
}

export type GrantableRole = { role: 'staff' | 'manager'; storeId: string } | { role: 'admin'; permissions?: string[] };

/** The ROLE#staff item of a clerk or manager of `storeId` (listed on STAFF#<storeId>). */
export function storeRoleItem(openid: string, storeId: string, storeRole: StoreRoleName, by: string, at: string, name: string | null = null) {
  return {
    ...keys.openidRole(openid, 'staff'),
    openid,
    role: 'staff',
    storeId,
    storeRole,
    ...(name ? { name } : {}),
    ...indexKeys.staffRole(storeId, openid),
    grantedBy: by,
    grantedAt: at,
  };
}

/**
 * Grants a role (idempotent; re-granting staff or manager moves them to the given store). Used by the
 * command line and the seed; the app's own grants go through the audited writes of staff-repo.
 */
export async function grantRole(openid: string, grant: GrantableRole, by: string, now = new Date()): Promise<void> {
  const { client, table } = db();
  const at = now.toISOString();
  await client.send(
    new PutCommand({
      TableName: table,
      Item:
        grant.role === 'admin'
          ? {
              ...keys.openidRole(openid, 'admin'),
              openid,
              role: 'admin',
              ...indexKeys.adminRole(openid),
              ...(grant.permissions?.length ? { permissions: grant.permissions } : {}),
              grantedBy: by,
              grantedAt: at,
            }
          : storeRoleItem(openid, grant.storeId, grant.role === 'manager' ? 'manager' : 'clerk', by, at),
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
