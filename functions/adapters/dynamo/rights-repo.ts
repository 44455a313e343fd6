/**
 * Members' data rights: the agreements' versions, a member's data copies, her deletion request and the
 * erasure itself. Every read is named; every write is a unit of work whose failure comes back named.
 */
import { DeleteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DeletionRecord, DeletionSource, DeletionState } from '../../../shared/domain/rights';
import type { PolicyKind, PolicyVersionRecord } from '../../../shared/domain/policies';
import { writeAudit, writePoints, guardSource, type AuditEntry, type Movement } from './account-repo';
import { db } from './client';
import { listStores } from './brand-repo';
import { toOrder, type OrderRecord } from './checkout-repo';
import { indexKeys, keys, memberPk, partitions, skPrefix } from './keys';
import { batchGetAll, queryAll } from './read';
import { Tx } from './tx';
import { commit, type Written } from './unit';

// ---- agreements ---------------------------------------------------------------------------------

/** Every saved version of an agreement (a few a year: one small partition). */
export async function listPolicyVersions(kind: PolicyKind): Promise<PolicyVersionRecord[]> {
  const items = await queryAll({ KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': partitions.policy(kind) }, ConsistentRead: true });
  return items.map((i) => ({
    kind,
    version: i.version as number,
    title: i.title as string,
    intro: (i.intro as string | undefined) ?? '',
    sections: i.sections as PolicyVersionRecord['sections'],
    effectiveFrom: i.effectiveFrom as string,
    savedAt: (i.savedAt as string | undefined) ?? null,
    savedBy: (i.savedBy as string | undefined) ?? null,
  }));
}

/** A new version, written once (a concurrent save of the same number fails as 'version_taken'), audited. */
export async function insertPolicyVersion(v: PolicyVersionRecord, audit: AuditEntry): Promise<Written<'version_taken'>> {
  const tx = new Tx();
  tx.create('version', { ...keys.policyVersion(v.kind, v.version), ...v });
  writeAudit(tx, audit);
  const out = await commit(tx, [['version', 'version_taken']], 'version_taken');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

/** The agreement versions a member consented to at registration, on her profile, audited. */
export async function recordPolicyConsent(memberId: string, consent: { terms: number; privacy: number; at: string }, audit: AuditEntry): Promise<Written<'no_member'>> {
  const tx = new Tx();
  tx.update('profile', keys.profile(memberId), { set: 'SET policyConsent = :c', condition: 'attribute_exists(PK)', values: { ':c': consent } });
  writeAudit(tx, audit);
  const out = await commit(tx, [['profile', 'no_member']], 'no_member');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

/** Profile attributes the member record does not carry: the agreements consented to, a card number, questionnaire facts. */
export async function getProfileExtras(memberId: string): Promise<{ policyConsent: { terms: number; privacy: number; at: string } | null; cardNo: string | null; registrationStoreId: string | null; surveyFacts: Record<string, string> }> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.profile(memberId), ProjectionExpression: 'policyConsent, cardNo, registrationStoreId, surveyFacts' }));
  return {
    surveyFacts: (res.Item?.surveyFacts as Record<string, string> | undefined) ?? {},
    policyConsent: (res.Item?.policyConsent as { terms: number; privacy: number; at: string } | undefined) ?? null,
    cardNo: (res.Item?.cardNo as string | undefined) ?? null,
    registrationStoreId: (res.Item?.registrationStoreId as string | undefined) ?? null,
  };
}

// ---- data copies --------------------------------------------------------------------------------

export interface DataExportRecord {
  memberId: string;
  day: string;
  state: 'pending' | 'ready' | 'failed';
  requestedAt: string;
  readyAt: string | null;
  fileKey: string | null;
}

const toExport = (i: Record<string, unknown>): DataExportRecord => ({
  memberId: i.memberId as string,
  day: i.day as string,
  state: i.state as DataExportRecord['state'],
  requestedAt: i.requestedAt as string,
  readyAt: (i.readyAt as string | undefined) ?? null,
  fileKey: (i.fileKey as string | undefined) ?? null,
});

/** Her newest data copy (one a day: DATAEXPORT#<day>). */
export async function latestDataExport(memberId: string): Promise<DataExportRecord | null> {
  const { client, table } = db();
  const res = await client.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
      ExpressionAttributeValues: { ':pk': memberPk(memberId), ':p': skPrefix.dataExport },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    }),
  );
  const i = res.Items?.[0];
  return i ? toExport(i) : null;
}

