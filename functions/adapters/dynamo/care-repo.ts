import { randomUUID } from 'node:crypto';
/**
 * Care messages in the table: the brand's care settings, acceptances per member and template
 * (CONSENT#<templateId>, a count spent by a conditional write before each send), preferences,
 * one log item per member and occasion (the once-only claim) and the weekly cap counter. The care
 * jobs find their members through the named reads of jobs-repo (membersBornOn, tierEventsOn…).
 */
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { withDefaults, type CareKind, type CareOutcome, type CareSettings } from '../../../shared/domain';
import { db } from './client';
import { isConditionFailed, isTransientDatabaseError } from './errors';
import { writeAudit, type AuditEntry } from './account-repo';
import { indexKeys, keys, memberPk, skPrefix } from './keys';
import { queryAll } from './read';
import { Tx } from './tx';
import { commit, type Written } from './unit';


// --- settings ---------------------------------------------------------------------------------

export interface StoredCareSettings {
  settings: CareSettings;
  rev: number;
  updatedAt: string | null;
  updatedBy: string | null;
}

const CACHE_MS = 10_000;
let cached: { table: string; at: number; value: StoredCareSettings } | null = null;

/** The brand's care settings (defaults when none were saved); a warm Lambda keeps them briefly. */
export async function getCareSettings(fresh = false): Promise<StoredCareSettings> {
  const { client, table } = db();
  if (!fresh && cached && cached.table === table && Date.now() - cached.at < CACHE_MS) return cached.value;
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.careSettings(), ConsistentRead: true }));
  const i = res.Item;
  const value: StoredCareSettings = i
    ? { settings: withDefaults(i.settings as Partial<CareSettings>), rev: (i.rev as number) ?? 0, updatedAt: (i.updatedAt as string) ?? null, updatedBy: (i.updatedBy as string) ?? null }
    : { settings: withDefaults(null), rev: 0, updatedAt: null, updatedBy: null };
  cached = { table, at: Date.now(), value };
  return value;
}

export function clearCareSettingsCache() {
  cached = null;
}

/** Writes the settings as revision rev+1, only if the stored revision is still `rev` (0 = none saved yet). */
export function putCareSettings(tx: Tx, settings: CareSettings, rev: number, at: string, by: string) {
  const item = { ...keys.careSettings(), settings, rev: rev + 1, updatedAt: at, updatedBy: by };
  if (rev === 0) tx.put('careSettings', item, { expr: 'attribute_not_exists(PK) OR rev = :r', values: { ':r': 0 } });
  else tx.put('careSettings', item, { expr: 'rev = :r', values: { ':r': rev } });
  cached = null;
}

/** The settings saved over the revision read, with their audit. */
export async function saveCareSettings(settings: CareSettings, rev: number, audit: AuditEntry): Promise<Written<'revision_moved'>> {
  const tx = new Tx();
  putCareSettings(tx, settings, rev, audit.at, audit.actor);
  writeAudit(tx, audit);
  const out = await commit(tx, [], 'revision_moved');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

/** Seeds the settings once (local stack, tests); an existing item is left as it is. */
export async function seedCareSettings(settings: CareSettings, at: string) {
  const { client, table } = db();
  try {
    await client.send(
      new PutCommand({ TableName: table, Item: { ...keys.careSettings(), settings, rev: 1, updatedAt: at, updatedBy: 'seed' }, ConditionExpression: 'attribute_not_exists(PK)' }),
    );
  } catch (e) {
    if (!isConditionFailed(e)) throw e;
  }
  cached = null;
}

// --- consent ----------------------------------------------------------------------------------

/**
 * One acceptance per accepted template, once per requestId (a guard item in the same transaction);
 * refusals are counted too (for the brand's figures). Returns false for a replayed request.
 */
export async function addConsents(memberId: string, p: { requestId: string; accepted: string[]; rejected: string[]; moment: string; at: string }): Promise<boolean> {
  const tx = new Tx();
  tx.create('guard', { ...keys.source(memberId, `consent-${p.requestId}`), at: p.at, accepted: p.accepted, rejected: p.rejected, moment: p.moment });
  for (const t of p.accepted) {
    tx.update(`accept:${t}`, keys.consent(memberId, t), {
      set: 'SET memberId = :m, templateId = :t, updatedAt = :at, lastMoment = :mo ADD #c :one, accepted :one',
      names: { '#c': 'count' },
      values: { ':m': memberId, ':t': t, ':at': p.at, ':mo': p.moment, ':one': 1 },
    });
  }
  for (const t of p.rejected.filter((r) => !p.accepted.includes(r))) {
    tx.update(`reject:${t}`, keys.consent(memberId, t), {
      set: 'SET memberId = :m, templateId = :t, updatedAt = :at ADD rejected :one',
      values: { ':m': memberId, ':t': t, ':at': p.at, ':one': 1 },
    });
  }
  const out = await tx.send();
  if (out.ok) return true;
  if (out.failed.includes('guard')) return false;
  throw new Error('consent write conflicted');
}

/** Acceptances left per template for a member. */
export async function listConsents(memberId: string): Promise<Map<string, number>> {
  const { client, table } = db();
  const res = await client.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
      ExpressionAttributeValues: { ':pk': memberPk(memberId), ':p': skPrefix.consent },
      ConsistentRead: true,
    }),
  );
  return new Map((res.Items ?? []).map((i) => [i.templateId as string, (i.count as number | undefined) ?? 0]));
}

