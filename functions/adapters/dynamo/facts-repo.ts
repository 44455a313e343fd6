/**
 * Member facts: the last-purchase marker (LASTBUY, GSI1 by local day), tag rules, the tag
 * catalogue, RFM settings, and the member index read that segments use. The facts themselves
 * live on the PROFILE item (factMonths, firstPurchaseAt, lastPurchaseAt, lastStoreId, memberTags)
 * and are written inside the checkout / return / scan transactions.
 */
import { DeleteCommand, GetCommand, paginateQuery, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { FactMonths, MemberFacts, RfmConfig, TagRule } from '../../../shared/domain/rfm';
import { db } from './client';
import { writeAudit, type AuditEntry } from './account-repo';
import { indexKeys, keys, memberPk, MEMBER_SHARDS, partitions } from './keys';
import { batchGetAll, queryAll } from './read';
import { Tx } from './tx';
import { commit, type Written } from './unit';

/** Moves the member's last-purchase marker to the local day of her last purchase (one item, put over the old one). */
export function putLastBuy(tx: Tx, memberId: string, day: string, at: string) {
  tx.put('lastbuy', { ...keys.lastBuy(memberId), memberId, day, at, ...indexKeys.lastBuy(day, memberId) });
}

/**
 * Members whose last purchase was on a local day (YYYY-MM-DD, Asia/Shanghai): one GSI1 query of
 * LASTBUY#<day>, so win-back reads only the members who turned dormant that day.
 */
export async function membersLastPurchasedOn(day: string): Promise<{ memberIds: string[]; itemsRead: number }> {
  const items = await queryAll({ IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': indexKeys.lastBuyPk(day) } });
  return { memberIds: items.map((i) => i.memberId as string), itemsRead: items.length };
}

// ---- tag rules, catalogue, settings -------------------------------------------------------------

export interface StoredTagRule {
  id: string;
  kind: TagRule['kind'];
  tag: string;
  text?: string;
  fen?: number;
  orders?: number;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

const stripKeys = <T>(i: Record<string, unknown>): T => {
  const { PK: _pk, SK: _sk, GSI1PK: _g1, GSI1SK: _g2, ...rest } = i;
  return rest as T;
};

export async function listTagRules(): Promise<StoredTagRule[]> {
  const items = await queryAll({ KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': partitions.tagRules() } });
  return items.map((i) => stripKeys<StoredTagRule>(i)).sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
}

export async function getTagRule(id: string): Promise<StoredTagRule | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.tagRule(id), ConsistentRead: true }));
  return res.Item ? stripKeys<StoredTagRule>(res.Item) : null;
}

export function putTagRule(tx: Tx, r: StoredTagRule, create: boolean) {
  const item = { ...keys.tagRule(r.id), ...r };
  if (create) tx.create('rule', item);
  else tx.put('rule', item, { expr: 'attribute_exists(PK)' });
}

export async function deleteTagRule(id: string): Promise<boolean> {
  const { client, table } = db();
  const res = await client.send(new DeleteCommand({ TableName: table, Key: keys.tagRule(id), ReturnValues: 'ALL_OLD' }));
  return !!res.Attributes;
}

export interface CatalogueEntry {
  tag: string;
  createdAt: string;
  createdBy: string;
}

export async function listTagCatalogue(): Promise<CatalogueEntry[]> {
  const items = await queryAll({ KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': partitions.tags() } });
  return items.map((i) => ({ tag: i.tag as string, createdAt: i.createdAt as string, createdBy: i.createdBy as string }));
}

/** Adds tags to the catalogue, keeping the first creation (outside transactions: a catalogue entry is only a listing). */
export async function addToCatalogue(tags: string[], by: string, at: string): Promise<void> {
  const { client, table } = db();
  await Promise.all(
    tags.map((tag) =>
      client
        .send(new PutCommand({ TableName: table, Item: { ...keys.tagCatalogue(tag), tag, createdAt: at, createdBy: by }, ConditionExpression: 'attribute_not_exists(PK)' }))
        .catch((e: { name?: string }) => {
          if (e?.name !== 'ConditionalCheckFailedException') throw e;
        }),
    ),
  );
}

export async function getRfmSettings(): Promise<RfmConfig | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.rfmSettings() }));
  return (res.Item?.config as RfmConfig | undefined) ?? null;
}

