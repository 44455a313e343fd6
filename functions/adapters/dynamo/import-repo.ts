/**
 * Member import (issue 16): the import item (mapping, state, checkpoint, counters), its failed rows,
 * and the writes of imported rows. A created member is one transaction of a few items (phone lookup,
 * profile, points account and its opening ledger entry, the card); several members go in one
 * TransactWriteItems (up to 100 items) and a cancelled group is written again row by row, so one
 * taken phone or card names its own row only.
 */
import { BatchWriteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ColumnMapping, PointsState, TierChange, TierState } from '../../../shared/domain';
import { emptyPoints } from '../../../shared/domain';
import { writeAudit, writePoints, writeTierHistory, writeTierState, guardSource } from './account-repo';
import { db } from './client';
import { isConditionFailed, pause } from './errors';
import { indexKeys, keys, skPrefix } from './keys';
import { profileAttrs, toMember, toPoints, type MemberRecord, type PointsRecord } from './member-repo';
import { batchGetAll, queryAll, type Item } from './read';
import { Tx } from './tx';

export type ImportState = 'uploading' | 'ready' | 'running' | 'done' | 'failed';

export interface ImportCounts {
  processed: number;
  total: number | null;
  created: number;
  merged: number;
  failed: number;
  /** Of `merged`: rows that matched a member and found nothing to change. */
  unchanged: number;
}

export interface ImportRecord {
  importId: string;
  fileName: string;
  format: 'csv' | 'xlsx';
  fileKey: string;
  state: ImportState;
  createdAt: string;
  createdBy: string;
  startedAt: string | null;
  finishedAt: string | null;
  mapping: ColumnMapping | null;
  encoding: string | null;
  counts: ImportCounts;
  /** Data rows read so far (blank rows included): where a resumed worker starts. */
  cursor: number;
  /** The worker run that holds the import: a checkpoint from another run is refused. */
  run: number;
  errorFileKey: string | null;
  message: string | null;
}

const ZERO: ImportCounts = { processed: 0, total: null, created: 0, merged: 0, failed: 0, unchanged: 0 };

function toImport(i: Item): ImportRecord {
  return {
    importId: String(i.importId),
    fileName: String(i.fileName),
    format: i.format as ImportRecord['format'],
    fileKey: String(i.fileKey),
    state: i.state as ImportState,
    createdAt: String(i.createdAt),
    createdBy: String(i.createdBy),
    startedAt: (i.startedAt as string | undefined) ?? null,
    finishedAt: (i.finishedAt as string | undefined) ?? null,
    mapping: (i.mapping as ColumnMapping | undefined) ?? null,
    encoding: (i.encoding as string | undefined) ?? null,
    counts: { ...ZERO, ...((i.counts as Partial<ImportCounts> | undefined) ?? {}) },
    cursor: (i.cursor as number | undefined) ?? 0,
    run: (i.run as number | undefined) ?? 0,
    errorFileKey: (i.errorFileKey as string | undefined) ?? null,
    message: (i.message as string | undefined) ?? null,
  };
}

export async function createImport(r: Pick<ImportRecord, 'importId' | 'fileName' | 'format' | 'fileKey' | 'createdAt' | 'createdBy'>): Promise<ImportRecord> {
  const { client, table } = db();
  const item = { ...keys.memberImport(r.importId), ...indexKeys.memberImport(r.createdAt, r.importId), ...r, state: 'uploading', counts: ZERO, cursor: 0, run: 0 };
  await client.send(new PutCommand({ TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(PK)' }));
  return toImport(item);
}

export async function getImport(importId: string): Promise<ImportRecord | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.memberImport(importId), ConsistentRead: true }));
  return res.Item ? toImport(res.Item) : null;
}