export async function getConsentCount(memberId: string, templateId: string): Promise<number> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.consent(memberId, templateId), ConsistentRead: true }));
  return (res.Item?.count as number | undefined) ?? 0;
}

/** WeChat said 43101: it has no acceptance left for this template, so neither do we. */
export async function zeroConsent(memberId: string, templateId: string, at: string) {
  const { client, table } = db();
  await client.send(
    new UpdateCommand({ TableName: table, Key: keys.consent(memberId, templateId), UpdateExpression: 'SET #c = :z, zeroedAt = :at', ExpressionAttributeNames: { '#c': 'count' }, ExpressionAttributeValues: { ':z': 0, ':at': at } }),
  );
}

// --- preferences ------------------------------------------------------------------------------

/** Kinds the member turned off. */
export async function getCareOff(memberId: string): Promise<CareKind[]> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.carePrefs(memberId), ConsistentRead: true }));
  return (res.Item?.off as CareKind[] | undefined) ?? [];
}

export async function putCareOff(memberId: string, off: CareKind[], at: string) {
  const { client, table } = db();
  await client.send(new PutCommand({ TableName: table, Item: { ...keys.carePrefs(memberId), memberId, off, updatedAt: at } }));
}

/** What a send needs to know about a member, in one BatchGet: her openid and name, the kinds she turned off. */
export async function readRecipient(memberId: string): Promise<{ openid: string | null; name: string | null; tierCode: string | null; off: CareKind[]; itemsRead: number } | null> {
  const { client, table } = db();
  const res = await client.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: [keys.profile(memberId), keys.carePrefs(memberId)], ConsistentRead: true } } }));
  const items = res.Responses?.[table] ?? [];
  const profile = items.find((i) => i.SK === keys.profile(memberId).SK);
  const prefs = items.find((i) => i.SK === keys.carePrefs(memberId).SK);
  if (!profile) return null;
  return {
    openid: (profile.openid as string | undefined) ?? null,
    name: (profile.name as string | undefined) ?? null,
    tierCode: (profile.tierCode as string | undefined) ?? null,
    off: (prefs?.off as CareKind[] | undefined) ?? [],
    itemsRead: items.length,
  };
}

// --- the log: one item per member and occasion -------------------------------------------------

const logIndex = indexKeys.careLog;

/**
 * Claims an occasion for a member: the log item is created once (a second claim is a duplicate),
 * except after quiet hours, when the deferred attempt may be made again.
 */
export async function claimOccasion(p: { memberId: string; occasion: string; kind: CareKind; templateId: string; at: string; day: string }): Promise<boolean> {
  const { client, table } = db();
  try {
    // An update, not a put: a claimed-again log keeps the marks of the reservations made void on it (`voided`).
    const fields: Record<string, unknown> = { memberId: p.memberId, kind: p.kind, occasion: p.occasion, templateId: p.templateId, outcome: 'pending', errcode: null, at: p.at, day: p.day, ...logIndex(p.day, p.at, p.memberId, p.occasion) };
    const names = Object.keys(fields);
    await client.send(
      new UpdateCommand({
        TableName: table,
        Key: keys.careLog(p.memberId, p.occasion),
        UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :f${i}`).join(', ')} REMOVE reservedBy, msgid, doneAt`,
        ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#f${i}`, n])),
        // Claimed again: deferred by quiet hours; `pending` (a caller that failed before reserving: nothing was
        // spent or sent, and the reservation's own condition lets only one of two claimers send); refused by
        // WeChat for now (busy, rate limit: nothing was sent, the acceptance was given back).
        ConditionExpression: 'attribute_not_exists(PK) OR outcome IN (:qh, :pending) OR (outcome = :we AND errcode IN (:busy, :rate, :rate2))',
        ExpressionAttributeValues: { ...Object.fromEntries(names.map((n, i) => [`:f${i}`, fields[n]])), ':qh': 'quiet_hours', ':pending': 'pending', ':we': 'wechat_error', ':busy': -1, ':rate': 45009, ':rate2': 45011 },
      }),
    );
    return true;
  } catch (e) {
    if (isConditionFailed(e)) return false;
    throw e;
  }
}

