import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { PointsState } from '../../../shared/domain';
import { writePoints, writeTierState, type LedgerEntryInput } from './account-repo';
import { db } from './client';
import { keys, memberPk, skPrefix } from './keys';
import type { PointsRecord } from './member-repo';
import { Tx } from './tx';
import { commit, type Written } from './unit';

export interface FamilyInviteRecord {
  code: string;
  primaryId: string;
  expiresAt: string;
}

export async function getFamilyInvite(code: string): Promise<FamilyInviteRecord | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.familyInvite(code), ConsistentRead: true }));
  return res.Item ? { code, primaryId: res.Item.primaryId, expiresAt: res.Item.expiresAt } : null;
}

export function createFamilyInvite(tx: Tx, inv: FamilyInviteRecord, at: string) {
  tx.create('invite', { ...keys.familyInvite(inv.code), ...inv, createdAt: at, ttl: Math.floor(Date.parse(inv.expiresAt) / 1000) + 86_400 });
}

export function deleteFamilyInvite(tx: Tx, code: string, cond?: { primaryId: string; now: string }) {
  if (cond) tx.delete('invite', keys.familyInvite(code), 'primaryId = :p AND expiresAt > :now', { ':p': cond.primaryId, ':now': cond.now });
  else tx.delete('oldInvite', keys.familyInvite(code));
}

export interface FamilyLinkRecord {
  memberId: string;
  name: string | null;
  phoneMasked: string;
  since: string;
}

export function createFamilyLink(tx: Tx, primaryId: string, link: FamilyLinkRecord) {
  tx.create('link', { ...keys.familyLink(primaryId, link.memberId), ...link });
}

export function deleteFamilyLink(tx: Tx, primaryId: string, secondaryId: string) {
  tx.delete('link', keys.familyLink(primaryId, secondaryId), 'attribute_exists(PK)');
}

export async function listFamilyLinks(primaryId: string): Promise<FamilyLinkRecord[]> {
  const { client, table } = db();
  const res = await client.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
      ExpressionAttributeValues: { ':pk': memberPk(primaryId), ':p': skPrefix.familyLink },
      ConsistentRead: true,
    }),
  );
  return (res.Items ?? []).map((i) => ({ memberId: i.memberId, name: i.name ?? null, phoneMasked: i.phoneMasked, since: i.since }));
}

// ---- units of work -------------------------------------------------------------------------------

/** A primary's new invitation (the previous one withdrawn), kept on her profile (condition: the revision read). */
export async function recordFamilyInvite(p: { memberId: string; qrev: number; invite: FamilyInviteRecord; previousCode: string | null; at: string }): Promise<Written<'revision_moved'>> {
  const tx = new Tx();
  createFamilyInvite(tx, p.invite, p.at);
  if (p.previousCode) deleteFamilyInvite(tx, p.previousCode);
  writeTierState(tx, p.memberId, p.qrev, { extra: { familyInvite: { code: p.invite.code, expiresAt: p.invite.expiresAt } } });
  const out = await commit(tx, [], 'revision_moved');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

interface FamilySide {
  memberId: string;
  qrev: number;
}

/**
 * A member joins a family: the invitation spent (still the primary's and unexpired), both profiles
 * (conditions: the revisions read), the link, and the points moved as two transfer movements.
 * 'invite_gone': the invitation was used or withdrawn meanwhile.
 */
export async function recordFamilyJoin(p: {
  code: string;
  at: string;
  secondary: FamilySide;
  primary: FamilySide & { familyCount: number };
  link: FamilyLinkRecord;
  transfer: { from: { before: PointsRecord; next: PointsState; entries: LedgerEntryInput[] }; to: { before: PointsRecord; next: PointsState; entries: LedgerEntryInput[] } } | null;
}): Promise<Written<'invite_gone' | 'revision_moved'>> {
  const tx = new Tx();
  deleteFamilyInvite(tx, p.code, { primaryId: p.primary.memberId, now: p.at });
  writeTierState(tx, p.secondary.memberId, p.secondary.qrev, { extra: { familyRole: 'secondary', familyPrimaryId: p.primary.memberId, familySince: p.at } }, 'me');
  writeTierState(tx, p.primary.memberId, p.primary.qrev, { extra: { familyRole: 'primary', familyCount: p.primary.familyCount + 1 }, remove: ['familyInvite'] }, 'primary');
  createFamilyLink(tx, p.primary.memberId, p.link);
  if (p.transfer) {
    writePoints(tx, { ...p.transfer.from, at: p.at, label: 'mine' });
    writePoints(tx, { ...p.transfer.to, at: p.at, label: 'theirs' });
  }
  const out = await commit(tx, [['invite', 'invite_gone']], 'revision_moved');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

/** A secondary leaves (or is removed): both profiles (conditions: the revisions read) and the link. */
export async function recordFamilyLeave(p: { secondary: FamilySide; primary: FamilySide & { familyCount: number } }): Promise<Written<'revision_moved'>> {
  const tx = new Tx();
  writeTierState(tx, p.secondary.memberId, p.secondary.qrev, { extra: { familyRole: 'none' }, remove: ['familyPrimaryId', 'familySince'] }, 'secondary');
  const left = Math.max(0, p.primary.familyCount - 1);
  writeTierState(tx, p.primary.memberId, p.primary.qrev, { extra: { familyCount: left, familyRole: left === 0 ? 'none' : 'primary' } }, 'primary');
  deleteFamilyLink(tx, p.primary.memberId, p.secondary.memberId);
  const out = await commit(tx, [], 'revision_moved');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}
