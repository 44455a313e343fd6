/**
 * The pure part of complaint changes (no I/O; unit-testable): what a move, reply, assignment or
 * rating makes of the complaint as read, and the timeline event it adds. The rules themselves are
 * shared/domain/complaints.ts (applyMove, applyReply, applyAssign, applyRating); the use cases read
 * the complaint, call a decision here, and write its result with one unit of work.
 */
import {
  applyAssign,
  applyMove,
  applyRating,
  applyReply,
  eventSummary,
  firstResponseDue,
  type ComplaintActor,
  type DeskMove,
  type MoveResult,
  type Refusal,
} from '../../shared/domain/complaints';
import type { ComplaintRecord, NewComplaintEvent } from '../adapters/dynamo/complaint-repo';

/** What one change does, as the rules answer it, with the fields it sets and what its event says. */
export interface Change {
  result: MoveResult;
  patch?: Partial<ComplaintRecord>;
  text?: string | null;
  note?: string | null;
  score?: number;
}

export type ChangeDecision = { ok: false; refusal: Refusal } | { ok: true; next: ComplaintRecord; event: NewComplaintEvent };

/** The complaint after the change (next revision) and its event; a refusal writes nothing. */
export function decideChange(c: ComplaintRecord, by: ComplaintActor, change: Change, now: Date): ChangeDecision {
  if (!change.result.ok) return { ok: false, refusal: change.result };
  const at = now.toISOString();
  const next: ComplaintRecord = { ...c, ...change.patch, state: change.result.to, updatedAt: at, rev: c.rev + 1 };
  const event: NewComplaintEvent = {
    kind: 'complaint',
    type: change.result.event,
    memberId: c.memberId,
    complaintId: c.id,
    state: next.state,
    summary: eventSummary(change.result.event, { by, ...(change.text ? { text: change.text } : {}), ...(change.score !== undefined ? { score: change.score } : {}) }),
    at,
    by,
    text: change.text ?? null,
    note: change.note ?? null,
  };
  return { ok: true, next, event };
}

/** A reply by staff or the desk (the first one starts a new complaint and marks the first response). */
export const replyChange =
  (by: ComplaintActor, text: string) =>
  (c: ComplaintRecord, now: Date): Change => ({
    result: applyReply(c, by),
    patch: { firstResponseAt: c.firstResponseAt ?? now.toISOString() },
    text,
  });

/** A desk move (start, resolve, close) by staff or the desk. */
export const moveChange =
  (by: ComplaintActor, action: DeskMove, note: string | undefined) =>
  (c: ComplaintRecord, now: Date): Change => ({
    result: applyMove(c, action, by, now),
    patch: action === 'resolve' ? { resolvedAt: now.toISOString() } : {},
    note: note || null,
  });

/** The member reopens a resolved or closed complaint. */
export const reopenChange = (reason: string | undefined) => (c: ComplaintRecord, now: Date): Change => ({ result: applyMove(c, 'reopen', 'member', now), note: reason || null });

/** The member rates it, once. */
export const ratingChange = (memberId: string, score: number, comment: string) => (c: ComplaintRecord, now: Date): Change => ({
  result: applyRating(c, memberId, score),
  patch: { rating: { score, comment, at: now.toISOString() } },
  note: comment || null,
  score,
});

/** The desk moves it to a store or a handler. */
export const assignChange = (a: { storeId?: string | undefined; assignee?: string | undefined }) => (c: ComplaintRecord): Change => ({
  result: applyAssign(c),
  patch: { ...(a.storeId ? { storeId: a.storeId } : {}), ...(a.assignee ? { assignee: a.assignee } : {}) },
  note: [a.storeId ? `门店 ${a.storeId}` : '', a.assignee ? `处理人 ${a.assignee}` : ''].filter(Boolean).join('，') || null,
});

/** A new complaint (state new, first response due in 24 hours) and its 'created' event. */
export function newComplaint(
  id: string,
  memberId: string,
  content: Pick<ComplaintRecord, 'category' | 'text' | 'orderId' | 'storeId' | 'contact'>,
  now: Date,
): { complaint: ComplaintRecord; event: NewComplaintEvent } {
  const at = now.toISOString();
  const complaint: ComplaintRecord = {
    id,
    memberId,
    state: 'new',
    ...content,
    assignee: null,
    createdAt: at,
    dueAt: firstResponseDue(at),
    firstResponseAt: null,
    resolvedAt: null,
    rating: null,
    updatedAt: at,
    rev: 0,
  };
  const event: NewComplaintEvent = { kind: 'complaint', type: 'created', memberId, complaintId: id, state: 'new', summary: eventSummary('created'), at, by: 'member', text: null, note: null };
  return { complaint, event };
}
