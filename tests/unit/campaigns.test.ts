import fc from 'fast-check';
import { CampaignInput } from '../../shared/contract/campaigns';
import {
  CAMPAIGN_ACTIONS,
  CAMPAIGN_STATES,
  nextRun,
  renderCampaignFields,
  scheduleProblems,
  tallyRun,
  transition,
  zonedInstant,
  type CampaignSchedule,
} from '../../shared/domain/campaigns';

describe('campaign approval: the state machine', () => {
  const c = (state: (typeof CAMPAIGN_STATES)[number]) => ({ state, createdBy: 'alice' });

  test('draft -> pending_approval -> approved -> running -> approved | done', () => {
    expect(transition(c('draft'), 'submit', 'alice')).toEqual({ ok: true, state: 'pending_approval' });
    expect(transition(c('pending_approval'), 'approve', 'bob')).toEqual({ ok: true, state: 'approved' });
    expect(transition(c('approved'), 'start', 'scheduler')).toEqual({ ok: true, state: 'running' });
    expect(transition(c('running'), 'start', 'scheduler')).toEqual({ ok: true, state: 'running' });
    expect(transition(c('running'), 'finish', 'scheduler')).toEqual({ ok: true, state: 'approved' });
    expect(transition(c('running'), 'finishAll', 'scheduler')).toEqual({ ok: true, state: 'done' });
    expect(transition(c('pending_approval'), 'reject', 'bob')).toEqual({ ok: true, state: 'rejected' });
    expect(transition(c('approved'), 'cancel', 'alice')).toEqual({ ok: true, state: 'cancelled' });
  });

  test('the creator cannot approve her own campaign: 403 naming approvedBy', () => {
    expect(transition(c('pending_approval'), 'approve', 'alice')).toMatchObject({ ok: false, status: 403, code: 'same_approver', field: 'approvedBy' });
  });

  test('any other move is a 409 naming the state', () => {
    expect(transition(c('draft'), 'approve', 'bob')).toMatchObject({ ok: false, status: 409, field: 'state' });
    expect(transition(c('approved'), 'submit', 'alice')).toMatchObject({ ok: false, status: 409 });
    expect(transition(c('running'), 'cancel', 'alice')).toMatchObject({ ok: false, status: 409 });
    expect(transition(c('done'), 'start', 'scheduler')).toMatchObject({ ok: false, status: 409 });
    expect(transition(c('pending_approval'), 'start', 'scheduler')).toMatchObject({ ok: false, status: 409 });
  });

  test('property: nothing runs without passing an approval by someone other than the creator', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...CAMPAIGN_ACTIONS), fc.constantFrom('alice', 'bob', 'carol')), { maxLength: 12 }), (steps) => {
        let state: (typeof CAMPAIGN_STATES)[number] = 'draft';
        let approvedBy: string | null = null;
        for (const [action, actor] of steps) {
          const r = transition({ state, createdBy: 'alice' }, action, actor);
          if (!r.ok) continue;
          if (action === 'approve') approvedBy = actor;
          if (r.state === 'running') expect(approvedBy).not.toBeNull();
          state = r.state;
        }
        if (approvedBy !== null) expect(approvedBy).not.toBe('alice');
      }),
    );
  });
});

