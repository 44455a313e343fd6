/**
 * 换绑 requests (issue 16, service desk): reads and the units of work that create, confirm and refuse
 * them. Confirming is one transaction: the request (still pending, not expired), the member's pending
 * pointer, the old openid's binding (still this member's) ended, the new openid's binding created
 * (`attribute_not_exists`: a race cannot bind twice), the profile's openid (still the old one), a notice
 * to the old account and the audit.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import type { RebindStoredState } from '../../../shared/domain/rebind';
import { writeAudit, type AuditEntry } from './account-repo';
import { db } from './client';
import { indexKeys, keys, skPrefix } from './keys';
import { Tx } from './tx';
import { commit, type Written } from './unit';

export interface RebindRecord {
  requestId: string;
  memberId: string;
  phone: string;
  newOpenid: string;
  oldOpenid: string;
  state: RebindStoredState;
  createdAt: string;
  expiresAt: string;
  decidedAt: string | null;
  decidedBy: 'desk' | 'member' | null;
}

const toRebind = (i: Record<string, unknown>): RebindRecord => ({
  requestId: i.requestId as string,
  memberId: i.memberId as string,
  phone: i.phone as string,
  newOpenid: i.newOpenid as string,
  oldOpenid: i.oldOpenid as string,
  state: i.state as RebindStoredState,
  createdAt: i.createdAt as string,
  expiresAt: i.expiresAt as string,
  decidedAt: (i.decidedAt as string | undefined) ?? null,
  decidedBy: (i.decidedBy as RebindRecord['decidedBy'] | undefined) ?? null,
});

async function getItem(key: Record<string, string>) {
  const { client, table } = db();
  return (await client.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item ?? null;
}

export async function getRebind(requestId: string): Promise<RebindRecord | null> {
  const i = await getItem(keys.rebind(requestId));
  return i ? toRebind(i) : null;
}

/** The member's pending request pointer (one at a time), if any. */
export async function getMemberRebind(memberId: string): Promise<{ requestId: string; newOpenid: string; expiresAt: string } | null> {
  const i = await getItem(keys.memberRebind(memberId));
  return i ? { requestId: i.requestId as string, newOpenid: i.newOpenid as string, expiresAt: i.expiresAt as string } : null;
}

/** The latest request made from this (new) WeChat account. */
export async function getOpenidRebind(openid: string): Promise<RebindRecord | null> {
  const i = await getItem(keys.openidRebind(openid));
  return i ? getRebind(i.requestId as string) : null;
}

