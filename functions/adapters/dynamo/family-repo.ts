import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db } from './client';
import { keys, memberPk } from './keys';
import type { Tx } from './tx';

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
      ExpressionAttributeValues: { ':pk': memberPk(primaryId), ':p': 'FAMILY#' },
      ConsistentRead: true,
    }),
  );
  return (res.Items ?? []).map((i) => ({ memberId: i.memberId, name: i.name ?? null, phoneMasked: i.phoneMasked, since: i.since }));
}