describe('campaign schedules in Asia/Shanghai', () => {
  test('a local time is UTC+8', () => {
    expect(zonedInstant('2026-11-23', '10:00').toISOString()).toBe('2026-11-23T02:00:00.000Z');
    expect(zonedInstant('2026-11-24', '00:30').toISOString()).toBe('2026-11-23T16:30:00.000Z');
  });

  test('once: one run at its instant, even when approved late', () => {
    const s: CampaignSchedule = { once: { at: '2026-11-23T06:00:00.000Z' } };
    expect(nextRun(s, new Date('2026-11-23T01:00:00Z'))).toEqual({ runId: 'once', at: '2026-11-23T06:00:00.000Z' });
    expect(nextRun(s, new Date('2026-11-24T01:00:00Z'))).toEqual({ runId: 'once', at: '2026-11-23T06:00:00.000Z' });
    expect(nextRun(s, new Date('2026-11-24T01:00:00Z'), 'once')).toBeNull();
  });

  test('daily at 10:00 local: the next one to come; missed days are skipped, not run as a backlog', () => {
    const s: CampaignSchedule = { recurring: { every: 'day', at: '10:00', from: '2026-11-20', until: '2026-11-25' } };
    expect(nextRun(s, new Date('2026-11-19T00:00:00Z'))).toEqual({ runId: '2026-11-20', at: '2026-11-20T02:00:00.000Z' });
    // Approved on the 23rd at 09:00 local: the 22nd's is due (late), it runs first, once.
    expect(nextRun(s, new Date('2026-11-23T01:00:00Z'))?.runId).toBe('2026-11-22');
    expect(nextRun(s, new Date('2026-11-23T01:00:00Z'), '2026-11-22')?.runId).toBe('2026-11-23');
    // Run early by hand (run-now) at 08:00 on the 23rd: the next is the 24th.
    expect(nextRun(s, new Date('2026-11-23T00:00:00Z'), '2026-11-23')).toEqual({ runId: '2026-11-24', at: '2026-11-24T02:00:00.000Z' });
    expect(nextRun(s, new Date('2026-11-26T03:00:00Z'), '2026-11-25')).toBeNull();
  });

  test('weekly from a Monday; monthly from the 31st keeps to the last day of shorter months', () => {
    const w: CampaignSchedule = { recurring: { every: 'week', at: '20:00', from: '2026-11-23' } };
    expect(nextRun(w, new Date('2026-11-23T13:00:00Z'), '2026-11-23')?.runId).toBe('2026-11-30');
    const m: CampaignSchedule = { recurring: { every: 'month', at: '09:30', from: '2027-01-31' } };
    expect(nextRun(m, new Date('2027-02-01T00:00:00Z'), '2027-01-31')).toEqual({ runId: '2027-02-28', at: '2027-02-28T01:30:00.000Z' });
    expect(nextRun(m, new Date('2027-03-01T00:00:00Z'), '2027-02-28')?.runId).toBe('2027-03-31');
  });

  test('property: runs come in order, never twice, never past until', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('day', 'week', 'month'),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 120 }),
        fc.array(fc.integer({ min: 0, max: 40 * 86_400_000 }), { minLength: 1, maxLength: 10 }),
        (every, startOffset, span, gaps) => {
          const from = new Date(Date.UTC(2026, 10, 1 + startOffset)).toISOString().slice(0, 10);
          const until = new Date(Date.UTC(2026, 10, 1 + startOffset + span)).toISOString().slice(0, 10);
          const s: CampaignSchedule = { recurring: { every, at: '10:00', from, until } };
          let now = Date.UTC(2026, 9, 25);
          let last: string | null = null;
          for (const g of gaps) {
            now += g;
            const n = nextRun(s, new Date(now), last);
            if (!n) break;
            expect(n.runId >= from && n.runId <= until).toBe(true);
            if (last !== null) expect(n.runId > last).toBe(true);
            if (n.at <= new Date(now).toISOString()) last = n.runId; // due: it runs
          }
        },
      ),
    );
  });

  test('a schedule must lie ahead when the campaign is made', () => {
    const now = new Date('2026-11-23T02:00:00Z');
    expect(scheduleProblems({ once: { at: '2026-11-23T01:00:00Z' } }, now)[0]?.path).toBe('schedule.once.at');
    expect(scheduleProblems({ recurring: { every: 'day', at: '10:00', from: '2026-11-22' } }, now)[0]?.path).toBe('schedule.recurring.from');
    expect(scheduleProblems({ recurring: { every: 'day', at: '10:00', from: '2026-11-23', until: '2026-11-22' } }, now)[0]?.path).toBe('schedule.recurring.until');
    expect(scheduleProblems({ recurring: { every: 'day', at: '10:00', from: '2026-11-23' } }, now)).toEqual([]);
  });
});

describe('campaign message fields', () => {
  test('placeholders are filled per member, empty ones become "-", texts cut to WeChat lengths', () => {
    const fields = { thing1: '{name}，双11会员专享', thing2: '送您{coupon}', date3: '{date}', phrase4: '限时特惠活动' };
    expect(renderCampaignFields(fields, { name: '王女士', coupon: '满300减50', date: '2026-11-23' })).toEqual({
      thing1: '王女士，双11会员专享',
      thing2: '送您满300减50',
      date3: '2026-11-23',
      phrase4: '限时特惠活',
    });
    expect(renderCampaignFields({ thing1: '{name}' }, { name: null })).toEqual({ thing1: '-' });
    expect([...renderCampaignFields({ thing1: '{name}'.repeat(30) }, { name: '很长' }).thing1!]).toHaveLength(20);
  });

  test('the contract names a field with an unknown placeholder', () => {
    const r = CampaignInput.safeParse({
      name: '双11',
      segmentId: 'seg_1',
      template: { templateId: 'tmpl-campaign', fields: { thing1: '{nickname}' } },
      schedule: { once: { at: '2026-11-23T06:00:00.000Z' } },
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['template', 'fields', 'thing1']);
  });

  test('a run tally: consent is everything but no_consent and opted_out', () => {
    const t = tallyRun([
      { outcome: 'sent', couponId: 'c1' },
      { outcome: 'no_consent', couponId: 'c2' },
      { outcome: 'quiet_hours', couponId: null },
      { outcome: 'opted_out', couponId: 'c3' },
    ]);
    expect(t).toMatchObject({ targeted: 4, consented: 2, sent: 1, couponsIssued: 3 });
    expect(t.outcomes.no_consent).toBe(1);
  });
});
