import fc from 'fast-check';
import {
  COMPLAINT_MOVES,
  COMPLAINT_STATES,
  REOPEN_DAYS,
  TRANSITIONS,
  applyAssign,
  applyMove,
  applyRating,
  applyReply,
  eventSummary,
  firstResponseDue,
  isOverdue,
  type ComplaintActor,
  type ComplaintFacts,
  type ComplaintMove,
  type ComplaintState,
} from '../../shared/domain/complaints';
import { ComplaintContact, CreateComplaintRequest } from '../../shared/contract';

const T0 = new Date('2026-11-23T02:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (ms: number) => new Date(T0.getTime() + ms);
const facts = (over: Partial<ComplaintFacts> = {}): ComplaintFacts => ({
  state: 'new',
  createdAt: T0.toISOString(),
  resolvedAt: null,
  firstResponseAt: null,
  rating: null,
  ...over,
});

/** The only legal moves, written out by hand (state, move, actor) -> next state. */
const LEGAL: [ComplaintState, ComplaintMove, ComplaintActor, ComplaintState][] = [
  ['new', 'start', 'staff', 'in_progress'],
  ['new', 'start', 'admin', 'in_progress'],
  ['in_progress', 'resolve', 'staff', 'resolved'],
  ['in_progress', 'resolve', 'admin', 'resolved'],
  ['resolved', 'close', 'staff', 'closed'],
  ['resolved', 'close', 'admin', 'closed'],
  ['resolved', 'reopen', 'member', 'in_progress'],
  ['closed', 'reopen', 'member', 'in_progress'],
];
const ACTORS: ComplaintActor[] = ['member', 'staff', 'admin'];

describe('complaint state machine', () => {
  test('every legal move leads where the table says; every other (state, move, actor) is refused', () => {
    for (const state of COMPLAINT_STATES) {
      for (const move of COMPLAINT_MOVES) {
        for (const by of ACTORS) {
          const c = facts({ state, resolvedAt: state === 'resolved' || state === 'closed' ? at(DAY).toISOString() : null });
          const r = applyMove(c, move, by, at(2 * DAY));
          const legal = LEGAL.find(([s, m, a]) => s === state && m === move && a === by);
          if (legal) expect(r).toMatchObject({ ok: true, to: legal[3] });
          else expect(r).toMatchObject({ ok: false, field: 'action' });
        }
      }
    }
  });

  test('reopen only within 7 days of the resolution (field: state)', () => {
    const resolvedAt = at(DAY).toISOString();
    for (const state of ['resolved', 'closed'] as const) {
      const c = facts({ state, resolvedAt });
      expect(applyMove(c, 'reopen', 'member', at(DAY + REOPEN_DAYS * DAY))).toMatchObject({ ok: true, to: 'in_progress', event: 'reopened' });
      expect(applyMove(c, 'reopen', 'member', at(DAY + REOPEN_DAYS * DAY + 1))).toMatchObject({ ok: false, field: 'state', code: 'reopen_window_passed' });
    }
  });

  test('a reply: by the desk only, while open; the first one starts a new complaint', () => {
    expect(applyReply(facts(), 'staff')).toMatchObject({ ok: true, to: 'in_progress', event: 'replied' });
    expect(applyReply(facts({ state: 'in_progress' }), 'admin')).toMatchObject({ ok: true, to: 'in_progress' });
    expect(applyReply(facts(), 'member')).toMatchObject({ ok: false, field: 'action' });
    expect(applyReply(facts({ state: 'resolved' }), 'admin')).toMatchObject({ ok: false, field: 'state' });
    expect(applyReply(facts({ state: 'closed' }), 'staff')).toMatchObject({ ok: false, field: 'state' });
  });

  test('assignment while open only', () => {
    expect(applyAssign(facts())).toMatchObject({ ok: true, to: 'new', event: 'assigned' });
    expect(applyAssign(facts({ state: 'in_progress' }))).toMatchObject({ ok: true, to: 'in_progress' });
    expect(applyAssign(facts({ state: 'resolved' }))).toMatchObject({ ok: false, field: 'state' });
    expect(applyAssign(facts({ state: 'closed' }))).toMatchObject({ ok: false, field: 'state' });
  });

  test('rating: once, after resolution, by the owner', () => {
    const mine = (over: Partial<ComplaintFacts>) => ({ ...facts(over), memberId: 'm_owner000001' });
    expect(applyRating(mine({ state: 'resolved' }), 'm_owner000001', 5)).toMatchObject({ ok: true, event: 'rated', to: 'resolved' });
    expect(applyRating(mine({ state: 'closed' }), 'm_owner000001', 1)).toMatchObject({ ok: true, to: 'closed' });
    expect(applyRating(mine({ state: 'in_progress' }), 'm_owner000001', 4)).toMatchObject({ ok: false, field: 'state', code: 'not_resolved' });
    expect(applyRating(mine({ state: 'new' }), 'm_owner000001', 4)).toMatchObject({ ok: false, field: 'state' });
    expect(applyRating(mine({ state: 'resolved' }), 'm_someoneelse', 4)).toMatchObject({ ok: false, code: 'not_owner' });
    expect(applyRating(mine({ state: 'resolved', rating: { score: 3, comment: '', at: T0.toISOString() } }), 'm_owner000001', 4)).toMatchObject({
      ok: false,
      field: 'state',
      code: 'already_rated',
    });
    expect(applyRating(mine({ state: 'resolved' }), 'm_owner000001', 6)).toMatchObject({ ok: false });
  });

  test('first response due 24 hours after filing; overdue only while open and unanswered', () => {
    expect(firstResponseDue(T0.toISOString())).toBe('2026-11-24T02:00:00.000Z');
    expect(isOverdue(facts(), at(24 * HOUR))).toBe(false);
    expect(isOverdue(facts(), at(24 * HOUR + 1))).toBe(true);
    expect(isOverdue(facts({ state: 'in_progress' }), at(30 * HOUR))).toBe(true);
    expect(isOverdue(facts({ state: 'in_progress', firstResponseAt: at(HOUR).toISOString() }), at(30 * HOUR))).toBe(false);
    expect(isOverdue(facts({ state: 'resolved' }), at(30 * HOUR))).toBe(false);
  });

  test('event summaries fit a WeChat thing field (20 characters)', () => {
    expect([...eventSummary('replied', { text: '您好，我们已经联系门店为您更换商品，请留意电话' })].length).toBeLessThanOrEqual(20);
    expect(eventSummary('rated', { score: 5 })).toContain('5');
    expect(eventSummary('replied', { by: 'staff', text: '已到店' })).toBe('门店回复：已到店');
    expect(eventSummary('replied', { by: 'admin', text: '已处理' })).toBe('客服回复：已处理');
  });

  test('property: over any sequence of moves and time steps the state stays legal and illegal moves change nothing', () => {
    const step = fc.record({
      kind: fc.constantFrom('move', 'reply', 'assign', 'rate'),
      move: fc.constantFrom<ComplaintMove>(...COMPLAINT_MOVES),
      by: fc.constantFrom<ComplaintActor>(...ACTORS),
      advanceMs: fc.integer({ min: 0, max: 4 * DAY }),
      score: fc.integer({ min: 0, max: 6 }),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        let now = T0.getTime();
        let c = { ...facts(), memberId: 'm_owner000001' };
        for (const s of steps) {
          now += s.advanceMs;
          const before = { ...c };
          const r =
            s.kind === 'move'
              ? applyMove(c, s.move, s.by, new Date(now))
              : s.kind === 'reply'
                ? applyReply(c, s.by)
                : s.kind === 'assign'
                  ? applyAssign(c)
                  : applyRating(c, 'm_owner000001', s.score);
          if (s.kind === 'move') {
            const to = TRANSITIONS[c.state][s.move];
            const actorOk = s.move === 'reopen' ? s.by === 'member' : s.by !== 'member';
            const windowOk = s.move !== 'reopen' || (c.resolvedAt !== null && now - Date.parse(c.resolvedAt) <= REOPEN_DAYS * DAY);
            expect(r.ok).toBe(!!to && actorOk && windowOk);
          }
          if (!r.ok) {
            expect(['action', 'state']).toContain(r.field);
            expect(c).toEqual(before);
            continue;
          }
          // What the use case writes.
          const iso = new Date(now).toISOString();
          c = {
            ...c,
            state: r.to,
            ...(s.kind === 'reply' ? { firstResponseAt: c.firstResponseAt ?? iso } : {}),
            ...(s.kind === 'move' && s.move === 'resolve' ? { resolvedAt: iso } : {}),
            ...(s.kind === 'rate' ? { rating: { score: s.score, comment: '', at: iso } } : {}),
          };
          expect(COMPLAINT_STATES).toContain(c.state);
          if (c.state === 'resolved' || c.state === 'closed') expect(c.resolvedAt).not.toBeNull();
          if (c.rating) expect(['resolved', 'closed', 'in_progress']).toContain(c.state);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('complaint contract', () => {
  test('a phone contact needs a phone number', () => {
    expect(ComplaintContact.safeParse({ method: 'phone' }).success).toBe(false);
    expect(ComplaintContact.safeParse({ method: 'phone', phone: '13800000000' }).success).toBe(true);
    expect(ComplaintContact.safeParse({ method: 'wechat' }).success).toBe(true);
  });
  test('categories are closed; the request id is required', () => {
    const ok = { requestId: 'req-12345678', category: 'delivery', text: '快递一直没有送到', contact: { method: 'none' } };
    expect(CreateComplaintRequest.safeParse(ok).success).toBe(true);
    expect(CreateComplaintRequest.safeParse({ ...ok, category: 'price' }).success).toBe(false);
    expect(CreateComplaintRequest.safeParse({ ...ok, requestId: undefined }).success).toBe(false);
  });
});