/** The admin's imports, newest first. */
export async function listImports(limit = 20): Promise<ImportRecord[]> {
  const items = await queryAll({ IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': indexKeys.importsPk() }, ScanIndexForward: false, Limit: limit }, limit);
  return items.map(toImport);
}

/** The preview found the file: remember its encoding ('uploading' → 'ready'; later previews keep it). */
export async function markImportReady(importId: string, encoding: string): Promise<void> {
  const { client, table } = db();
  await client.send(
    new UpdateCommand({
      TableName: table,
      Key: keys.memberImport(importId),
      UpdateExpression: 'SET #s = :ready, encoding = :e',
      ConditionExpression: '#s IN (:up, :ready)',
      ExpressionAttributeNames: { '#s': 'state' },
      ExpressionAttributeValues: { ':ready': 'ready', ':up': 'uploading', ':e': encoding },
    }),
  ).catch((e) => {
    if (!isConditionFailed(e)) throw e;
  });
}

/** Starts an import once: 'ready' → 'running' with its mapping; false when it had started already. */
export async function markImportStarted(importId: string, mapping: ColumnMapping, at: string, audit: { actor: string }): Promise<boolean> {
  const tx = new Tx();
  tx.update('import', keys.memberImport(importId), {
    set: 'SET #s = :running, mapping = :m, startedAt = :at, #run = :one',
    condition: '#s = :ready',
    names: { '#s': 'state', '#run': 'run' },
    values: { ':running': 'running', ':m': mapping, ':at': at, ':ready': 'ready', ':one': 1 },
  });
  writeAudit(tx, { at, actor: audit.actor, action: 'members.import', target: `import:${importId}`, before: null, after: { mapping } });
  const out = await tx.send();
  return out.ok;
}

/**
 * Saves progress after a chunk: the cursor and counters move only from what this run read (`from`),
 * so a stale or duplicate worker cannot count a chunk twice. `nextRun` hands the import to a new run.
 */
export async function checkpointImport(
  importId: string,
  p: { run: number; fromCursor: number; cursor: number; counts: ImportCounts; nextRun?: number; done?: { at: string; errorFileKey: string | null } },
): Promise<boolean> {
  const { client, table } = db();
  const sets = ['#cur = :c', '#cnt = :n'];
  const values: Record<string, unknown> = { ':c': p.cursor, ':n': p.counts, ':run': p.run, ':from': p.fromCursor, ':running': 'running' };
  if (p.nextRun !== undefined) {
    sets.push('#run = :next');
    values[':next'] = p.nextRun;
  }
  if (p.done) {
    sets.push('#s = :done', 'finishedAt = :at');
    values[':done'] = 'done';
    values[':at'] = p.done.at;
    if (p.done.errorFileKey) {
      sets.push('errorFileKey = :ek');
      values[':ek'] = p.done.errorFileKey;
    }
  }
  try {
    await client.send(
      new UpdateCommand({
        TableName: table,
        Key: keys.memberImport(importId),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: '#run = :run AND #cur = :from AND #s = :running',
        ExpressionAttributeNames: { '#s': 'state', '#cur': 'cursor', '#cnt': 'counts', '#run': 'run' },
        ExpressionAttributeValues: values,
      }),
    );
    return true;
  } catch (e) {
    if (isConditionFailed(e)) return false;
    throw e;
  }
}

/** The file could not be read at all (not a CSV or xlsx, no header): the import ends with a message. */
export async function failImport(importId: string, run: number, message: string, at: string): Promise<void> {
  const { client, table } = db();
  await client
    .send(
      new UpdateCommand({
        TableName: table,
        Key: keys.memberImport(importId),
        UpdateExpression: 'SET #s = :failed, message = :m, finishedAt = :at',
        ConditionExpression: '#run = :run AND #s = :running',
        ExpressionAttributeNames: { '#s': 'state', '#run': 'run' },
        ExpressionAttributeValues: { ':failed': 'failed', ':m': message, ':at': at, ':run': run, ':running': 'running' },
      }),
    )
    .catch((e) => {
      if (!isConditionFailed(e)) throw e;
    });
}

export interface FailedRow {
  row: number;
  phone: string;
  field: string;
  value: string;
  reason: string;
}

/** Failed rows of a chunk (one item per row, keyed by the row: a chunk written again writes the same items). */
export async function putImportFailures(importId: string, rows: FailedRow[]): Promise<void> {
  const { client, table } = db();
  for (let i = 0; i < rows.length; i += 25) {
    let pending: Item[] = rows.slice(i, i + 25).map((r) => ({ PutRequest: { Item: { ...keys.importFailure(importId, r.row), ...r } } }));
    for (let round = 0; pending.length; round++) {
      if (round > 8) throw new Error('BatchWrite: items stay unprocessed');
      if (round) await pause(round);
      const res = await client.send(new BatchWriteCommand({ RequestItems: { [table]: pending as never } }));
      pending = (res.UnprocessedItems?.[table] ?? []) as Item[];
    }
  }
}

export async function listImportFailures(importId: string): Promise<FailedRow[]> {
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
    ExpressionAttributeValues: { ':pk': keys.memberImport(importId).PK, ':sk': skPrefix.importFailure },
    ConsistentRead: true,
  });
  return items.map((i) => ({ row: Number(i.row), phone: String(i.phone ?? ''), field: String(i.field ?? ''), value: String(i.value ?? ''), reason: String(i.reason ?? '') }));
}

