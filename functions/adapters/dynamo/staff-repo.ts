/**
 * Stores and their staff (issue 16): the store items, the staff role items (ROLE#staff: clerk or manager
 * of one store, listed on STAFF#<storeId>), one-time invites and the admin role items. Each change is one
 * transaction with its audit entry; a failed condition comes back named.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { StoreRoleName } from '../../../shared/domain/staff';
import { writeAudit, type AuditEntry } from './account-repo';
import type { StoreRecord } from './brand-repo';
import { db } from './client';
import { storeRoleItem } from './identity-repo';
import { indexKeys, keys } from './keys';
import { queryAll } from './read';
import { Tx } from './tx';
import { commit, type Written } from './unit';

const storeItem = (s: StoreRecord) => ({
  ...keys.store(s.storeId),
  ...indexKeys.storeEntry(s.storeId),
  storeId: s.storeId,
  name: s.name,
  city: s.city,
  ...(s.address ? { address: s.address } : {}),
  storeOpen: s.open,
  updatedAt: s.updatedAt,
});

/** A new store ('store_exists': the id is taken). */
export async function saveNewStore(s: StoreRecord, audit: AuditEntry): Promise<Written<'store_exists'>> {
  const tx = new Tx();
  tx.create('store', { ...storeItem(s), createdAt: s.updatedAt });
  writeAudit(tx, audit);
  const out = await commit(tx, [['store', 'store_exists']], 'store_exists');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

/** The store as a whole, over the version read ('store_changed': another admin saved it meanwhile, or it is gone). */
export async function saveStore(before: StoreRecord, next: StoreRecord, audit: AuditEntry): Promise<Written<'store_changed'>> {
  const tx = new Tx();
  const cond = before.updatedAt
    ? { expr: 'attribute_exists(PK) AND updatedAt = :u', values: { ':u': before.updatedAt } }
    : { expr: 'attribute_exists(PK) AND attribute_not_exists(updatedAt)' };
  tx.put('store', { ...storeItem(next) }, cond);
  writeAudit(tx, audit);
  const out = await commit(tx, [['store', 'store_changed']], 'store_changed');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

export interface StaffRecord {
  openid: string;
  storeId: string;
  storeRole: StoreRoleName;
  name: string | null;
  grantedAt: string;
  grantedBy: string;
}

const toStaff = (i: Record<string, unknown>): StaffRecord => ({
  openid: String(i.openid),
  storeId: String(i.storeId),
  storeRole: i.storeRole === 'manager' ? 'manager' : 'clerk',
  name: typeof i.name === 'string' ? i.name : null,
  grantedAt: String(i.grantedAt ?? ''),
  grantedBy: String(i.grantedBy ?? ''),
});

/** A store's clerks and managers (STAFF#<storeId> on GSI1). */
export async function listStoreStaff(storeId: string): Promise<StaffRecord[]> {
  const items = await queryAll({ IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :p', ExpressionAttributeValues: { ':p': indexKeys.staffPk(storeId) } });
  return items.map(toStaff);
}

/** One person's place at a store (consistent), or null. */
export async function getStoreRole(openid: string): Promise<StaffRecord | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.openidRole(openid, 'staff'), ConsistentRead: true }));
  return res.Item ? toStaff(res.Item) : null;
}

/**
 * Removes a person from a store. `onlyClerk`: a manager's removal, refused for a manager.
 * 'not_there': she is not (or no longer) at that store in that position.
 */