/** Records the outcome of a claimed occasion (no message was or will be sent for it unless `sent`). */
export async function recordOutcome(memberId: string, occasion: string, outcome: CareOutcome, at: string, extra: { errcode?: number | null; msgid?: string | null } = {}) {
  const { client, table } = db();
  await client.send(
    new UpdateCommand({
      TableName: table,
      Key: keys.careLog(memberId, occasion),
      UpdateExpression: 'SET outcome = :o, errcode = :e, msgid = :msg, doneAt = :at',
      ExpressionAttributeValues: { ':o': outcome, ':e': extra.errcode ?? null, ':msg': extra.msgid ?? null, ':at': at },
    }),
  );
}

/**
 * Before calling WeChat, in one transaction: one acceptance spent (count > 0), the week's cap
 * counted (count < cap, unless the kind is exempt) and the log marked `sending` (still pending).
 */
export async function spendForSend(p: { memberId: string; occasion: string; templateId: string; week: string; cap: number | null; at: string; by: string }): Promise<'ok' | 'no_consent' | 'capped' | 'duplicate'> {
  // `by` is this reservation's own mark (issue 20): when its transaction committed but the answer was lost, the
  // SDK's retry fails on the log's condition; the mark tells our own reservation from another caller's.
  const by = p.by;
  for (let attempt = 0; attempt < 3; attempt++) {
    const tx = new Tx();
    tx.update('consent', keys.consent(p.memberId, p.templateId), { set: 'SET #c = #c - :one, spentAt = :at', condition: '#c > :zero', names: { '#c': 'count' }, values: { ':one': 1, ':zero': 0, ':at': p.at } });
    if (p.cap !== null) {
      tx.update('cap', keys.careCap(p.memberId, p.week), {
        set: 'SET #c = if_not_exists(#c, :zero) + :one, #ttl = :ttl',
        condition: 'attribute_not_exists(#c) OR #c < :cap',
        names: { '#c': 'count', '#ttl': 'ttl' },
        values: { ':zero': 0, ':one': 1, ':cap': p.cap, ':ttl': Math.floor(Date.parse(p.at) / 1000) + 21 * 86_400 },
      });
    }
    // A reservation its sender gave up on (unreserveSend) is void: if it arrives late, it must not commit.
    tx.update('log', keys.careLog(p.memberId, p.occasion), {
      set: 'SET outcome = :sending, reservedBy = :by',
      condition: 'outcome = :pending AND NOT contains(voided, :by)',
      values: { ':sending': 'sending', ':pending': 'pending', ':by': by },
    });
    const out = await tx.send();
    if (out.ok) return 'ok';
    if (out.failed.includes('log')) {
      const { client, table } = db();
      const log = await client.send(new GetCommand({ TableName: table, Key: keys.careLog(p.memberId, p.occasion), ConsistentRead: true }));
      return log.Item?.outcome === 'sending' && log.Item.reservedBy === by ? 'ok' : 'duplicate';
    }
    if (out.failed.includes('consent')) return 'no_consent';
    if (out.failed.includes('cap')) return 'capped';
    await new Promise((r) => setTimeout(r, 20 * (attempt + 1)));
  }
  throw new Error('care send reservation kept conflicting');
}

/**
 * A reservation whose sender failed before calling WeChat (issue 20: the database failed under it, or the time
 * budget ran out while it was in flight): made void. If it committed, the log goes back to `pending` (a later run
 * claims it again) and the acceptance and the cap slot are given back, in one transaction and only if the log
 * still holds this reservation. If it has not (yet) committed, its mark is added to the log's `voided` set, so the
 * request, should it still arrive, fails its condition. Tried again over passing failures; if every try fails, the
 * log may stay `sending` and the message is not sent (never twice).
 */
