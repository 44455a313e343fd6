/**
 * Complaints: members file and follow theirs, staff handle their own store's, the service desk
 * (admin) handles all of them. Every change is decided by the pure rules in
 * shared/domain/complaints.ts first (a refused move writes nothing: 409 naming `action` or `state`),
 * then written as one transaction: the complaint at the revision read, its desk and store copies,
 * and its timeline event (which the care messages turn into a WeChat message).
 *
 * Who sees what: a member only her own complaints (another's is 404, as if it did not exist);
 * staff only their store's (403 for another store's, 404 for an unknown id); admins everything.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ComplaintDetail, ComplaintEvent, ComplaintView, CreateComplaintRequest } from '../../shared/contract';
import { localDate, maskPhone } from '../../shared/domain';
import { COMPLAINT_STATES, isOverdue, reopenUntil, type ComplaintActor, type ComplaintState, type DeskMove, type Refusal } from '../../shared/domain/complaints';
import { storeExists } from '../adapters/dynamo/brand-repo';
import {
  getComplaint,
  getComplaintWithTimeline,
  listDeskComplaints,
  listMemberComplaints,
  listStoreComplaints,
  recordComplaintMove,
  recordNewComplaint,
  recordPhoneReveal,
  type ComplaintEventRecord,
  type ComplaintRecord,
} from '../adapters/dynamo/complaint-repo';
import { pause } from '../adapters/dynamo/errors';
import { clock } from '../lib/clock';
import { AppError, fail } from '../lib/errors';
import type { Session } from '../lib/session';
import { requirePhonePermission, resolveMemberId } from '../core';
import { assignChange, decideChange, moveChange, newComplaint, ratingChange, reopenChange, replyChange, type Change } from './decide';

type Audience = 'member' | 'staff' | 'admin';

const ID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** C + the local day + 6 random Crockford symbols, e.g. C20261123K7Q2MX: short enough to read out on the phone. */
function newComplaintId(now: Date): string {
  const bytes = randomBytes(6);
  let tail = '';
  for (const b of bytes) tail += ID_ALPHABET[b % 32];
  return `C${localDate(now).replace(/-/g, '')}${tail}`;
}

function eventView(e: ComplaintEventRecord): ComplaintEvent {
  return { type: e.type, at: e.at, by: e.by, state: e.state, summary: e.summary, text: e.text ?? e.note ?? null };
}

export function complaintView(c: ComplaintRecord, audience: Audience, now: Date): ComplaintView {
  const until = reopenUntil(c);
  const done = c.state === 'resolved' || c.state === 'closed';
  // Only the member herself sees her number whole; staff and the desk see it masked and reveal it (audited).
  const phone = c.contact.phone ? (audience === 'member' ? c.contact.phone : maskPhone(c.contact.phone)) : null;
  return {
    id: c.id,
    category: c.category,
    state: c.state,
    text: c.text,
    orderId: c.orderId,
    storeId: c.storeId,
    contact: { method: c.contact.method, phone },
    createdAt: c.createdAt,
    dueAt: c.dueAt,
    firstResponseAt: c.firstResponseAt,
    resolvedAt: c.resolvedAt,
    overdue: isOverdue(c, now),
    rating: c.rating,
    reopenUntil: done ? until : null,
    canReopen: done && !!until && now.getTime() <= Date.parse(until),
    canRate: done && !c.rating,
    updatedAt: c.updatedAt,
    ...(audience === 'member' ? {} : { memberId: c.memberId, assignee: c.assignee }),
    rev: c.rev,
  };
}

// ---- reading, with the ownership rules ----

async function memberOwned(session: Session, id: string) {
  const memberId = await resolveMemberId(session);
  const found = await getComplaintWithTimeline(id);
  if (!found || found.complaint.memberId !== memberId) throw fail('complaint_not_found', 'no such complaint');
  return { ...found, memberId };
}

function storeOf(session: Session): string {
  if (!session.storeId) throw fail('forbidden', 'this staff account has no store');
  return session.storeId;
}

async function staffVisible(session: Session, id: string) {
  const storeId = storeOf(session);
  const found = await getComplaintWithTimeline(id);
  if (!found) throw fail('complaint_not_found', 'no such complaint');
  if (found.complaint.storeId !== storeId) throw fail('forbidden', "this complaint is not about your store");
  return found;
}

async function adminVisible(id: string) {
  const found = await getComplaintWithTimeline(id);
  if (!found) throw fail('complaint_not_found', 'no such complaint');
  return found;
}