/** The desk's list of one stored state, newest first. */
export async function listRebinds(state: RebindStoredState, limit = 100): Promise<RebindRecord[]> {
  const { client, table } = db();
  const res = await client.send(
    new QueryCommand({
      TableName: table,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': indexKeys.rebindsPk(state) },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (res.Items ?? []).map(toRebind);
}

export interface NoticeRecord {
  id: string;
  kind: 'rebind_moved' | 'merged';
  text: string;
  at: string;
}

export async function listNotices(openid: string, limit = 20): Promise<NoticeRecord[]> {
  const { client, table } = db();
  const res = await client.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
      ExpressionAttributeValues: { ':pk': keys.openidRebind(openid).PK, ':p': skPrefix.notice },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (res.Items ?? []).map((i) => ({ id: i.noticeId as string, kind: i.kind as NoticeRecord['kind'], text: i.text as string, at: i.at as string }));
}

/** A notice to a WeChat account, written inside another unit of work. */
export function putNotice(tx: Tx, openid: string, n: Omit<NoticeRecord, 'id'>, label = 'notice') {
  const id = randomUUID().replace(/-/g, '').slice(0, 12);
  tx.put(label, { ...keys.openidNotice(openid, n.at, id), noticeId: id, ...n, ttl: Math.floor(Date.parse(n.at) / 1000) + 180 * 86_400 });
}

const ttlOf = (iso: string) => Math.floor(Date.parse(iso) / 1000) + 30 * 86_400;

/**
 * A new request: the request, the member's pending pointer (absent or expired, else 'pending_exists'),
 * the new account's pointer.
 */
export async function recordRebindRequest(r: RebindRecord, now: string): Promise<Written<'pending_exists' | 'conflict'>> {
  const tx = new Tx();
  tx.create('request', { ...keys.rebind(r.requestId), ...r, ...indexKeys.rebind('pending', r.createdAt, r.requestId) });
  tx.put(
    'pointer',
    { ...keys.memberRebind(r.memberId), requestId: r.requestId, newOpenid: r.newOpenid, expiresAt: r.expiresAt, ttl: ttlOf(r.expiresAt) },
    { expr: 'attribute_not_exists(PK) OR expiresAt <= :now', values: { ':now': now } },
  );
  tx.put('mine', { ...keys.openidRebind(r.newOpenid), requestId: r.requestId, ttl: ttlOf(r.expiresAt) });
  const out = await commit(tx, [['pointer', 'pending_exists']], 'conflict');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

/** The request closes (still pending and unexpired, else 'closed'); the member's pointer goes with it. */
function closeRequest(tx: Tx, r: RebindRecord, state: 'confirmed' | 'refused', by: 'desk' | 'member', at: string) {
  tx.update('request', keys.rebind(r.requestId), {
    set: 'SET #s = :s, decidedAt = :at, decidedBy = :by, GSI1PK = :g1pk, GSI1SK = :g1sk',
    condition: '#s = :pending AND expiresAt > :at',
    names: { '#s': 'state' },
    values: { ':s': state, ':at': at, ':by': by, ':pending': 'pending', ...prefixed(indexKeys.rebind(state, r.createdAt, r.requestId)) },
  });
  tx.delete('pointer', keys.memberRebind(r.memberId), 'requestId = :id', { ':id': r.requestId });
}

const prefixed = (k: { GSI1PK: string; GSI1SK: string }) => ({ ':g1pk': k.GSI1PK, ':g1sk': k.GSI1SK });

/**
 * Confirmation (by the desk or the old account): the move of the binding, in one transaction.
 * 'closed': decided or expired meanwhile; 'moved': the member's binding is no longer the old openid;
 * 'new_taken': the new openid got a member meanwhile.
 */
export async function recordRebindConfirm(p: { request: RebindRecord; by: 'desk' | 'member'; at: string; audit: AuditEntry; notice: string }): Promise<Written<'closed' | 'moved' | 'new_taken' | 'conflict'>> {
  const r = p.request;
  const tx = new Tx();
  closeRequest(tx, r, 'confirmed', p.by, p.at);
  tx.delete('oldOpenid', keys.openidMember(r.oldOpenid), 'memberId = :m', { ':m': r.memberId });
  tx.create('newOpenid', { ...keys.openidMember(r.newOpenid), memberId: r.memberId, boundAt: p.at, via: `rebind#${r.requestId}` });
  tx.update('profile', keys.profile(r.memberId), {
    set: 'SET openid = :new, updatedAt = :at',
    condition: 'openid = :old AND attribute_not_exists(mergedInto)',
    values: { ':new': r.newOpenid, ':old': r.oldOpenid, ':at': p.at },
  });
  putNotice(tx, r.oldOpenid, { kind: 'rebind_moved', text: p.notice, at: p.at });
  writeAudit(tx, p.audit);
  const out = await commit(
    tx,
    [
      ['request', 'closed'],
      ['pointer', 'closed'],
      ['newOpenid', 'new_taken'],
      ['oldOpenid', 'moved'],
      ['profile', 'moved'],
    ],
    'conflict',
  );
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

export async function recordRebindRefuse(p: { request: RebindRecord; by: 'desk' | 'member'; at: string; audit: AuditEntry }): Promise<Written<'closed' | 'conflict'>> {
  const tx = new Tx();
  closeRequest(tx, p.request, 'refused', p.by, p.at);
  writeAudit(tx, p.audit);
  const out = await commit(tx, [['request', 'closed'], ['pointer', 'closed']], 'conflict');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}