// ---- members ----

/** Who holds each phone (absent: nobody). */
export async function phoneOwners(phones: string[]): Promise<Map<string, string>> {
  const items = await batchGetAll(phones.map((p) => keys.phone(p)), { parallel: 4 });
  return new Map(items.map((i) => [String(i.PK).slice('PHONE#'.length), String(i.memberId)]));
}

export interface ImportedMemberView {
  member: MemberRecord;
  points: PointsRecord;
  cardNo: string | null;
  /** The import (and row) that created her, if one did. */
  createdBy: { importId: string; row: number } | null;
  openingGiven: boolean;
}

/** Profiles and points accounts of existing members (one BatchGet per 50 members). */
export async function importedMemberViews(memberIds: string[]): Promise<Map<string, ImportedMemberView>> {
  const out = new Map<string, ImportedMemberView>();
  if (memberIds.length === 0) return out;
  const items = await batchGetAll(memberIds.flatMap((id) => [keys.profile(id), keys.points(id), keys.source(id, OPENING_SOURCE)]), { parallel: 4 });
  const by = new Map(items.map((i) => [`${String(i.PK)}|${String(i.SK)}`, i]));
  for (const id of memberIds) {
    const p = by.get(`${keys.profile(id).PK}|${keys.profile(id).SK}`);
    if (!p) continue;
    const imp = p.importedBy as { importId: string; row: number } | undefined;
    out.set(id, {
      member: toMember(p),
      points: toPoints(id, by.get(`${keys.points(id).PK}|${keys.points(id).SK}`)),
      cardNo: (p.cardNo as string | undefined) ?? null,
      createdBy: imp ?? null,
      openingGiven: !!p.importOpening || by.has(`${keys.source(id, OPENING_SOURCE).PK}|${keys.source(id, OPENING_SOURCE).SK}`),
    });
  }
  return out;
}

/** The guard of opening points given to an existing member by a merge (once per member, whatever the file). */
export const OPENING_SOURCE = 'import#opening';

export interface NewImportedMember {
  member: MemberRecord;
  row: number;
  importId: string;
  cardNo: string | null;
  /** Opening points: the state after the credit and its ledger entry (none when 0). */
  opening: { state: PointsState; points: number } | null;
}

/** Items written for one created member (phone, profile, points, opening ledger entry, card). */
export const itemsOf = (m: NewImportedMember) => 3 + (m.opening ? 1 : 0) + (m.cardNo ? 1 : 0);

