/**
 * Complaints and their timelines. A complaint lives in its own partition COMPLAINT#<id>:
 *   COMPLAINT        the complaint (rev); GSI1 MCOMPLAINTS#<memberId> / <createdAt>#<id>  (a member's complaints)
 *   DESK             a copy for the desk;  GSI1 CDESK#<state> / <dueAt>#<id>              (the desk by state, overdue first)
 *   STORE            a copy for the store; GSI1 SCOMPLAINTS#<storeId> / <createdAt>#<id>   (a store's complaints; only with a store)
 *   EVENT#<at>#<seq> a timeline event;     GSI1 CAREEVT#<local day> / <at>#complaint#<id>#<seq> (read by the care messages)
 * Every change puts the complaint (condition: the revision read), both copies and its event in one
 * transaction, so the lists, the timeline and the care events never disagree with the complaint.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ComplaintActor, ComplaintCategory, ComplaintEventType, ComplaintState } from '../../../shared/domain/complaints';
import { db } from './client';
import { writeAudit } from './account-repo';
import { indexKeys, keys, skPrefix } from './keys';
import { queryAll } from './read';
import { Tx } from './tx';
import { commit, type Written } from './unit';

export interface ComplaintRecord {
  id: string;
  memberId: string;
  state: ComplaintState;
  category: ComplaintCategory;
  text: string;
  orderId: string | null;
  storeId: string | null;
  contact: { method: 'phone' | 'wechat' | 'none'; phone: string | null };
  assignee: string | null;
  createdAt: string;
  dueAt: string;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  rating: { score: number; comment: string; at: string } | null;
  updatedAt: string;
  rev: number;
}

/** A timeline event: the interface the care-message work reads (keep its shape). */
export interface ComplaintEventRecord {
  kind: 'complaint';
  type: ComplaintEventType;
  memberId: string;
  complaintId: string;
  /** The complaint's state after the change. */
  state: ComplaintState;
  /** A line of at most 20 characters for the WeChat message. */
  summary: string;
  at: string;
  by: ComplaintActor;
  /** The reply's text (replies only). */
  text: string | null;
  /** A note given with a move (reopen reason, resolution note). */
  note: string | null;
  /** Sequence within the complaint: its revision after the change, 6 digits. */
  seq: string;
}

export const eventSeq = (rev: number) => String(rev).padStart(6, '0');

/** An event as a change decides it; its `seq` (the complaint's revision after the change) is added by the write. */
export type NewComplaintEvent = Omit<ComplaintEventRecord, 'seq'>;

const FIELDS = ['id', 'memberId', 'state', 'category', 'text', 'orderId', 'storeId', 'contact', 'assignee', 'createdAt', 'dueAt', 'firstResponseAt', 'resolvedAt', 'rating', 'updatedAt', 'rev'] as const;

function toComplaint(i: Record<string, unknown>): ComplaintRecord {
  const out: Record<string, unknown> = {};
  for (const f of FIELDS) out[f] = i[f] ?? null;
  return out as unknown as ComplaintRecord;
}

function toEvent(i: Record<string, unknown>): ComplaintEventRecord {
  return {
    kind: 'complaint',
    type: i.type as ComplaintEventType,
    memberId: i.memberId as string,
    complaintId: i.complaintId as string,
    state: i.state as ComplaintState,
    summary: i.summary as string,
    at: i.at as string,
    by: i.by as ComplaintActor,
    text: (i.text as string | undefined) ?? null,
    note: (i.note as string | undefined) ?? null,
    seq: i.seq as string,
  };
}

/**
 * Writes a change: the complaint (created if `prevRev` is null, else only at that revision), the
 * desk and store copies, and the event. `next.rev` must be `prevRev + 1` (0 on creation).
 */
export function writeComplaintChange(tx: Tx, next: ComplaintRecord, prevRev: number | null, event: ComplaintEventRecord, actor: string) {
  const body = { ...next };
  const main = { ...keys.complaint(next.id), ...body, ...indexKeys.memberComplaint(next.memberId, next.createdAt, next.id) };
  if (prevRev === null) tx.create('complaint', main);
  else tx.put('complaint', main, { expr: 'rev = :r', values: { ':r': prevRev } });
  tx.put('desk', { ...keys.complaintDesk(next.id), ...body, ...indexKeys.deskComplaint(next.state, next.dueAt, next.id) });
  if (next.storeId) {
    tx.put('store', { ...keys.complaintStore(next.id), ...body, ...indexKeys.storeComplaint(next.storeId, next.createdAt, next.id) });
  }
  tx.create('event', {
    ...keys.complaintEvent(next.id, event.at, event.seq),
    ...event,
    actor,
    ...indexKeys.complaintCareEvent(event.at, next.id, event.seq),
  });
}

