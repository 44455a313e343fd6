/** The pure decisions of complaint moves and the campaign run (functions/{complaints,campaigns}/decide.ts), without a database. */
import type { CampaignRecord } from '../../functions/adapters/dynamo/campaign-repo';
import type { ComplaintRecord } from '../../functions/adapters/dynamo/complaint-repo';
import { decideMove, decideRunClose, decideRunStart, LEASE_MS } from '../../functions/campaigns/decide';
import { decideChange, moveChange, newComplaint, replyChange } from '../../functions/complaints/decide';

const now = new Date('2026-11-24T04:00:00Z');

describe('complaint changes', () => {
  const filed = newComplaint('C1', 'm1', { category: 'product', text: '破了', orderId: null, storeId: 'S001', contact: { method: 'none', phone: null } }, new Date('2026-11-23T04:00:00Z'));

  test('a new complaint is new, due 24 hours later, with its created event', () => {
    expect(filed.complaint).toMatchObject({ state: 'new', rev: 0, dueAt: '2026-11-24T04:00:00.000Z', firstResponseAt: null });
    expect(filed.event).toMatchObject({ type: 'created', state: 'new', by: 'member', complaintId: 'C1' });
  });

  test('a first reply by staff starts it and records the first response, at the next revision', () => {
    const c: ComplaintRecord = filed.complaint;
    const d = decideChange(c, 'staff', replyChange('staff', '已联系')(c, now), now);
    if (!d.ok) throw new Error('refused');
    expect(d.next).toMatchObject({ state: 'in_progress', rev: 1, firstResponseAt: now.toISOString(), updatedAt: now.toISOString() });
    expect(d.event).toMatchObject({ type: 'replied', text: '已联系', by: 'staff', at: now.toISOString() });
  });

  test('a refused move writes nothing: the refusal names action or state', () => {
    const c: ComplaintRecord = { ...filed.complaint, state: 'closed' };
    const d = decideChange(c, 'admin', moveChange('admin', 'resolve', undefined)(c, now), now);
    expect(d.ok).toBe(false);
    if (!d.ok) expect(['action', 'state']).toContain(d.refusal.field);
  });
});

describe('campaign decisions', () => {
  const base: CampaignRecord = {
    id: 'cmp_1',
    state: 'approved',
    definition: { name: 'x', segmentId: 's', template: { templateId: 't', fields: {} }, schedule: { once: { at: '2026-11-24T03:00:00.000Z' } } } as never,
    segmentName: null,
    couponName: null,
    createdBy: 'a1',
    createdAt: '2026-11-20T00:00:00.000Z',
    submittedBy: null,
    submittedAt: null,
    approvedBy: 'a2',
    approvedAt: null,
    rejectedBy: null,
    rejectedAt: null,
    rejectReason: null,
    cancelledBy: null,
    cancelledAt: null,
    nextRunAt: '2026-11-24T03:00:00.000Z',
    nextRunId: 'once',
    lastRunId: null,
    runs: 0,
    leaseUntil: null,
    rev: 3,
  };

  test('a due approved campaign is claimed with a lease', () => {
    const d = decideRunStart(base, 'scheduler', 'scheduler', now, null);
    expect(d).toMatchObject({ kind: 'claim', slot: { runId: 'once', at: base.nextRunAt }, claimed: { state: 'running', leaseUntil: new Date(now.getTime() + LEASE_MS).toISOString() } });
  });

  test('the scheduler skips what is not due or held; run-now is refused while held or inside quiet hours', () => {
    expect(decideRunStart({ ...base, nextRunAt: '2026-11-25T00:00:00.000Z' }, 'scheduler', 'scheduler', now, null)).toEqual({ kind: 'skip', reason: 'not due' });
    const held = { ...base, state: 'running' as const, leaseUntil: '2026-11-24T04:10:00.000Z' };
    expect(decideRunStart(held, 'scheduler', 'scheduler', now, null)).toEqual({ kind: 'skip', reason: 'state running' });
    expect(decideRunStart(held, 'admin', 'a1', now, null)).toMatchObject({ kind: 'refuse', refusal: { code: 'campaign_running' } });
    // 12:00 in Shanghai inside quiet hours 11:00-13:00.
    expect(decideRunStart(base, 'admin', 'a1', now, { start: '11:00', end: '13:00' })).toMatchObject({ kind: 'refuse', refusal: { code: 'quiet_hours', situation: 'state', field: 'quietHours' } });
  });

  test('closing a one-off run leaves it done with no due marker', () => {
    const { next, upcoming } = decideRunClose({ ...base, state: 'running' }, { runId: 'once', at: base.nextRunAt! }, now);
    expect(upcoming).toBeNull();
    expect(next).toMatchObject({ state: 'done', nextRunAt: null, nextRunId: null, lastRunId: 'once', runs: 1, leaseUntil: null });
  });

  test('the creator cannot approve; cancelling removes the due marker', () => {
    const pending = { ...base, state: 'pending_approval' as const, nextRunAt: null, nextRunId: null };
    expect(decideMove(pending, 'approve', 'a1', now)).toMatchObject({ ok: false, refusal: { code: 'same_approver' } });
    expect(decideMove(base, 'cancel', 'a2', now)).toMatchObject({ ok: true, due: { remove: base.nextRunAt }, next: { state: 'cancelled', nextRunAt: null } });
  });
});
