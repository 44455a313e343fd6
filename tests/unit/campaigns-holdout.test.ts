import fc from 'fast-check';
import { CampaignInput } from '../../shared/contract/campaigns';
import { compareHoldout, hash32, inHoldout, measurementOf, tallyRun, type MeasuredMember } from '../../shared/domain/campaigns';
import { issueWording } from '../../shared/contract/issues';
import { comparisonTable } from '../../functions/campaigns/report';

const memberId = (i: number) => `m_${(i * 2654435761 >>> 0).toString(16).padStart(8, '0')}${i}`;

describe('the control group: deterministic per campaign and member', () => {
  test('the same member is in or out on every call; 0 % holds nobody out', () => {
    for (let i = 0; i < 200; i++) {
      const a = inHoldout('cmp_abcdef012345', memberId(i), 10);
      expect(inHoldout('cmp_abcdef012345', memberId(i), 10)).toBe(a);
      expect(inHoldout('cmp_abcdef012345', memberId(i), 0)).toBe(false);
    }
    expect(hash32('cmp_x#m_1')).toBe(hash32('cmp_x#m_1'));
  });

  test('a larger share keeps every member of a smaller one (buckets below the share)', () => {
    for (let i = 0; i < 500; i++) if (inHoldout('cmp_nested00001', memberId(i), 10)) expect(inHoldout('cmp_nested00001', memberId(i), 20)).toBe(true);
  });

  test('property: over 10,000 ids the share is honoured within 4.5 binomial standard deviations (at most 2.25 points), whatever the campaign and share', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-f]{12}$/), fc.integer({ min: 1, max: 50 }), (hex, share) => {
        const campaignId = `cmp_${hex}`;
        let held = 0;
        const n = 10_000;
        for (let i = 0; i < n; i++) if (inHoldout(campaignId, `m_${hex.slice(0, 4)}${i}`, share)) held++;
        const p = share / 100;
        expect(Math.abs(held / n - p)).toBeLessThanOrEqual(4.5 * Math.sqrt((p * (1 - p)) / n));
      }),
      { numRuns: 40 },
    );
  });

  test('two campaigns draw different control groups from the same members', () => {
    const a = Array.from({ length: 1000 }, (_, i) => inHoldout('cmp_aaaaaaaaaaaa', memberId(i), 10));
    const b = Array.from({ length: 1000 }, (_, i) => inHoldout('cmp_bbbbbbbbbbbb', memberId(i), 10));
    const both = a.filter((x, i) => x && b[i]).length;
    // Independent draws overlap on about 1 % of members, not 10 %.
    expect(both).toBeLessThan(40);
  });

  test('a run tally counts the control group apart: not targeted by a message, not consented', () => {
    const t = tallyRun([
      { outcome: 'sent', couponId: 'c1' },
      { outcome: 'holdout', couponId: null },
      { outcome: 'no_consent', couponId: 'c2' },
    ]);
    expect(t).toMatchObject({ targeted: 3, consented: 1, sent: 1, couponsIssued: 2, holdout: 1 });
  });
});

describe('the definition: share 0-50 %, window 7-30 days, defaults 0 and 14', () => {
  const base = { name: '双11', segmentId: 'seg_1', template: { templateId: 'tmpl-campaign', fields: { thing1: '{name}' } }, schedule: { once: { at: '2026-11-23T06:00:00.000Z' } } };
  test.each([[51], [-1], [12.5]])('holdout %p is refused at holdoutPercent, in Chinese', (v) => {
    const r = CampaignInput.safeParse({ ...base, holdoutPercent: v });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(['holdoutPercent']);
    expect(issueWording(r.error!.issues[0]!.message)).toContain('对照组比例');
  });
  test.each([[6], [31]])('window %p days is refused at windowDays', (v) => {
    const r = CampaignInput.safeParse({ ...base, windowDays: v });
    expect(r.error!.issues[0]!.path).toEqual(['windowDays']);
  });
  test('defaults', () => {
    expect(CampaignInput.safeParse({ ...base, holdoutPercent: 50, windowDays: 30 }).success).toBe(true);
    expect(measurementOf({})).toEqual({ holdoutPercent: 0, windowDays: 14 });
  });
});