/** A change of an existing complaint (reply, move, assignment, rating), only over the revision read. */
export async function recordComplaintMove(next: ComplaintRecord, prevRev: number, event: NewComplaintEvent, actor: string): Promise<Written<'revision_moved'>> {
  const tx = new Tx();
  writeComplaintChange(tx, next, prevRev, { ...event, seq: eventSeq(next.rev) }, actor);
  const out = await commit(tx, [], 'revision_moved');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

/** A clerk (or an admin with the phones permission) saw the full number of a member who asked to be phoned back: audited (who, when, which complaint, whose). */
export async function recordPhoneReveal(a: { at: string; actor: string; complaintId: string; storeId: string | null; memberId?: string }): Promise<Written<'not_audited'>> {
  const tx = new Tx();
  const after = { storeId: a.storeId, ...(a.memberId ? { memberId: a.memberId } : {}) };
  writeAudit(tx, { at: a.at, actor: a.actor, action: 'complaint.phone_revealed', target: `complaint:${a.complaintId}`, before: null, after });
  const out = await commit(tx, [], 'not_audited');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

/**
 * A new complaint with its create guard. 'request_seen': this member's request id was used before
 * (`first` is what the guard holds, when it came back: the first complaint's id and content fingerprint); 'id_taken':
 * the generated id exists (draw another).
 */
export async function recordNewComplaint(
  c: ComplaintRecord,
  event: NewComplaintEvent,
  request: { requestId: string; fingerprint: string },
  actor: string,
): Promise<{ ok: true } | { ok: false; failed: 'request_seen'; first: { complaintId: string | undefined; fingerprint: unknown } | null } | { ok: false; failed: 'id_taken' }> {
  const tx = new Tx();
  guardComplaintRequest(tx, c.memberId, request.requestId, c.id, request.fingerprint, c.createdAt);
  writeComplaintChange(tx, c, null, { ...event, seq: eventSeq(0) }, actor);
  const out = await commit(tx, [['request', 'request_seen']], 'id_taken');
  if (out.ok) return { ok: true };
  if (out.failed === 'request_seen') {
    const old = out.old('request');
    return { ok: false, failed: 'request_seen', first: old ? { complaintId: old.complaintId as string | undefined, fingerprint: old.fingerprint } : null };
  }
  return { ok: false, failed: 'id_taken' };
}

/** The create guard: one complaint per member and client request id (the old guard comes back on a retry). */
export function guardComplaintRequest(tx: Tx, memberId: string, requestId: string, complaintId: string, fingerprint: string, at: string) {
  tx.create('request', { ...keys.complaintRequest(memberId, requestId), complaintId, fingerprint, at }, true);
}

export async function getComplaint(id: string): Promise<ComplaintRecord | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.complaint(id), ConsistentRead: true }));
  return res.Item ? toComplaint(res.Item) : null;
}

/** A complaint and its timeline, oldest event first (one query on its partition). */
export async function getComplaintWithTimeline(id: string): Promise<{ complaint: ComplaintRecord; events: ComplaintEventRecord[] } | null> {
  const { client, table } = db();
  const items = await queryAll({ KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': keys.complaint(id).PK }, ConsistentRead: true });
  const main = items.find((i) => i.SK === keys.complaint(id).SK);
  if (!main) return null;
  const events = items.filter((i) => String(i.SK).startsWith(skPrefix.complaintEvent)).map(toEvent);
  return { complaint: toComplaint(main), events };
}

async function queryGsi1(pk: string, opts: { before?: string; newestFirst?: boolean; limit?: number } = {}): Promise<Record<string, unknown>[]> {
  return queryAll(
    {
      IndexName: 'GSI1',
      KeyConditionExpression: opts.before ? 'GSI1PK = :pk AND GSI1SK < :b' : 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': pk, ...(opts.before ? { ':b': opts.before } : {}) },
      ScanIndexForward: !opts.newestFirst,
    },
    opts.limit ?? 1_000,
  );
}

/** A member's complaints, newest first. */
export async function listMemberComplaints(memberId: string): Promise<ComplaintRecord[]> {
  return (await queryGsi1(keys.complaintIndex.member(memberId), { newestFirst: true })).map(toComplaint);
}

/** A store's complaints, newest first. */
export async function listStoreComplaints(storeId: string): Promise<ComplaintRecord[]> {
  return (await queryGsi1(keys.complaintIndex.store(storeId), { newestFirst: true })).map(toComplaint);
}

/**
 * The desk's complaints in a state, soonest due first; `dueBefore` keeps those due before an
 * instant. Finished states (resolved, closed) only grow: for them the newest `limit` come first.
 */
export async function listDeskComplaints(state: ComplaintState, dueBefore?: string, finished?: { limit: number }): Promise<ComplaintRecord[]> {
  const opts = finished ? { newestFirst: true, limit: finished.limit } : {};
  return (await queryGsi1(keys.complaintIndex.desk(state), dueBefore ? { ...opts, before: dueBefore } : opts)).map(toComplaint);
}

/**
 * The complaint events of a local day (Asia/Shanghai, YYYY-MM-DD), in time order: what the care
 * messages turn into WeChat messages. One query on GSI1 CAREEVT#<day>.
 */
export async function complaintEventsOn(day: string): Promise<ComplaintEventRecord[]> {
  return (await complaintCareEventsOn(day)).events;
}

/**
 * The same read for the care job, with the items read and each event's `when` (its instant and
 * sequence: what makes the care occasion unique).
 */
export async function complaintCareEventsOn(day: string): Promise<{ events: (ComplaintEventRecord & { when: string })[]; itemsRead: number }> {
  const items = await queryGsi1(indexKeys.careEventPk(day), { limit: 100_000 });
  const events = items
    .filter((i) => i.kind === 'complaint')
    .map((i) => ({ ...toEvent(i), when: `${String(i.at ?? '')}${i.seq !== undefined ? `#${String(i.seq)}` : ''}` || String(i.GSI1SK) }));
  return { events, itemsRead: items.length };
}
