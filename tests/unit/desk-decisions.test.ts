/** The service desk's pure decisions: merging duplicates (shared/domain/merge.ts) and 换绑 (shared/domain/rebind.ts). */
import fc from 'fast-check';
import { balanceOf, credit, debit, normalize, type PointsState } from '../../shared/domain';
import { decideMerge, mergeRefusal, type MergeSideRead } from '../../shared/domain/merge';
import { decideRebindRequest, rebindState } from '../../shared/domain/rebind';

const day = fc.integer({ min: 0, max: 800 }).map((n) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));

/** An account built from a history of movements, with its ledger (what each movement added or took). */
const account = fc
  .array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 5_000 }), day, day), { maxLength: 12 })
  .map((moves) => {
    let state: PointsState = { buckets: [], debt: 0 };
    const ledger: number[] = [];
    for (const [earn, points, expires, available] of moves) {
      if (earn) {
        const c = credit(state, points, expires > available ? expires : available, available);
        ledger.push(balanceOf(c.state) - balanceOf(state));
        state = c.state;
      } else {
        const d = debit(state, points, '2026-01-01');
        if (!d.ok) continue;
        ledger.push(balanceOf(d.state) - balanceOf(state));
        state = d.state;
      }
    }
    return { state, ledger };
  });

const tags = fc.uniqueArray(fc.constantFrom('蕾丝', '高消费', '门店老客', '生日'), { maxLength: 4 });
const side = (memberId: string, a: { state: PointsState }, t: string[], openid: string | null): MergeSideRead => ({
  memberId,
  mergedInto: null,
  familyRole: 'none',
  points: a.state,
  tags: t,
  openid,
});

describe('merge decision (points conserved for any balances and ledgers)', () => {
  test('the sum is unchanged, the merged side is empty, each ledger still sums to its balance', () => {
    fc.assert(
      fc.property(account, account, tags, tags, fc.option(fc.constant('o-k')), fc.option(fc.constant('o-m')), (keep, merge, kt, mt, ko, mo) => {
        const d = decideMerge(side('m_keep', keep, kt, ko), side('m_merge', merge, mt, mo), 'ref');
        if (!d.ok) throw new Error(`refused: ${d.refusal}`);
        const before = balanceOf(keep.state) + balanceOf(merge.state);
        expect(balanceOf(d.keep.next) + balanceOf(d.merge.next)).toBe(before);
        expect(balanceOf(d.merge.next)).toBe(0);
        expect(d.moved).toBe(balanceOf(merge.state));
        // ledger = balance on both sides after the two movements
        const keepLedger = [...keep.ledger, ...d.keep.entries.map((e) => e.points)].reduce((s, x) => s + x, 0);
        const mergeLedger = [...merge.ledger, ...d.merge.entries.map((e) => e.points)].reduce((s, x) => s + x, 0);
        expect(keepLedger).toBe(balanceOf(d.keep.next));
        expect(mergeLedger).toBe(balanceOf(d.merge.next));
        // the two movements mirror each other, and nothing is written when nothing moves
        expect(d.keep.entries.map((e) => e.points)).toEqual(d.merge.entries.map((e) => -e.points));
        if (d.moved === 0) expect(d.keep.entries).toEqual([]);
        // expiry dates travel with the points: the kept buckets are the union of both
        expect(d.keep.next.buckets).toEqual(normalize([...keep.state.buckets, ...merge.state.buckets]));
        expect(new Set(d.tags)).toEqual(new Set([...kt, ...mt]));
        expect(d.openid).toBe(!mo ? 'none' : ko ? 'end' : 'move');
      }),
      { numRuns: 300 },
    );
  });

  test('refusals: itself, either side already merged (no chains), a family card, return debt', () => {
    const a = side('m_a', { state: { buckets: [], debt: 0 } }, [], null);
    const b = side('m_b', { state: { buckets: [], debt: 0 } }, [], null);
    expect(mergeRefusal(a, a)).toBe('merge_self');
    expect(mergeRefusal({ ...a, mergedInto: 'm_c' }, b)).toBe('member_merged');
    expect(mergeRefusal(a, { ...b, mergedInto: 'm_c' })).toBe('member_merged');
    expect(mergeRefusal({ ...a, familyRole: 'primary' }, b)).toBe('merge_blocked');
    expect(mergeRefusal(a, { ...b, points: { buckets: [], debt: 5 } })).toBe('merge_blocked');
    expect(mergeRefusal(a, b)).toBeNull();
    expect(decideMerge(a, a, 'x')).toEqual({ ok: false, refusal: 'merge_self' });
  });

  test("questionnaire facts: both members' facts kept, the kept member's own answer standing where both have one", () => {
    const empty = { state: { buckets: [], debt: 0 } };
    const keep = { ...side('m_k', empty, [], null), surveyFacts: { 肤质: '油性', 尺码: 'M' } };
    const merge = { ...side('m_m', empty, [], null), surveyFacts: { 肤质: '干性', 口味: '微辣' } };
    const d = decideMerge(keep, merge, 'ref');
    if (!d.ok) throw new Error(d.refusal);
    expect(d.surveyFacts).toEqual({ 肤质: '油性', 尺码: 'M', 口味: '微辣' });
    const none = decideMerge(side('m_k', empty, [], null), side('m_m', empty, [], null), 'ref');
    expect(none.ok && none.surveyFacts).toEqual({});
  });
});

describe('换绑 decisions', () => {
  const now = '2026-12-01T00:00:00.000Z';
  const owner = { memberId: 'm_1', openid: 'o-old', mergedInto: null };
  test('a request from a non-member account for a member bound elsewhere is created; repeats answer it; others wait', () => {
    expect(decideRebindRequest({ openid: 'o-new', openidMember: null, phoneOwner: owner, pending: null, now })).toEqual({ ok: true, step: 'create' });
    const pending = { requestId: 'rb_1', newOpenid: 'o-new', expiresAt: '2026-12-08T00:00:00.000Z' };
    expect(decideRebindRequest({ openid: 'o-new', openidMember: null, phoneOwner: owner, pending, now })).toEqual({ ok: true, step: 'answer', requestId: 'rb_1' });
    expect(decideRebindRequest({ openid: 'o-3', openidMember: null, phoneOwner: owner, pending, now })).toEqual({ ok: false, refusal: 'rebind_pending' });
    expect(decideRebindRequest({ openid: 'o-3', openidMember: null, phoneOwner: owner, pending: { ...pending, expiresAt: now }, now })).toEqual({ ok: true, step: 'create' });
  });
  test('nothing to move: she is a member already, nobody has the phone, or its member has no WeChat account', () => {
    expect(decideRebindRequest({ openid: 'o-new', openidMember: 'm_2', phoneOwner: owner, pending: null, now })).toMatchObject({ refusal: 'wechat_bound_elsewhere' });
    expect(decideRebindRequest({ openid: 'o-new', openidMember: null, phoneOwner: null, pending: null, now })).toMatchObject({ refusal: 'rebind_not_needed' });
    expect(decideRebindRequest({ openid: 'o-new', openidMember: null, phoneOwner: { ...owner, openid: null }, pending: null, now })).toMatchObject({ refusal: 'rebind_not_needed' });
  });
  test('a pending request past its expiry is expired; decided ones keep their state', () => {
    expect(rebindState({ state: 'pending', expiresAt: now }, now)).toBe('expired');
    expect(rebindState({ state: 'pending', expiresAt: '2026-12-02T00:00:00.000Z' }, now)).toBe('pending');
    expect(rebindState({ state: 'confirmed', expiresAt: now }, now)).toBe('confirmed');
  });
});
