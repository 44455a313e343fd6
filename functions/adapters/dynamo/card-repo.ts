/**
 * Membership cards (issue 16): card batches, the card items (CARD#<number>, shared with the member
 * import), the PIN failure counters, and the units of work of the desk and of binding. One card, one
 * member: a bind is a conditional write on the card item (state 'unbound') together with the member's
 * profile (no active card, not frozen) in one transaction, with the points the card carried (ledger +
 * balance, guarded by the card's deterministic source id) and the tier it carried.
 */
import { BatchWriteCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TierChange, TierState } from '../../../shared/domain';
import type { CardState, Freeze } from '../../../shared/domain/cards';
import { guardSource, writeAudit, writePoints, writeTierHistory, writeTierState, type AuditEntry, type Movement } from './account-repo';
import { db } from './client';
import { pause } from './errors';
import { indexKeys, keys } from './keys';
import { queryAll } from './read';
import { Tx } from './tx';
import { commit, type Written } from './unit';

export interface CardRecord {
  cardNo: string;
  state: CardState;
  /** The batch that printed it; null for a card carried by the member import. */
  batchId: string | null;
  /** HMAC-SHA256 of the PIN (hex), keyed; null for imported cards. */
  pinHash: string | null;
  openingPoints: number;
  tierCode: string | null;
  memberId: string | null;
  boundAt: string | null;
  /** 'member', 'staff:<openid>', 'desk:<openid>', 'import'. */
  boundBy: string | null;
  /** Whether its opening values were given when it was bound (false for a replacement card). */
  carried: boolean | null;
  source: string;
  pinFailures: number;
  lockedUntil: string | null;
  lostAt: string | null;
}

export interface CardBatchRecord {
  batchId: string;
  name: string;
  count: number;
  firstSerial: number;
  firstCardNo: string;
  lastCardNo: string;
  openingPoints: number;
  tierCode: string | null;
  state: 'creating' | 'ready';
  bound: number;
  lost: number;
  exports: number;
  /** Where the print file is kept (an object key of the file store), or null when there is none. */
  fileKey: string | null;
  createdAt: string;
  createdBy: string;
}

export const toCard = (i: Record<string, unknown>): CardRecord => ({
  cardNo: i.cardNo as string,
  state: (i.state as CardState | undefined) ?? 'bound',
  batchId: (i.batchId as string | undefined) ?? null,
  pinHash: (i.pinHash as string | undefined) ?? null,
  openingPoints: (i.openingPoints as number | undefined) ?? 0,
  tierCode: (i.tierCode as string | undefined) ?? null,
  memberId: (i.memberId as string | undefined) ?? null,
  boundAt: (i.boundAt as string | undefined) ?? null,
  boundBy: (i.boundBy as string | undefined) ?? null,
  carried: (i.carried as boolean | undefined) ?? null,
  source: (i.source as string | undefined) ?? 'batch',
  pinFailures: (i.pinFailures as number | undefined) ?? 0,
  lockedUntil: (i.lockedUntil as string | undefined) ?? null,
  lostAt: (i.lostAt as string | undefined) ?? null,
});

const toBatch = (i: Record<string, unknown>): CardBatchRecord => ({
  batchId: i.batchId as string,
  name: i.name as string,
  count: i.count as number,
  firstSerial: i.firstSerial as number,
  firstCardNo: i.firstCardNo as string,
  lastCardNo: i.lastCardNo as string,
  openingPoints: (i.openingPoints as number | undefined) ?? 0,
  tierCode: (i.tierCode as string | undefined) ?? null,
  state: i.state as CardBatchRecord['state'],
  bound: (i.bound as number | undefined) ?? 0,
  lost: (i.lost as number | undefined) ?? 0,
  exports: (i.exports as number | undefined) ?? 0,
  fileKey: (i.fileKey as string | undefined) ?? null,
  createdAt: i.createdAt as string,
  createdBy: i.createdBy as string,
});