export function putRfmSettings(tx: Tx, config: RfmConfig, at: string, by: string) {
  tx.put('settings', { ...keys.rfmSettings(), config, updatedAt: at, updatedBy: by });
}

/** A tag rule created ('id_taken' if its id exists) or replaced ('rule_missing' if it is gone), with its audit. */
export async function saveTagRule(r: StoredTagRule, create: boolean, audit: AuditEntry): Promise<Written<'id_taken' | 'rule_missing'>> {
  const tx = new Tx();
  putTagRule(tx, r, create);
  writeAudit(tx, audit);
  const out = await commit(tx, [], create ? 'id_taken' : 'rule_missing');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

/** The RFM settings with their audit (last writer wins, as before). */
export async function saveRfmSettings(config: RfmConfig, audit: AuditEntry): Promise<Written<'conflict'>> {
  const tx = new Tx();
  putRfmSettings(tx, config, audit.at, audit.actor);
  writeAudit(tx, audit);
  const out = await commit(tx, [], 'conflict');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

// ---- the member index ------------------------------------------------------------------------

/** A profile as segments see it (plus what an export prints). */
export interface ProfileFacts extends MemberFacts {
  phone: string;
  name: string | null;
  familyRole: string;
  familyPrimaryId: string | null;
}

/** The profile attributes a segment reads (analytics-repo reads the same but the phone and the name). */
export const PROFILE_ATTRS = [
  'memberId',
  'phone',
  '#name',
  'tierCode',
  'memberTags',
  'birthday',
  'createdAt',
  'registrationStoreId',
  'lastStoreId',
  'firstPurchaseAt',
  'lastPurchaseAt',
  'factMonths',
  'familyRole',
  'familyPrimaryId',
  'surveyFacts',
];

export function toProfileFacts(i: Record<string, unknown>): ProfileFacts {
  return {
    memberId: i.memberId as string,
    phone: i.phone as string,
    name: (i.name as string | undefined) ?? null,
    tierCode: i.tierCode as string,
    tags: (i.memberTags as string[] | undefined) ?? [],
    birthday: (i.birthday as string | undefined) ?? null,
    registeredAt: i.createdAt as string,
    registrationStoreId: (i.registrationStoreId as string | undefined) ?? null,
    lastStoreId: (i.lastStoreId as string | undefined) ?? null,
    firstPurchaseAt: (i.firstPurchaseAt as string | undefined) ?? null,
    lastPurchaseAt: (i.lastPurchaseAt as string | undefined) ?? null,
    months: (i.factMonths as FactMonths | undefined) ?? {},
    familyRole: (i.familyRole as string | undefined) ?? 'none',
    familyPrimaryId: (i.familyPrimaryId as string | undefined) ?? null,
    ...(i.surveyFacts ? { surveyFacts: i.surveyFacts as Record<string, string> } : {}),
  };
}

/**
 * Every profile through the member index (GSI2 MEMBERS#<shard>), the 16 shards queried in parallel,
 * each page handed to `onPage` as it arrives. Returns the number of items read.
 */
export async function scanMemberIndex(onPage: (profiles: ProfileFacts[]) => Promise<void> | void): Promise<number> {
  const { client, table } = db();
  let read = 0;
  await Promise.all(
    Array.from({ length: MEMBER_SHARDS }, async (_, shard) => {
      const pages = paginateQuery(
        { client },
        {
          TableName: table,
          IndexName: 'GSI2',
          KeyConditionExpression: 'GSI2PK = :pk',
          ExpressionAttributeValues: { ':pk': indexKeys.membersPk(shard) },
          ProjectionExpression: PROFILE_ATTRS.join(', '),
          ExpressionAttributeNames: { '#name': 'name' },
        },
      );
      for await (const page of pages) {
        read += page.Items?.length ?? 0;
        await onPage((page.Items ?? []).map(toProfileFacts));
      }
    }),
  );
  return read;
}

/** Points balances of accounts (the POINTS items), 100 keys per request. */
export async function pointsBalances(accountIds: string[]): Promise<{ balances: Map<string, number>; itemsRead: number }> {
  const items = await batchGetAll([...new Set(accountIds)].map((id) => keys.points(id)), { projection: 'PK, balance', parallel: 8 });
  const balances = new Map(items.map((it) => [String(it.PK).slice(memberPk('').length), (it.balance as number | undefined) ?? 0]));
  return { balances, itemsRead: items.length };
}