describe('treated against control (pure)', () => {
  const m = (id: string, group: 'treated' | 'control', orders: [string, number][]): MeasuredMember => ({
    memberId: id,
    group,
    from: '2026-12-01T04:00:00.000Z',
    to: '2026-12-15T04:00:00.000Z',
    orders: orders.map(([at, spendFen]) => ({ at, spendFen })),
  });
  const IN = '2026-12-03T04:00:00.000Z';
  const BEFORE = '2026-11-30T04:00:00.000Z';
  const AFTER = '2026-12-15T04:00:00.000Z';

  test('rates, spend per member, uplift, incremental spend and ROI; orders outside the window do not count', () => {
    const members = [
      m('t1', 'treated', [[IN, 30_000], [IN, 10_000]]),
      m('t2', 'treated', [[IN, 20_000], [BEFORE, 99_999]]),
      m('t3', 'treated', [[AFTER, 50_000]]),
      m('t4', 'treated', []),
      m('c1', 'control', [[IN, 10_000]]),
      m('c2', 'control', []),
    ];
    const r = compareHoldout(members, { redeemed: 2, costFen: 10_000 });
    expect(r.treated).toEqual({ members: 4, purchasers: 2, purchaseRate: 0.5, orders: 3, spendFen: 60_000, spendPerMemberFen: 15_000, couponsRedeemed: 2 });
    expect(r.control).toEqual({ members: 2, purchasers: 1, purchaseRate: 0.5, orders: 1, spendFen: 10_000, spendPerMemberFen: 5_000 });
    expect(r.uplift).toEqual({ ratePoints: 0, rateRelative: 0, spendPerMemberFen: 10_000 });
    // (15,000 − 5,000) × 4 treated = 40,000; ROI = (40,000 − 10,000) / 10,000 = 3.
    expect(r.incrementalSpendFen).toBe(40_000);
    expect(r.roi).toBe(3);
  });

  test('no control group: no uplift, no ROI; no cost: no ROI; a control rate of 0: no relative uplift', () => {
    const none = compareHoldout([m('t1', 'treated', [[IN, 100]])], { redeemed: 0, costFen: 0 });
    expect([none.uplift.ratePoints, none.incrementalSpendFen, none.roi, none.control.purchaseRate]).toEqual([null, null, null, null]);
    const zero = compareHoldout([m('t1', 'treated', [[IN, 100]]), m('t2', 'treated', []), m('c1', 'control', [])], { redeemed: 0, costFen: 0 });
    expect(zero.uplift).toEqual({ ratePoints: 50, rateRelative: null, spendPerMemberFen: 50 });
    expect(zero.roi).toBeNull();
  });

  test('the report table: Chinese headers, money in yuan, rates in percent', () => {
    const c = compareHoldout([m('t1', 'treated', [[IN, 12_345]]), m('c1', 'control', [])], { redeemed: 1, costFen: 1_000 });
    const t = comparisonTable('双11', { ...c, holdoutPercent: 10, windowDays: 14, windowEndsAt: '2026-12-15T04:00:00.000Z', complete: true, itemsRead: 0 });
    expect(t.title).toBe('活动效果-双11');
    expect(t.header).toEqual(['指标', '实验组（收到活动）', '对照组（未收到）', '差异']);
    expect(t.rows.find((r) => r[0] === '购买率')).toEqual(['购买率', '100.0%', '0.0%', '100.00个百分点']);
    expect(t.rows.find((r) => r[0] === '增量销售额（元）')![3]).toBe('123.45');
    expect(t.rows.find((r) => r[0] === '投资回报率')![3]).toBe(`${(((12_345 - 1_000) / 1_000) * 100).toFixed(1)}%`);
    expect(t.header.join('')).not.toMatch(/[A-Za-z]/);
  });
});