/** `n` consecutive fresh serials (an atomic counter; a failed creation leaves a gap). Returns the first. */
export async function allocateCardSerials(n: number): Promise<number> {
  const { client, table } = db();
  const res = await client.send(
    new UpdateCommand({
      TableName: table,
      Key: keys.cardSerialSeq(),
      UpdateExpression: 'SET #n = if_not_exists(#n, :zero) + :n',
      ExpressionAttributeNames: { '#n': 'next' },
      ExpressionAttributeValues: { ':zero': 0, ':n': n },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return (res.Attributes!.next as number) - n + 1;
}

/** The batch item (state 'creating') and its audit entry, before its cards are written. */
export async function insertCardBatch(b: CardBatchRecord, audit: AuditEntry): Promise<Written<'exists'>> {
  const tx = new Tx();
  tx.create('batch', { ...keys.cardBatch(b.batchId), ...b, ...indexKeys.cardBatch(b.createdAt, b.batchId) });
  writeAudit(tx, audit);
  const out = await commit(tx, [['batch', 'exists']], 'exists');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

/**
 * The card items of a batch: BatchWrite, 25 a request, a few in flight, unprocessed ones sent again.
 * Plain puts are safe: their numbers come from fresh serials nobody else holds.
 */
export async function putCards(cards: CardRecord[], parallel = 4): Promise<void> {
  const { client, table } = db();
  const chunks: CardRecord[][] = [];
  for (let i = 0; i < cards.length; i += 25) chunks.push(cards.slice(i, i + 25));
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const chunk = chunks[next++]!;
      let requests = chunk.map((c) => ({ PutRequest: { Item: { ...keys.card(c.cardNo), ...c } } }));
      for (let attempt = 0; requests.length; attempt++) {
        if (attempt > 12) throw new Error('card batch: DynamoDB kept requests unprocessed');
        if (attempt) await pause(attempt);
        const res = await client.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
        requests = (res.UnprocessedItems?.[table] ?? []) as typeof requests;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, chunks.length) }, worker));
}

export async function markCardBatchReady(batchId: string, fileKey: string | null): Promise<void> {
  const { client, table } = db();
  await client.send(
    new UpdateCommand({
      TableName: table,
      Key: keys.cardBatch(batchId),
      UpdateExpression: 'SET #s = :ready, fileKey = :f',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: { '#s': 'state' },
      ExpressionAttributeValues: { ':ready': 'ready', ':f': fileKey },
    }),
  );
}

export async function getCardBatch(batchId: string): Promise<CardBatchRecord | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.cardBatch(batchId), ConsistentRead: true }));
  return res.Item ? toBatch(res.Item) : null;
}

export async function listCardBatches(): Promise<CardBatchRecord[]> {
  const items = await queryAll({ IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': indexKeys.cardBatchesPk() }, ScanIndexForward: false }, 500);
  return items.map(toBatch);
}

/** One more export of the print file, audited (who fetched the PINs, when). */
export async function recordCardExport(batchId: string, audit: AuditEntry): Promise<void> {
  const tx = new Tx();
  tx.update('batch', keys.cardBatch(batchId), { set: 'SET exports = if_not_exists(exports, :zero) + :one', condition: 'attribute_exists(PK)', values: { ':zero': 0, ':one': 1 } });
  writeAudit(tx, audit);
  const out = await tx.send();
  if (!out.ok) throw new Error(`card export of ${batchId} not recorded`);
}

export async function getCard(cardNo: string): Promise<CardRecord | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.card(cardNo), ConsistentRead: true }));
  return res.Item ? toCard(res.Item) : null;
}