/** Today's request, once (a second request the same day fails as 'already_requested'), audited. */
export async function createDataExport(r: DataExportRecord, audit: AuditEntry): Promise<Written<'already_requested'>> {
  const tx = new Tx();
  tx.create('export', { ...keys.dataExport(r.memberId, r.day), ...r });
  writeAudit(tx, audit);
  const out = await commit(tx, [['export', 'already_requested']], 'already_requested');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

/** The worker's outcome: the file is written (ready) or it could not be (failed). */
export async function finishDataExport(memberId: string, day: string, outcome: { state: 'ready' | 'failed'; fileKey: string | null; at: string }): Promise<void> {
  const { client, table } = db();
  await client.send(
    new UpdateCommand({
      TableName: table,
      Key: keys.dataExport(memberId, day),
      UpdateExpression: 'SET #s = :s, fileKey = :f, readyAt = :at',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: { '#s': 'state' },
      ExpressionAttributeValues: { ':s': outcome.state, ':f': outcome.fileKey, ':at': outcome.at },
    }),
  );
}

/** A member's orders at every store (each store's SORDERS#<store>#<member> index partition), newest first. */
export async function memberOrders(memberId: string): Promise<{ orders: OrderRecord[]; storeNames: Map<string, string> }> {
  const stores = await listStores();
  const pages = await Promise.all(
    stores.map((s) => queryAll({ IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': indexKeys.storeMemberOrdersPk(s.storeId, memberId) }, ScanIndexForward: false })),
  );
  const orders = pages.flat().map(toOrder).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return { orders, storeNames: new Map(stores.map((s) => [s.storeId, s.name])) };
}

// ---- deletion requests --------------------------------------------------------------------------

const toDeletion = (i: Record<string, unknown>): DeletionRecord => ({
  memberId: i.memberId as string,
  state: i.state as DeletionState,
  source: i.source as DeletionSource,
  requestedAt: i.requestedAt as string,
  dueAt: i.dueAt as string,
});

export async function getDeletion(memberId: string): Promise<DeletionRecord | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.deletion(memberId), ConsistentRead: true }));
  return res.Item ? toDeletion(res.Item) : null;
}

/**
 * A deletion request becomes pending with its due day (indexed for the job and the desk). Written only
 * over what was read (`prev`: none, or the state read), so a concurrent cancel or erasure wins cleanly.
 */