function addCreate(tx: Tx, m: NewImportedMember, label: string) {
  const at = m.member.createdAt;
  tx.create(`${label}phone`, { ...keys.phone(m.member.phone), memberId: m.member.memberId, createdAt: at });
  tx.create(`${label}profile`, {
    ...keys.profile(m.member.memberId),
    ...profileAttrs(m.member),
    ...(m.member.birthday ? indexKeys.birthday(m.member.birthday, m.member.memberId) : {}),
    importedBy: { importId: m.importId, row: m.row },
    ...(m.cardNo ? { cardNo: m.cardNo } : {}),
    ...(m.opening ? { importOpening: { importId: m.importId, points: m.opening.points } } : {}),
  });
  const before: PointsRecord = { memberId: m.member.memberId, state: emptyPoints(), rev: 0, earnedTotal: 0 };
  writePoints(tx, {
    before,
    next: m.opening?.state ?? emptyPoints(),
    entries: m.opening ? [{ type: 'adjust', points: m.opening.points, description: '期初积分导入', source: { kind: 'import', id: m.importId }, note: `导入第 ${m.row} 行` }] : [],
    at,
    label,
  });
  if (m.cardNo) bindCard(tx, m.cardNo, m.member.memberId, at, `${label}card`);
}

/** The card item: created bound, or an unbound pre-printed card bound now; a card bound to another member fails. */
function bindCard(tx: Tx, cardNo: string, memberId: string, at: string, label: string) {
  tx.update(label, keys.card(cardNo), {
    set: 'SET cardNo = :no, #st = :bound, #src = if_not_exists(#src, :import), memberId = :m, boundAt = if_not_exists(boundAt, :at)',
    condition: 'attribute_not_exists(PK) OR #st = :unbound OR memberId = :m',
    names: { '#st': 'state', '#src': 'source' },
    values: { ':no': cardNo, ':bound': 'bound', ':import': 'import', ':m': memberId, ':at': at, ':unbound': 'unbound' },
  });
}

export type CreateOutcome = 'created' | 'phone_taken' | 'card_taken' | 'conflict';

/**
 * Creates members: as few transactions as fit (≤ 100 items each); a cancelled group is written again
 * one member per transaction, each answering for itself.
 */
export async function createImportedMembers(ms: NewImportedMember[], parallel = 4): Promise<CreateOutcome[]> {
  const out: CreateOutcome[] = new Array(ms.length);
  const groups: number[][] = [];
  let cur: number[] = [];
  let size = 0;
  ms.forEach((m, i) => {
    const n = itemsOf(m);
    if (size + n > 100) {
      groups.push(cur);
      cur = [];
      size = 0;
    }
    cur.push(i);
    size += n;
  });
  if (cur.length) groups.push(cur);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, groups.length) }, async () => {
      while (next < groups.length) {
        const g = groups[next++]!;
        const tx = new Tx();
        g.forEach((i) => addCreate(tx, ms[i]!, `m${i}.`));
        const r = await tx.send();
        if (r.ok) {
          for (const i of g) out[i] = 'created';
          continue;
        }
        for (const i of g) out[i] = await createOne(ms[i]!);
      }
    }),
  );
  return out;
}

async function createOne(m: NewImportedMember): Promise<CreateOutcome> {
  for (let attempt = 0; attempt < 4; attempt++) {
    const tx = new Tx();
    addCreate(tx, m, '');
    const r = await tx.send();
    if (r.ok) return 'created';
    if (r.failed.includes('phone')) return 'phone_taken';
    if (r.failed.includes('card')) return 'card_taken';
    if (r.failed.includes('profile')) return 'phone_taken';
    await pause(attempt);
  }
  return 'conflict';
}

export interface MergeWrite {
  memberId: string;
  qrev: number;
  points: PointsRecord;
  fill: Record<string, string>;
  tier: { state: TierState; change: TierChange } | null;
  opening: { state: PointsState; points: number } | null;
  importId: string;
  row: number;
  actor: string;
  at: string;
}