/** One more wrong PIN on the card (atomic); answers the count of wrong PINs in a row. */
export async function countWrongPin(cardNo: string, at: string): Promise<number> {
  const { client, table } = db();
  const res = await client.send(
    new UpdateCommand({
      TableName: table,
      Key: keys.card(cardNo),
      UpdateExpression: 'SET pinFailures = if_not_exists(pinFailures, :zero) + :one, lastWrongPinAt = :at',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':at': at },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return res.Attributes!.pinFailures as number;
}

/** Locks the card until `until` and starts a fresh count (only if the count still reached `max`: one lock per run). */
export async function lockCard(cardNo: string, until: string, max: number): Promise<void> {
  const { client, table } = db();
  try {
    await client.send(
      new UpdateCommand({
        TableName: table,
        Key: keys.card(cardNo),
        UpdateExpression: 'SET lockedUntil = :u, pinFailures = :zero',
        ConditionExpression: 'pinFailures >= :max',
        ExpressionAttributeValues: { ':u': until, ':zero': 0, ':max': max },
      }),
    );
  } catch (e) {
    if ((e as { name?: string }).name !== 'ConditionalCheckFailedException') throw e;
  }
}

/** The member's wrong cards and PINs of a day (a LIMIT item, kept 40 days). */
export async function memberCardFailures(memberId: string, day: string): Promise<number> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.limit(memberId, 'cardPin', day), ConsistentRead: true }));
  return (res.Item?.count as number | undefined) ?? 0;
}