function detail(found: { complaint: ComplaintRecord; events: ComplaintEventRecord[] }, audience: Audience): ComplaintDetail {
  const now = clock.now();
  return { ...complaintView(found.complaint, audience, now), timeline: found.events.map(eventView) };
}

export const myComplaint = async (session: Session, id: string) => detail(await memberOwned(session, id), 'member');
export const staffComplaint = async (session: Session, id: string) => detail(await staffVisible(session, id), 'staff');
export const adminComplaint = async (id: string) => detail(await adminVisible(id), 'admin');

/**
 * The full number of a member who asked to be phoned back, for her store's clerk to call: another
 * store's complaint is 403, one without a phone 409. Each reveal is audited (who, when, which
 * complaint) before the number is answered; a reveal that could not be audited answers no number.
 */
export async function staffComplaintPhone(session: Session, id: string): Promise<{ complaintId: string; phone: string }> {
  const { complaint } = await staffVisible(session, id);
  if (complaint.contact.method !== 'phone' || !complaint.contact.phone) {
    throw fail('no_contact_phone', 'the member did not choose to be phoned back', [{ path: 'complaintId', message: 'no phone to call' }]);
  }
  const w = await recordPhoneReveal({ at: clock.now().toISOString(), actor: session.openid, complaintId: id, storeId: storeOf(session) });
  if (!w.ok) throw fail('busy', 'the reveal could not be audited; try again');
  return { complaintId: id, phone: complaint.contact.phone };
}

/** The same for the desk: an admin holding the `phones` permission (403 otherwise); audited with the member. */
export async function adminComplaintPhone(session: Session, id: string): Promise<{ complaintId: string; phone: string }> {
  await requirePhonePermission(session);
  const { complaint } = await adminVisible(id);
  if (complaint.contact.method !== 'phone' || !complaint.contact.phone) {
    throw fail('no_contact_phone', 'the member did not choose to be phoned back', [{ path: 'complaintId', message: 'no phone to call' }]);
  }
  const w = await recordPhoneReveal({ at: clock.now().toISOString(), actor: session.openid, complaintId: id, storeId: complaint.storeId ?? null, memberId: complaint.memberId });
  if (!w.ok) throw fail('busy', 'the reveal could not be audited; try again');
  return { complaintId: id, phone: complaint.contact.phone };
}

export async function myComplaints(session: Session): Promise<{ complaints: ComplaintView[] }> {
  const memberId = await resolveMemberId(session);
  const now = clock.now();
  return { complaints: (await listMemberComplaints(memberId)).map((c) => complaintView(c, 'member', now)) };
}

const filterBy = (list: ComplaintRecord[], now: Date, q: { state?: ComplaintState | undefined; overdue?: boolean | undefined }) =>
  list.filter((c) => (q.state === undefined || c.state === q.state) && (q.overdue === undefined || isOverdue(c, now) === q.overdue));

export async function staffComplaints(session: Session, q: { state?: ComplaintState | undefined; overdue?: boolean | undefined }) {
  const storeId = storeOf(session);
  const now = clock.now();
  return { complaints: filterBy(await listStoreComplaints(storeId), now, q).map((c) => complaintView(c, 'staff', now)) };
}

/** How many resolved or closed complaints the desk shows per state: the most recent. */
const FINISHED_SHOWN = 300;

/**
 * The desk: by store (that store's partition), overdue (the open states' partitions, only what
 * was due before now), or by state; with no filter, open complaints first, soonest due first.
 */
export async function adminComplaints(q: { state?: ComplaintState | undefined; overdue?: boolean | undefined; storeId?: string | undefined }) {
  const now = clock.now();
  let list: ComplaintRecord[];
  if (q.storeId) list = await listStoreComplaints(q.storeId);
  else if (q.overdue === true) {
    const states = (['new', 'in_progress'] as ComplaintState[]).filter((s) => q.state === undefined || s === q.state);
    list = (await Promise.all(states.map((s) => listDeskComplaints(s, now.toISOString())))).flat();
  } else {
    const states = q.state ? [q.state] : [...COMPLAINT_STATES];
    // Open states in full (the work queue); finished ones, the most recent few hundred.
    const finished = (s: ComplaintState) => (s === 'resolved' || s === 'closed' ? { limit: FINISHED_SHOWN } : undefined);
    list = (await Promise.all(states.map((s) => listDeskComplaints(s, undefined, finished(s))))).flat();
  }
  return { complaints: filterBy(list, now, q).map((c) => complaintView(c, 'admin', now)) };
}

// ---- changes ----

function refused(r: Refusal): AppError {
  return fail(r.code, r.message, [{ path: r.field, message: r.message }]);
}