export async function savePendingDeletion(r: DeletionRecord, prev: DeletionRecord | null, audit: AuditEntry): Promise<Written<'state_changed'>> {
  const tx = new Tx();
  tx.put(
    'deletion',
    { ...keys.deletion(r.memberId), ...r, ...indexKeys.deletionDue(r.dueAt, r.memberId) },
    prev ? { expr: '#s = :prev AND dueAt = :due', values: { ':prev': prev.state, ':due': prev.dueAt }, names: { '#s': 'state' } } : { expr: 'attribute_not_exists(PK)' },
  );
  writeAudit(tx, audit);
  const out = await commit(tx, [['deletion', 'state_changed']], 'state_changed');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

/** Withdraws a pending request (only while pending: erasure that has started goes on), audited. */
export async function cancelPendingDeletion(memberId: string, at: string, audit: AuditEntry): Promise<Written<'not_pending'>> {
  const tx = new Tx();
  tx.update('deletion', keys.deletion(memberId), {
    set: 'SET #s = :c, cancelledAt = :at REMOVE GSI1PK, GSI1SK',
    condition: '#s = :p',
    names: { '#s': 'state' },
    values: { ':c': 'cancelled', ':p': 'pending', ':at': at },
  });
  writeAudit(tx, audit);
  const out = await commit(tx, [['deletion', 'not_pending']], 'not_pending');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

/** Requests due by `now` (pending, or erasing after a failed run), soonest first: the erasure job's read. */
export async function deletionsDueBy(now: string): Promise<DeletionRecord[]> {
  const items = await queryAll({
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK <= :to',
    ExpressionAttributeValues: { ':pk': indexKeys.deletionsPk(), ':to': `${now}#~` },
  });
  return items.map(toDeletion);
}

/** Every request still pending or erasing, soonest due first (the desk's list). */
export async function listPendingDeletions(): Promise<DeletionRecord[]> {
  const items = await queryAll({ IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': indexKeys.deletionsPk() } });
  return items.map(toDeletion);
}

/** The phones of some members (the desk's list masks them). */
export async function memberPhones(memberIds: string[]): Promise<Map<string, string>> {
  if (memberIds.length === 0) return new Map();
  const items = await batchGetAll(memberIds.map((m) => keys.profile(m)), { projection: 'memberId, phone' });
  return new Map(items.map((i) => [i.memberId as string, (i.phone as string | undefined) ?? '']));
}

/** pending → erasing once due: from here on she cannot cancel. 'not_due' when cancelled or moved meanwhile. */
export async function startErasure(memberId: string, now: string): Promise<Written<'not_due'>> {
  const tx = new Tx();
  tx.update('deletion', keys.deletion(memberId), {
    set: 'SET #s = :e, erasingSince = :now',
    condition: '(#s = :p AND dueAt <= :now) OR #s = :e',
    names: { '#s': 'state' },
    values: { ':e': 'erasing', ':p': 'pending', ':now': now },
  });
  const out = await commit(tx, [['deletion', 'not_due']], 'not_due');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

// ---- erasure ------------------------------------------------------------------------------------

/** Voids one of her coupons that is still usable (an already used, expired or voided one is left as it is). */
export async function voidCouponForErasure(memberId: string, couponId: string, at: string): Promise<void> {
  const { client, table } = db();
  try {
    await client.send(
      new UpdateCommand({
        TableName: table,
        Key: keys.memberCoupon(memberId, couponId),
        UpdateExpression: 'SET #s = :voided, voidedAt = :at, voidReason = :why REMOVE GSI1PK, GSI1SK',
        ConditionExpression: '#s = :available',
        ExpressionAttributeNames: { '#s': 'state' },
        ExpressionAttributeValues: { ':voided': 'voided', ':available': 'available', ':at': at, ':why': '会员注销账号' },
      }),
    );
  } catch (e) {
    if ((e as { name?: string }).name !== 'ConditionalCheckFailedException') throw e;
  }
}

/**
 * Removes what only serves contact and marketing: her care acceptances and preferences, the last-purchase
 * marker (win-back care), and the callback phone on her complaints (the complaint and its desk/store
 * copies keep the text and the history the brand answers for). Idempotent.
 */
export async function removeContactData(memberId: string, complaintIds: string[]): Promise<void> {
  const { client, table } = db();
  const consents = await queryAll({ KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)', ExpressionAttributeValues: { ':pk': memberPk(memberId), ':p': skPrefix.consent }, ProjectionExpression: 'PK, SK' });
  const keysToDelete = [...consents.map((i) => ({ PK: i.PK, SK: i.SK })), keys.carePrefs(memberId), keys.lastBuy(memberId)];
  for (const Key of keysToDelete) await client.send(new DeleteCommand({ TableName: table, Key }));
  for (const id of complaintIds) {
    for (const Key of [keys.complaint(id), keys.complaintDesk(id), keys.complaintStore(id)]) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: table,
            Key,
            UpdateExpression: 'SET contact = :c',
            ConditionExpression: 'attribute_exists(PK) AND attribute_exists(contact)',
            ExpressionAttributeValues: { ':c': { method: 'none', phone: null } },
          }),
        );
      } catch (e) {
        if ((e as { name?: string }).name !== 'ConditionalCheckFailedException') throw e;
      }
    }
  }
}

/**
 * The erasure's one unit of work: her points forfeited through the ledger (a movement, so the ledger
 * still sums to the balance), her profile stripped of personal data and taken out of the member index
 * (segments, tier evaluation, campaigns), her phone and WeChat lookups removed (the phone may register
 * again as a new member), the request done, the audit. Once per member (guard `erasure#<member>`).
 */
export async function recordErasure(p: {
  memberId: string;
  phone: string;
  openid: string | null;
  movement: Movement | null;
  at: string;
  audit: AuditEntry;
}): Promise<Written<'already_applied' | 'revision_moved'>> {
  const tx = new Tx();
  guardSource(tx, p.memberId, `erasure#${p.memberId}`, p.at);
  if (p.movement) writePoints(tx, { ...p.movement, at: p.at });
  tx.update('profile', keys.profile(p.memberId), {
    set:
      'SET phone = :none, erasedAt = :at, updatedAt = :at ' +
      'REMOVE openid, #n, gender, birthday, memberTags, surveyFacts, familyInvite, policyConsent, cardNo, GSI1PK, GSI1SK, GSI2PK, GSI2SK',
    condition: 'attribute_exists(PK)',
    names: { '#n': 'name' },
    values: { ':none': '', ':at': p.at },
  });
  if (p.phone) tx.delete('phone', keys.phone(p.phone), 'attribute_not_exists(PK) OR memberId = :m', { ':m': p.memberId });
  if (p.openid) tx.delete('openid', keys.openidMember(p.openid), 'attribute_not_exists(PK) OR memberId = :m', { ':m': p.memberId });
  tx.update('deletion', keys.deletion(p.memberId), {
    set: 'SET #s = :done, erasedAt = :at REMOVE GSI1PK, GSI1SK',
    condition: '#s = :erasing',
    names: { '#s': 'state' },
    values: { ':done': 'done', ':erasing': 'erasing', ':at': p.at },
  });
  writeAudit(tx, p.audit);
  const out = await commit(tx, [['guard', 'already_applied'], ['deletion', 'already_applied']], 'revision_moved');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}