export async function countMemberCardFailure(memberId: string, day: string, at: string): Promise<number> {
  const { client, table } = db();
  const res = await client.send(
    new UpdateCommand({
      TableName: table,
      Key: keys.limit(memberId, 'cardPin', day),
      UpdateExpression: 'SET #c = if_not_exists(#c, :zero) + :one, updatedAt = :at, #ttl = :ttl',
      ExpressionAttributeNames: { '#c': 'count', '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':at': at, ':ttl': Math.floor(Date.parse(at) / 1000) + 40 * 86_400 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return res.Attributes!.count as number;
}

/** A tier change written on the account holder, conditioned on the revision read. */
export interface TierWrite {
  holderId: string;
  qrev: number;
  state: TierState;
  change: TierChange;
}

export interface BindPlan {
  card: CardRecord;
  memberId: string;
  at: string;
  boundBy: string;
  carried: boolean;
  /** The points the card carried, to the account holder (ledger + balance), guarded by `sourceId`. */
  points: { holderId: string; sourceId: string; movement: Movement } | null;
  tier: TierWrite | null;
  audit: AuditEntry | null;
}

const NULL_OR_ABSENT = (attr: string) => `(attribute_not_exists(${attr}) OR attribute_type(${attr}, :nulltype))`;

/**
 * One card bound to one member, in one transaction: the card (only while 'unbound'), her profile
 * (no active card, not frozen), the carried points and tier, the batch's bound count, the audit entry.
 */
export async function recordBinding(p: BindPlan): Promise<Written<'card_taken' | 'member_changed' | 'already_carried' | 'revision_moved'>> {
  const tx = new Tx();
  tx.update('card', keys.card(p.card.cardNo), {
    set: 'SET #s = :bound, memberId = :m, boundAt = :at, boundBy = :by, carried = :carried REMOVE pinFailures, lockedUntil',
    condition: '#s = :unbound',
    names: { '#s': 'state' },
    values: { ':bound': 'bound', ':unbound': 'unbound', ':m': p.memberId, ':at': p.at, ':by': p.boundBy, ':carried': p.carried },
  });
  const sets = ['cardNo = :c', 'cardBoundAt = :at', 'updatedAt = :at'];
  const values: Record<string, unknown> = { ':c': p.card.cardNo, ':at': p.at, ':nulltype': 'NULL' };
  const removes: string[] = [];
  let condition = `attribute_exists(PK) AND ${NULL_OR_ABSENT('cardNo')} AND ${NULL_OR_ABSENT('frozen')}`;
  const ownTier = p.tier && p.tier.holderId === p.memberId ? p.tier : null;
  if (ownTier) {
    sets.push('tierCode = :tc', 'tierSince = :ts', 'qrev = :nrev');
    values[':tc'] = ownTier.state.tierCode;
    values[':ts'] = ownTier.state.since;
    values[':nrev'] = ownTier.qrev + 1;
    values[':rev'] = ownTier.qrev;
    if (ownTier.state.retainUntil) {
      sets.push('tierRetainUntil = :tr');
      values[':tr'] = ownTier.state.retainUntil;
    } else removes.push('tierRetainUntil');
    removes.push('manualTier');
    condition += ownTier.qrev === 0 ? ' AND (attribute_not_exists(qrev) OR qrev = :rev)' : ' AND qrev = :rev';
  }
  tx.update('profile', keys.profile(p.memberId), { set: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`, condition, values });
  if (p.tier && !ownTier) writeTierState(tx, p.tier.holderId, p.tier.qrev, { tier: p.tier.state }, 'holder');
  if (p.tier) writeTierHistory(tx, p.tier.holderId, p.at, p.tier.change, { source: 'card', note: `会员卡 ${p.card.cardNo.slice(-4)} 自带等级` });
  if (p.points) {
    writePoints(tx, { before: p.points.movement.before, next: p.points.movement.next, entries: p.points.movement.entries, at: p.at });
    guardSource(tx, p.points.holderId, p.points.sourceId, p.at);
  }
  if (p.card.batchId) tx.update('batch', keys.cardBatch(p.card.batchId), { set: 'SET bound = if_not_exists(bound, :zero) + :one', condition: 'attribute_exists(PK)', values: { ':zero': 0, ':one': 1 } });
  if (p.audit) writeAudit(tx, p.audit);
  const out = await commit(
    tx,
    [
      ['card', 'card_taken'],
      ['profile', 'member_changed'],
      ['guard', 'already_carried'],
      ['points', 'revision_moved'],
      ['holder', 'revision_moved'],
    ],
    'revision_moved',
  );
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

/**
 * The member's active card reported lost: the card (still hers and bound) becomes 'lost', her profile
 * loses it (kept in `lostCards`), the batch counts it, audited. A card the import carried with no card
 * item of its own gets one, in state 'lost'.
 */
export async function recordLostCard(p: { memberId: string; card: CardRecord | null; cardNo: string; at: string; reason: string; audit: AuditEntry }): Promise<Written<'card_changed' | 'member_changed'>> {
  const tx = new Tx();
  if (p.card) {
    tx.update('card', keys.card(p.cardNo), {
      set: 'SET #s = :lost, lostAt = :at, lostReason = :r',
      condition: '#s = :bound AND memberId = :m',
      names: { '#s': 'state' },
      values: { ':lost': 'lost', ':bound': 'bound', ':m': p.memberId, ':at': p.at, ':r': p.reason },
    });
  } else {
    tx.create('card', { ...keys.card(p.cardNo), cardNo: p.cardNo, state: 'lost', memberId: p.memberId, source: 'import', lostAt: p.at, lostReason: p.reason });
  }
  tx.update('profile', keys.profile(p.memberId), {
    set: 'SET lostCards = list_append(if_not_exists(lostCards, :empty), :l), updatedAt = :at REMOVE cardNo, cardBoundAt',
    condition: 'cardNo = :c',
    values: { ':c': p.cardNo, ':l': [p.cardNo], ':empty': [], ':at': p.at },
  });
  if (p.card?.batchId) tx.update('batch', keys.cardBatch(p.card.batchId), { set: 'SET lost = if_not_exists(lost, :zero) + :one', condition: 'attribute_exists(PK)', values: { ':zero': 0, ':one': 1 } });
  writeAudit(tx, p.audit);
  const out = await commit(tx, [['card', 'card_changed'], ['profile', 'member_changed']], 'member_changed');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

/** The member frozen (with who, when, why) or unfrozen, audited. */
export async function recordFreeze(p: { memberId: string; freeze: Freeze | null; at: string; audit: AuditEntry }): Promise<Written<'member_missing'>> {
  const tx = new Tx();
  tx.update('profile', keys.profile(p.memberId), {
    set: p.freeze ? 'SET frozen = :f, updatedAt = :at' : 'SET updatedAt = :at REMOVE frozen',
    condition: 'attribute_exists(PK)',
    values: p.freeze ? { ':f': p.freeze, ':at': p.at } : { ':at': p.at },
  });
  writeAudit(tx, p.audit);
  const out = await commit(tx, [['profile', 'member_missing']], 'member_missing');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}
