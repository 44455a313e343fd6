/**
 * The pure part of campaigns (no I/O; unit-testable): what an approval-flow move makes of a
 * campaign, whether and how a run may start, and what closing a run leaves. The rules themselves
 * are shared/domain/campaigns.ts (transition, nextRun) and care.ts (isQuietAt); the use cases read,
 * call a decision here, and write its result with one unit of work (campaign-repo).
 */
import { nextRun, transition, type CampaignAction, type CampaignRunSlot } from '../../shared/domain/campaigns';
import { isQuietAt, type QuietHours } from '../../shared/domain/care';
import type { CampaignRecord } from '../adapters/dynamo/campaign-repo';

/** How long a run holds its campaign; a run that died is resumed by the scheduler after this. */
export const LEASE_MS = 15 * 60_000;

/** A refusal, in the error catalogue's terms (`situation` when the code answers another status there). */
export interface CampaignRefusal {
  code: 'campaign_state' | 'same_approver' | 'schedule_over' | 'campaign_running' | 'quiet_hours';
  situation?: 'state';
  message: string;
  field: string;
  fieldMessage: string;
}

export type FlowMove = Extract<CampaignAction, 'submit' | 'approve' | 'reject' | 'cancel'>;

/** An admin's move: the campaign after it and the due marker it puts (approve) or removes (cancel). */
export function decideMove(
  c: CampaignRecord,
  action: FlowMove,
  actor: string,
  now: Date,
  reason?: string,
): { ok: false; refusal: CampaignRefusal } | { ok: true; next: CampaignRecord; due: { put?: string; remove?: string } } {
  const t = transition(c, action, actor);
  if (!t.ok) return { ok: false, refusal: { code: t.code, message: t.message, field: t.field, fieldMessage: t.message } };
  const at = now.toISOString();
  const next: CampaignRecord = { ...c, state: t.state };
  const due: { put?: string; remove?: string } = {};
  if (action === 'submit') Object.assign(next, { submittedBy: actor, submittedAt: at });
  if (action === 'reject') Object.assign(next, { rejectedBy: actor, rejectedAt: at, rejectReason: reason ?? null });
  if (action === 'approve') {
    const slot = nextRun(c.definition.schedule, now);
    if (!slot) return { ok: false, refusal: { code: 'schedule_over', message: 'this campaign has no run left in its schedule', field: 'schedule', fieldMessage: 'nothing left to run' } };
    Object.assign(next, { approvedBy: actor, approvedAt: at, nextRunAt: slot.at, nextRunId: slot.runId });
    due.put = slot.at;
  }
  if (action === 'cancel') {
    Object.assign(next, { cancelledBy: actor, cancelledAt: at, nextRunAt: null, nextRunId: null });
    if (c.nextRunAt) due.remove = c.nextRunAt;
  }
  return { ok: true, next, due };
}

export type RunStart =
  | { kind: 'refuse'; refusal: CampaignRefusal }
  | { kind: 'skip'; reason: string }
  | { kind: 'claim'; claimed: CampaignRecord; slot: CampaignRunSlot };

const running: CampaignRefusal = { code: 'campaign_running', message: 'this campaign is running now', field: 'state', fieldMessage: 'running' };
/** What run-now answers when another run holds the campaign (its claim lost the race). */
export const runningRefusal = running;

/**
 * Whether the next occurrence runs now. The scheduler runs only what is due and skips what it may
 * not run; an admin (run-now) runs early but is refused while a run holds the lease, when the
 * campaign is not approved, or inside the quiet hours (the occurrence would reach nobody). A run
 * that died is taken over once its lease has passed.
 */
export function decideRunStart(c: CampaignRecord, by: 'scheduler' | 'admin', actor: string, now: Date, quietHours: QuietHours | null): RunStart {
  const at = now.toISOString();
  const leaseHeld = c.state === 'running' && c.leaseUntil !== null && c.leaseUntil > at;
  if (by === 'admin') {
    if (leaseHeld) return { kind: 'refuse', refusal: running };
    if (c.state !== 'approved' && c.state !== 'running') {
      return { kind: 'refuse', refusal: { code: 'campaign_state', message: `a ${c.state} campaign cannot run; it must be approved`, field: 'state', fieldMessage: c.state } };
    }
    if (isQuietAt(now, quietHours)) {
      const q = quietHours!;
      return {
        kind: 'refuse',
        refusal: { code: 'quiet_hours', situation: 'state', message: `no messages are sent from ${q.start} to ${q.end} (Asia/Shanghai); run it after ${q.end}`, field: 'quietHours', fieldMessage: `now is inside ${q.start}-${q.end}` },
      };
    }
  } else {
    if (leaseHeld || (c.state !== 'approved' && c.state !== 'running')) return { kind: 'skip', reason: `state ${c.state}` };
    if (!c.nextRunAt || c.nextRunAt > at) return { kind: 'skip', reason: 'not due' };
  }
  if (!c.nextRunId || !c.nextRunAt) return { kind: 'skip', reason: 'nothing to run' };
  const t = transition(c, 'start', actor);
  if (!t.ok) return { kind: 'skip', reason: t.message };
  return { kind: 'claim', claimed: { ...c, state: 'running', leaseUntil: new Date(now.getTime() + LEASE_MS).toISOString() }, slot: { runId: c.nextRunId, at: c.nextRunAt } };
}

/** After a run: the campaign back to approved with its next occurrence, or done; the due marker it moves to. */
export function decideRunClose(c: CampaignRecord, slot: CampaignRunSlot, now: Date): { next: CampaignRecord; upcoming: CampaignRunSlot | null } {
  const upcoming = nextRun(c.definition.schedule, now, slot.runId);
  const next: CampaignRecord = {
    ...c,
    state: upcoming ? 'approved' : 'done',
    nextRunAt: upcoming?.at ?? null,
    nextRunId: upcoming?.runId ?? null,
    lastRunId: slot.runId,
    runs: c.runs + 1,
    leaseUntil: null,
  };
  return { next, upcoming };
}