export async function unreserveSend(p: { memberId: string; occasion: string; templateId: string; week: string; cap: number | null; by: string }): Promise<boolean> {
  const { client, table } = db();
  const giveBack = new Tx();
  giveBack.update('log', keys.careLog(p.memberId, p.occasion), {
    set: 'SET outcome = :pending REMOVE reservedBy',
    condition: 'outcome = :sending AND reservedBy = :by',
    values: { ':pending': 'pending', ':sending': 'sending', ':by': p.by },
  });
  giveBack.update('consent', keys.consent(p.memberId, p.templateId), { set: 'SET #c = #c + :one', condition: 'attribute_exists(PK)', names: { '#c': 'count' }, values: { ':one': 1 } });
  if (p.cap !== null) {
    giveBack.update('cap', keys.careCap(p.memberId, p.week), { set: 'SET #c = #c - :one', condition: '#c > :zero', names: { '#c': 'count' }, values: { ':one': 1, ':zero': 0 } });
  }
  for (let attempt = 0; ; attempt++) {
    try {
      const out = await giveBack.send();
      if (out.ok) return true;
      if (out.failed.includes('log')) {
        // Not (yet) ours: void it, unless it committed in between (then give it back on the next turn).
        try {
          await client.send(
            new UpdateCommand({
              TableName: table,
              Key: keys.careLog(p.memberId, p.occasion),
              UpdateExpression: 'ADD voided :mark',
              ConditionExpression: 'attribute_exists(PK) AND NOT (outcome = :sending AND reservedBy = :by)',
              ExpressionAttributeValues: { ':mark': new Set([p.by]), ':sending': 'sending', ':by': p.by },
            }),
          );
          return true;
        } catch (e) {
          if (!isConditionFailed(e)) throw e;
        }
      } else if (!out.conflict) return false;
    } catch (e) {
      if (attempt >= 3 || !isTransientDatabaseError(e)) throw e;
    }
    if (attempt >= 3) return false;
    await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
  }
}

/** A send WeChat refused for now (busy, rate limit): it did not spend her acceptance, so ours is given back too. */
export async function restoreConsent(memberId: string, templateId: string) {
  const { client, table } = db();
  await client.send(
    new UpdateCommand({ TableName: table, Key: keys.consent(memberId, templateId), UpdateExpression: 'ADD #c :one', ConditionExpression: 'attribute_exists(PK)', ExpressionAttributeNames: { '#c': 'count' }, ExpressionAttributeValues: { ':one': 1 } }),
  ).catch((e) => {
    if (!isConditionFailed(e)) throw e;
  });
}

/** A send WeChat refused: the week's cap slot is given back (the acceptance is not: WeChat may have spent it). */
export async function releaseCap(memberId: string, week: string) {
  const { client, table } = db();
  await client.send(
    new UpdateCommand({ TableName: table, Key: keys.careCap(memberId, week), UpdateExpression: 'SET #c = #c - :one', ConditionExpression: '#c > :zero', ExpressionAttributeNames: { '#c': 'count' }, ExpressionAttributeValues: { ':one': 1, ':zero': 0 } }),
  ).catch((e) => {
    if (!isConditionFailed(e)) throw e;
  });
}

export interface CareLogRecord {
  memberId: string;
  kind: CareKind;
  occasion: string;
  outcome: CareOutcome | 'pending' | 'sending';
  errcode: number | null;
  templateId: string | null;
  at: string;
}

export async function getCareLog(memberId: string, occasion: string): Promise<CareLogRecord | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.careLog(memberId, occasion), ConsistentRead: true }));
  return res.Item ? toLog(res.Item) : null;
}

const toLog = (i: Record<string, unknown>): CareLogRecord => ({
  memberId: i.memberId as string,
  kind: i.kind as CareKind,
  occasion: i.occasion as string,
  outcome: i.outcome as CareLogRecord['outcome'],
  errcode: (i.errcode as number | null | undefined) ?? null,
  templateId: (i.templateId as string | null | undefined) ?? null,
  at: i.at as string,
});

/** A day's attempts, newest first (GSI1 CARELOG#<day>). */
export async function listCareLogOfDay(day: string, limit: number): Promise<CareLogRecord[]> {
  const items = await queryAll({ IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': indexKeys.careLogPk(day) }, ScanIndexForward: false, Limit: limit }, limit);
  return items.map(toLog);
}