/**
 * Reads the complaint, decides what the change does (decide.ts, pure), writes it at the revision
 * read with its event (one unit of work); a moved revision makes it read and decide again (so a
 * second "resolve" racing the first is refused, not written twice).
 */
async function change(id: string, by: ComplaintActor, actor: string, check: (c: ComplaintRecord) => void, decide: (c: ComplaintRecord, now: Date) => Change) {
  for (let attempt = 0; attempt < 8; attempt++) {
    const c = await getComplaint(id);
    if (!c) throw fail('complaint_not_found', 'no such complaint');
    check(c);
    const now = clock.now();
    const d = decideChange(c, by, decide(c, now), now);
    if (!d.ok) throw refused(d.refusal);
    const out = await recordComplaintMove(d.next, c.rev, d.event, actor);
    if (out.ok) return;
    await pause(attempt);
  }
  throw fail('busy', 'the complaint is being changed by someone else; try again');
}

const noCheck = () => undefined;
const memberCheck = (memberId: string) => (c: ComplaintRecord) => {
  if (c.memberId !== memberId) throw fail('complaint_not_found', 'no such complaint');
};
const staffCheck = (storeId: string) => (c: ComplaintRecord) => {
  if (c.storeId !== storeId) throw fail('forbidden', 'this complaint is not about your store');
};

export async function createComplaint(session: Session, body: CreateComplaintRequest): Promise<ComplaintDetail> {
  const memberId = await resolveMemberId(session);
  if (body.storeId && !(await storeExists(body.storeId))) {
    throw fail('unknown_store', 'no such store', [{ path: 'storeId', message: 'no such store' }]);
  }
  const content = {
    category: body.category,
    text: body.text,
    orderId: body.orderId ?? null,
    storeId: body.storeId ?? null,
    contact: { method: body.contact.method, phone: body.contact.method === 'phone' ? (body.contact.phone ?? null) : null },
  };
  const fingerprint = createHash('sha256').update(JSON.stringify(content)).digest('base64url').slice(0, 22);
  for (let attempt = 0; attempt < 8; attempt++) {
    const now = clock.now();
    const { complaint: c, event } = newComplaint(newComplaintId(now), memberId, content, now);
    const out = await recordNewComplaint(c, event, { requestId: body.requestId, fingerprint }, session.openid);
    if (out.ok) return myComplaint(session, c.id);
    if (out.failed === 'request_seen') {
      const old = out.first;
      if (old && old.fingerprint !== fingerprint) throw fail('request_reused', 'this request id was used for another complaint');
      const firstId = old?.complaintId;
      if (firstId) return myComplaint(session, firstId);
    }
    await pause(attempt);
  }
  throw fail('busy', 'could not file the complaint; try again with the same request id');
}

export async function rateComplaint(session: Session, id: string, score: number, comment: string): Promise<ComplaintDetail> {
  const memberId = await resolveMemberId(session);
  await change(id, 'member', session.openid, memberCheck(memberId), ratingChange(memberId, score, comment));
  return myComplaint(session, id);
}

export async function reopenComplaint(session: Session, id: string, reason: string | undefined): Promise<ComplaintDetail> {
  const memberId = await resolveMemberId(session);
  await change(id, 'member', session.openid, memberCheck(memberId), reopenChange(reason));
  return myComplaint(session, id);
}

export async function staffReply(session: Session, id: string, text: string) {
  await change(id, 'staff', session.openid, staffCheck(storeOf(session)), replyChange('staff', text));
  return staffComplaint(session, id);
}

export async function staffTransition(session: Session, id: string, action: DeskMove, note?: string) {
  await change(id, 'staff', session.openid, staffCheck(storeOf(session)), moveChange('staff', action, note));
  return staffComplaint(session, id);
}

export async function adminReply(session: Session, id: string, text: string) {
  await change(id, 'admin', session.openid, noCheck, replyChange('admin', text));
  return adminComplaint(id);
}

export async function adminTransition(session: Session, id: string, action: DeskMove, note?: string) {
  await change(id, 'admin', session.openid, noCheck, moveChange('admin', action, note));
  return adminComplaint(id);
}

export async function adminAssign(session: Session, id: string, a: { storeId?: string | undefined; assignee?: string | undefined }) {
  if (a.storeId && !(await storeExists(a.storeId))) {
    throw fail('unknown_store', 'no such store', [{ path: 'storeId', message: 'no such store' }]);
  }
  await change(id, 'admin', session.openid, noCheck, assignChange(a));
  return adminComplaint(id);
}