export type MergeOutcome = 'merged' | 'card_taken' | 'revision_moved';

/**
 * Fills an existing member's empty fields (each `if_not_exists`: a field she filled meanwhile stays
 * hers), raises her tier (conditioned on her revision), credits opening points once (guard item), audited.
 */
export async function mergeImportedMember(w: MergeWrite): Promise<MergeOutcome> {
  const tx = new Tx();
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(w.fill)) extra[k] = v;
  const sets: string[] = ['importMergedBy = :imp'];
  const values: Record<string, unknown> = { ':imp': { importId: w.importId, row: w.row } };
  const names: Record<string, string> = {};
  for (const [k, v] of Object.entries(w.fill)) {
    if (k === 'cardNo') continue;
    names[`#${k}`] = k;
    values[`:${k}`] = v;
    sets.push(`#${k} = if_not_exists(#${k}, :${k})`);
  }
  if (w.fill.birthday) {
    const idx = indexKeys.birthday(w.fill.birthday, w.memberId);
    sets.push('GSI1PK = if_not_exists(GSI1PK, :g1pk)', 'GSI1SK = if_not_exists(GSI1SK, :g1sk)');
    values[':g1pk'] = idx.GSI1PK;
    values[':g1sk'] = idx.GSI1SK;
  }
  if (w.fill.cardNo) {
    sets.push('cardNo = if_not_exists(cardNo, :card)');
    values[':card'] = w.fill.cardNo;
    bindCard(tx, w.fill.cardNo, w.memberId, w.at, 'card');
  }
  if (w.tier) {
    writeTierState(tx, w.memberId, w.qrev, { tier: w.tier.state, extra: { importMergedBy: { importId: w.importId, row: w.row } } });
    writeTierHistory(tx, w.memberId, w.at, w.tier.change, { source: `import#${w.importId}`, note: '导入等级' });
  } else {
    tx.update('profile', keys.profile(w.memberId), { set: `SET ${sets.join(', ')}`, condition: 'attribute_exists(PK)', names: Object.keys(names).length ? names : undefined, values });
  }
  if (w.opening) {
    writePoints(tx, {
      before: w.points,
      next: w.opening.state,
      entries: [{ type: 'adjust', points: w.opening.points, description: '期初积分导入', source: { kind: 'import', id: w.importId }, note: `导入第 ${w.row} 行` }],
      at: w.at,
    });
    guardSource(tx, w.memberId, OPENING_SOURCE, w.at, { importId: w.importId, row: w.row, points: w.opening.points });
  }
  if (w.opening || w.tier) {
    writeAudit(tx, {
      at: w.at,
      actor: w.actor,
      action: 'members.import.merge',
      target: `member:${w.memberId}`,
      before: { balance: w.points.state.buckets.reduce((s, b) => s + b.points, 0), tierCode: w.tier?.change.from ?? null },
      after: { openingPoints: w.opening?.points ?? 0, tierCode: w.tier?.state.tierCode ?? null, importId: w.importId, row: w.row },
    });
  }
  const r = await tx.send();
  if (r.ok) {
    // A tier raise held the profile update (conditioned on her revision): the empty fields are filled next, each if_not_exists.
    if (w.tier && Object.keys(w.fill).length) {
      const rest = { ...w, tier: null, opening: null };
      const again = await mergeImportedMember(rest);
      if (again === 'card_taken') return 'card_taken';
    }
    return 'merged';
  }
  if (r.failed.includes('card')) return 'card_taken';
  if (r.failed.includes('guard')) return 'revision_moved'; // another run gave the opening points: read again
  return 'revision_moved';
}

/** Raw member record for tests and the bench: the profile item of a member id. */
export async function rawProfile(memberId: string): Promise<Item | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.profile(memberId), ConsistentRead: true }));
  return res.Item ?? null;
}