export async function removeStoreRole(p: { openid: string; storeId: string; onlyClerk: boolean; audit: AuditEntry }): Promise<Written<'not_there'>> {
  const tx = new Tx();
  tx.delete(
    'role',
    keys.openidRole(p.openid, 'staff'),
    p.onlyClerk ? 'storeId = :s AND (attribute_not_exists(storeRole) OR storeRole = :c)' : 'storeId = :s',
    p.onlyClerk ? { ':s': p.storeId, ':c': 'clerk' } : { ':s': p.storeId },
  );
  writeAudit(tx, p.audit);
  const out = await commit(tx, [['role', 'not_there']], 'not_there');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

/** Appoints a clerk as manager or back ('not_there': she left the store meanwhile). */
export async function setStoreRole(p: { openid: string; storeId: string; storeRole: StoreRoleName; audit: AuditEntry }): Promise<Written<'not_there'>> {
  const tx = new Tx();
  tx.update('role', keys.openidRole(p.openid, 'staff'), { set: 'SET storeRole = :r', condition: 'storeId = :s', values: { ':r': p.storeRole, ':s': p.storeId } });
  writeAudit(tx, p.audit);
  const out = await commit(tx, [['role', 'not_there']], 'not_there');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

export interface InviteRecord {
  code: string;
  storeId: string;
  storeRole: StoreRoleName;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  usedBy: string | null;
  usedAt: string | null;
}

const toInvite = (i: Record<string, unknown>): InviteRecord => ({
  code: String(i.code),
  storeId: String(i.storeId),
  storeRole: i.storeRole === 'manager' ? 'manager' : 'clerk',
  createdBy: String(i.createdBy),
  createdAt: String(i.createdAt),
  expiresAt: String(i.expiresAt),
  usedBy: typeof i.usedBy === 'string' ? i.usedBy : null,
  usedAt: typeof i.usedAt === 'string' ? i.usedAt : null,
});

/** A new invite ('code_taken': the random code exists, draw another). Kept 30 days after expiry (TTL). */
export async function saveInvite(inv: InviteRecord, audit: AuditEntry): Promise<Written<'code_taken'>> {
  const tx = new Tx();
  tx.create('invite', {
    ...keys.staffInvite(inv.code),
    code: inv.code,
    storeId: inv.storeId,
    storeRole: inv.storeRole,
    createdBy: inv.createdBy,
    createdAt: inv.createdAt,
    expiresAt: inv.expiresAt,
    ttl: Math.floor(Date.parse(inv.expiresAt) / 1000) + 30 * 86400,
  });
  writeAudit(tx, audit);
  const out = await commit(tx, [['invite', 'code_taken']], 'code_taken');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

export async function getInvite(code: string): Promise<InviteRecord | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.staffInvite(code), ConsistentRead: true }));
  return res.Item ? toInvite(res.Item) : null;
}

/**
 * Accepting an invite, in one transaction: the invite marked used (only if unused and unexpired at `at`),
 * the person's ROLE#staff item created (only if she works at no store), the store still open, the audit.
 * Two people opening one invite at once: one wins, the other gets 'invite_taken'.
 */
export async function recordInviteAccepted(p: { invite: InviteRecord; openid: string; name: string | null; at: string; audit: AuditEntry }): Promise<Written<'invite_taken' | 'already_staff' | 'store_closed' | 'conflict'>> {
  const tx = new Tx();
  tx.update('invite', keys.staffInvite(p.invite.code), {
    set: 'SET usedBy = :o, usedAt = :at',
    condition: 'attribute_exists(PK) AND attribute_not_exists(usedBy) AND expiresAt > :at',
    values: { ':o': p.openid, ':at': p.at },
  });
  tx.create('role', storeRoleItem(p.openid, p.invite.storeId, p.invite.storeRole, `invite:${p.invite.code}`, p.at, p.name));
  tx.check('store', keys.store(p.invite.storeId), 'attribute_exists(PK) AND (attribute_not_exists(storeOpen) OR storeOpen = :t)', { ':t': true });
  writeAudit(tx, p.audit);
  const out = await commit(
    tx,
    [
      ['invite', 'invite_taken'],
      ['role', 'already_staff'],
      ['store', 'store_closed'],
    ],
    'conflict',
  );
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

export interface AdminRecord {
  openid: string;
  grantedAt: string;
  grantedBy: string;
}

/** The admins (ADMINS on GSI1). */
export async function listAdmins(): Promise<AdminRecord[]> {
  const items = await queryAll({ IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :p', ExpressionAttributeValues: { ':p': indexKeys.adminsPk() } });
  return items.map((i) => ({ openid: String(i.openid), grantedAt: String(i.grantedAt ?? ''), grantedBy: String(i.grantedBy ?? '') }));
}

/** Makes a person an admin (no change when she is one already: 'already_admin'). */
export async function saveAdmin(p: { openid: string; by: string; at: string; audit: AuditEntry }): Promise<Written<'already_admin'>> {
  const tx = new Tx();
  tx.create('role', { ...keys.openidRole(p.openid, 'admin'), openid: p.openid, role: 'admin', ...indexKeys.adminRole(p.openid), grantedBy: p.by, grantedAt: p.at });
  writeAudit(tx, p.audit);
  const out = await commit(tx, [['role', 'already_admin']], 'already_admin');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

/**
 * Revokes an admin while `remaining` (another admin) still is one: two admins revoking each other at once
 * cannot both succeed (the transactions touch both items), so the last admin is never removed.
 */
export async function removeAdmin(p: { openid: string; remaining: string; audit: AuditEntry }): Promise<Written<'not_admin' | 'remaining_gone'>> {
  const tx = new Tx();
  tx.delete('role', keys.openidRole(p.openid, 'admin'), 'attribute_exists(PK)');
  tx.check('remaining', keys.openidRole(p.remaining, 'admin'), 'attribute_exists(PK)');
  writeAudit(tx, p.audit);
  const out = await commit(
    tx,
    [
      ['role', 'not_admin'],
      ['remaining', 'remaining_gone'],
    ],
    'remaining_gone',
  );
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}
