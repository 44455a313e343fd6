import { createMember } from '../../functions/adapters/dynamo/member-repo';
import { preview as checkoutPreviewHandler } from '../../functions/checkout/http';
import { handler as couponsHandler } from '../../functions/coupons/http';
import { issueCoupon } from '../../functions/coupons/coupons';
import { newMemberRecord } from '../../functions/core';
import { actors } from './actors';
import { call, setupWorld } from './support';

let world: Awaited<ReturnType<typeof setupWorld>>;
const a = actors(() => world.standIn);
let admin: string;
beforeAll(async () => {
  world = await setupWorld();
  admin = (await a.login('demo-admin')).token;
});
afterAll(() => world.close());

const coupons = (token: string, method: string, path: string, body?: unknown, query?: Record<string, string>) =>
  call(couponsHandler, { method, path, token, body, ...(query ? { query } : {}) });

const template = (over: Record<string, unknown> = {}) => ({
  name: '满300减50',
  description: '全场通用',
  kind: 'threshold',
  amountOffFen: 5_000,
  thresholdFen: 30_000,
  scope: { kind: 'all' },
  stores: null,
  stackable: true,
  validity: { kind: 'afterIssue', days: 30 },
  stock: 100,
  perMemberLimit: 1,
  claimable: true,
  ...over,
});

async function members(n: number, prefix: string): Promise<string[]> {
  const ids = Array.from({ length: n }, (_, i) => `m_${prefix}${String(i).padStart(6, '0')}`);
  const at = new Date().toISOString();
  for (let i = 0; i < ids.length; i += 25) {
    await Promise.all(
      ids.slice(i, i + 25).map((id, j) =>
        createMember(newMemberRecord({ memberId: id, phone: `15${prefix.length}${String(i + j).padStart(8, '0')}`.slice(0, 11), openid: null, name: null, entryTierCode: 'MEMBER', at, source: 'test' })),
      ),
    );
  }
  return ids;
}

describe('coupon templates and claims', () => {
  test('templates are validated per kind, naming the field', async () => {
    const r = await coupons(admin, 'POST', '/admin/coupon-templates', template({ thresholdFen: undefined }));
    expect([r.status, r.body.error.fields[0].path]).toEqual([400, 'thresholdFen']);
    const r2 = await coupons(admin, 'POST', '/admin/coupon-templates', template({ amountOffFen: 40_000 }));
    expect([r2.status, r2.body.error.fields[0].path]).toEqual([400, 'amountOffFen']);
    const staff = await coupons((await a.login('demo-staff')).token, 'POST', '/admin/coupon-templates', template());
    expect(staff.status).toBe(403);
  });

  test('stock 100 claimed by 300 members at once: exactly 100 issued, the rest told it is sold out', async () => {
    const created = await coupons(admin, 'POST', '/admin/coupon-templates', template({ stock: 100 }));
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const ids = await members(300, 'stock');
    const results = await Promise.allSettled(ids.map((m) => issueCoupon(m, id, `req-${m}`, 'centre')));
    const ok = results.filter((r) => r.status === 'fulfilled');
    const soldOut = results.filter((r) => r.status === 'rejected' && (r.reason as { code: string }).code === 'sold_out');
    expect(ok).toHaveLength(100);
    expect(soldOut).toHaveLength(200);
    const list = await coupons(admin, 'GET', '/admin/coupon-templates');
    expect(list.body.templates.find((t: { id: string }) => t.id === id)).toMatchObject({ issued: 100, remaining: 0 });
  }, 120_000);

  test('a per-member limit of 1 with 10 concurrent claims by one member: one coupon; a retried request answers the same coupon', async () => {
    const created = await coupons(admin, 'POST', '/admin/coupon-templates', template({ stock: null, name: '新人券', kind: 'amountOff', thresholdFen: undefined, amountOffFen: 2_000 }));
    const id = created.body.id as string;
    const m = await a.newMember('o-coupon-limit');
    const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => coupons(m.token, 'POST', `/coupons/centre/${id}/claim`, { requestId: `claim-${i}-abcdef` })));
    expect(claims.filter((c) => c.status === 200)).toHaveLength(1);
    expect(claims.filter((c) => c.status === 409 && c.body.error.code === 'claim_limit')).toHaveLength(9);
    const same = await Promise.all(Array.from({ length: 5 }, () => coupons(m.token, 'POST', `/coupons/centre/${id}/claim`, { requestId: 'claim-0-abcdef' })));
    const winner = claims.find((c) => c.status === 200)!.body.coupon;
    for (const s of same) {
      if (s.status === 200) expect(s.body).toMatchObject({ replayed: true, coupon: { id: winner.id } });
      else expect(s.body.error.code).toBe('claim_limit');
    }
    const wallet = await coupons(m.token, 'GET', '/members/me/coupons');
    expect(wallet.body.coupons).toHaveLength(1);
    expect(wallet.body.coupons[0]).toMatchObject({ name: '新人券', summary: '¥20 代金券', state: 'available' });
    const centre = await coupons(m.token, 'GET', '/coupons/centre');
    expect(centre.body.entries.find((e: { templateId: string }) => e.templateId === id)).toMatchObject({ canClaim: 0, soldOut: false, remaining: null });
  });

  test('a paused template cannot be claimed; resuming is audited', async () => {
    const created = await coupons(admin, 'POST', '/admin/coupon-templates', template({ perMemberLimit: null }));
    const id = created.body.id as string;
    const paused = await coupons(admin, 'PUT', `/admin/coupon-templates/${id}/state`, { state: 'paused' });
    expect(paused.body.state).toBe('paused');
    const m = await a.newMember('o-coupon-paused');
    const r = await coupons(m.token, 'POST', `/coupons/centre/${id}/claim`, { requestId: 'paused-claim-1' });
    expect([r.status, r.body.error.code]).toEqual([409, 'template_paused']);
    const audit = await a.admin(admin, 'GET', '/admin/audit', undefined, { target: `template:${id}` });
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(['coupon.template.state', 'coupon.template.create']);
  });
});

describe('checkout with coupons', () => {
  let clerk: string;
  beforeAll(async () => {
    clerk = (await a.login('demo-staff')).token;
  });
  const preview = (body: unknown) => call(checkoutPreviewHandler, { path: '/staff/checkouts/preview', token: clerk, body });

  async function memberWithCoupon(openid: string, over: Record<string, unknown> = {}) {
    const created = await coupons(admin, 'POST', '/admin/coupon-templates', template({ perMemberLimit: null, stock: null, ...over }));
    const m = await a.newMember(openid);
    const c = await coupons(m.token, 'POST', `/coupons/centre/${created.body.id}/claim`, { requestId: `req-${openid}-1` });
    expect(c.status).toBe(200);
    return { m, coupon: c.body.coupon as { id: string; code: string } };
  }

  test('preview lists usable coupons and explains refusals; points are earned on the amount paid; the coupon is used', async () => {
    const { m, coupon } = await memberWithCoupon('o-co-cp-1');
    const code = await a.codeFor(m.token);
    const items = [{ sku: 'SKU-9', name: '羊毛大衣', quantity: 1, unitPriceFen: 40_000 }];
    const p = await preview({ memberCode: code, storeId: 'S001', items, coupons: [coupon.id] });
    expect(p.status).toBe(200);
    expect(p.body).toMatchObject({ linesTotalFen: 40_000, discountFen: 5_000, payableFen: 35_000, pointsPreview: 350, refusals: [] });
    expect(p.body.memberCoupons.map((c: { id: string }) => c.id)).toEqual([coupon.id]);
    const small = await preview({ memberCode: code, storeId: 'S001', items: [{ ...items[0], unitPriceFen: 20_000 }], coupons: [coupon.code] });
    expect(small.body.refusals).toEqual([{ coupon: coupon.code, reason: 'below_threshold', message: '未达到使用门槛' }]);

    const refused = await a.checkout(clerk, a.orderBody(code, 20_000, { items: [{ ...items[0], unitPriceFen: 20_000 }], coupons: [coupon.id] }));
    expect([refused.status, refused.body.error.code, refused.body.error.fields[0].path]).toEqual([422, 'coupon_refused', 'coupons.0']);
    const tooMuch = await a.checkout(clerk, a.orderBody(code, 40_000, { items, coupons: [coupon.id] }));
    expect([tooMuch.status, tooMuch.body.error.fields[0].path]).toEqual([422, 'amountFen']);

    const body = a.orderBody(code, 35_000, { items, coupons: [coupon.code] });
    const [r1, r2] = await Promise.all([a.checkout(clerk, body), a.checkout(clerk, body)]);
    expect([r1.status, r2.status]).toEqual([200, 200]);
    expect(r1.body).toMatchObject({ pointsEarned: 350, discountFen: 5_000, coupons: [{ couponId: coupon.id, discountFen: 5_000 }] });
    expect([r1.body.replayed, r2.body.replayed].sort()).toEqual([false, true]);
    const wallet = await coupons(m.token, 'GET', '/members/me/coupons', undefined, { state: 'used' });
    expect(wallet.body.coupons.map((c: { id: string }) => c.id)).toEqual([coupon.id]);

    // The whole order comes back: the coupon returns to the wallet (still valid), the points go back.
    const ret = await a.returns(clerk, { storeId: 'S001', orderId: body.orderId, returnId: 'cp-ret-1', amountFen: 35_000 });
    expect(ret.body).toMatchObject({ pointsReversed: 350, couponsRestored: [coupon.id] });
    const after = await coupons(m.token, 'GET', '/members/me/coupons', undefined, { state: 'available' });
    expect(after.body.coupons.map((c: { id: string }) => c.id)).toEqual([coupon.id]);
  });

  test('one coupon in 20 concurrent checkouts: exactly one succeeds, the others get 409', async () => {
    const { m, coupon } = await memberWithCoupon('o-co-cp-race', { kind: 'amountOff', thresholdFen: undefined, amountOffFen: 1_000 });
    const codes = await Promise.all(Array.from({ length: 20 }, () => a.codeFor(m.token)));
    const rs = await Promise.all(codes.map((c) => a.checkout(clerk, a.orderBody(c, 9_000, { items: [{ sku: 'X', name: '帽子', quantity: 1, unitPriceFen: 10_000 }], coupons: [coupon.id] }))));
    expect(rs.filter((r) => r.status === 200)).toHaveLength(1);
    expect(rs.filter((r) => r.status === 409)).toHaveLength(19);
    expect(rs.filter((r) => r.status === 409).every((r) => ['coupon_used'].includes(r.body.error.code))).toBe(true);
  });
});

describe('points exchange and standalone redemption', () => {
  test('points for a coupon in one transaction: spent once, issued once; not enough points writes nothing', async () => {
    const t = await coupons(admin, 'POST', '/admin/coupon-templates', template({ name: '20元券', kind: 'amountOff', thresholdFen: undefined, amountOffFen: 2_000, claimable: false, pointsCost: 200, perMemberLimit: null, stock: 10 }));
    const m = await a.newMember('o-exch-1');
    const poor = await coupons(m.token, 'POST', `/coupons/exchange/${t.body.id}`, { requestId: 'exch-poor-1' });
    expect([poor.status, poor.body.error.code]).toEqual([422, 'insufficient_points']);
    expect((await coupons(m.token, 'GET', '/members/me/coupons')).body.coupons).toHaveLength(0);
    await a.admin(admin, 'POST', `/admin/members/${m.id}/adjustments`, { adjustmentId: 'exch-adj-0001', points: 500, reason: '兑换测试' });
    const [x1, x2] = await Promise.all([
      coupons(m.token, 'POST', `/coupons/exchange/${t.body.id}`, { requestId: 'exch-ok-1' }),
      coupons(m.token, 'POST', `/coupons/exchange/${t.body.id}`, { requestId: 'exch-ok-1' }),
    ]);
    expect([x1.status, x2.status]).toEqual([200, 200]);
    expect(x1.body.coupon.id).toBe(x2.body.coupon.id);
    const hist = await a.myPoints(m.token);
    expect(hist.body.summary.balance).toBe(300);
    expect(hist.body.entries[0]).toMatchObject({ type: 'spend', points: -200, description: '积分兑换：20元券' });
    const claim = await coupons(m.token, 'POST', `/coupons/centre/${t.body.id}/claim`, { requestId: 'exch-free-1' });
    expect(claim.status).toBe(404); // not free to claim
  });

  test('a clerk redeems a gift coupon by its code without a purchase, once', async () => {
    const clerk = (await a.login('demo-staff')).token;
    const gift = await coupons(admin, 'POST', '/admin/coupon-templates', template({ name: '赠袜子', kind: 'gift', giftSku: 'SOCKS', thresholdFen: undefined, amountOffFen: undefined, perMemberLimit: null }));
    const cash = await coupons(admin, 'POST', '/admin/coupon-templates', template({ name: '10元券', kind: 'amountOff', thresholdFen: undefined, amountOffFen: 1_000, perMemberLimit: null }));
    const m = await a.newMember('o-redeem-1');
    const g = (await coupons(m.token, 'POST', `/coupons/centre/${gift.body.id}/claim`, { requestId: 'redeem-g-1' })).body.coupon;
    const c = (await coupons(m.token, 'POST', `/coupons/centre/${cash.body.id}/claim`, { requestId: 'redeem-c-1' })).body.coupon;
    const redeem = (code: string, redemptionId: string) => coupons(clerk, 'POST', '/staff/coupons/redeem', { storeId: 'S001', code, redemptionId });
    const r = await redeem(g.code, 'RD-1');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ couponId: g.id, name: '赠袜子', replayed: false, phoneMasked: expect.stringContaining('****') });
    expect((await redeem(g.code, 'RD-1')).body.replayed).toBe(true);
    const again = await redeem(g.code, 'RD-2');
    expect([again.status, again.body.error.code]).toEqual([409, 'coupon_used']);
    const notGift = await redeem(c.code, 'RD-3');
    expect([notGift.status, notGift.body.error.code, notGift.body.error.fields[0].path]).toEqual([422, 'not_standalone', 'code']);
    const unknown = await redeem('8800000000000000', 'RD-4');
    expect(unknown.status).toBe(404);
  });
});

describe('issuing by an admin or a clerk', () => {
  test('to chosen members by phone (admin or clerk) and to a whole tier (admin only); a re-sent batch issues nothing twice', async () => {
    const clerk = (await a.login('demo-staff')).token;
    const t = await coupons(admin, 'POST', '/admin/coupon-templates', template({ name: '会员日券', kind: 'amountOff', thresholdFen: undefined, amountOffFen: 3_000, claimable: false, perMemberLimit: null, stock: 50 }));
    const x = await a.newMember('o-issue-x');
    const y = await a.newMember('o-issue-y');
    const body = { batchId: 'B-phones-1', phones: [x.phone, y.phone, '13999999999'] };
    const first = await coupons(admin, 'POST', `/admin/coupon-templates/${t.body.id}/issue`, body);
    expect(first.body).toMatchObject({ targeted: 3, issued: 2, repeated: 0, refused: [{ target: '13999999999', reason: 'member_not_found' }] });
    const again = await coupons(admin, 'POST', `/admin/coupon-templates/${t.body.id}/issue`, body);
    expect(again.body).toMatchObject({ issued: 0, repeated: 2 });
    expect((await coupons(x.token, 'GET', '/members/me/coupons')).body.coupons.map((c: { name: string; source: string }) => [c.name, c.source])).toEqual([['会员日券', 'admin']]);

    const byClerk = await coupons(clerk, 'POST', `/admin/coupon-templates/${t.body.id}/issue`, { batchId: 'B-clerk-1', phones: [x.phone] });
    expect(byClerk.body).toMatchObject({ issued: 1 });
    const clerkTier = await coupons(clerk, 'POST', `/admin/coupon-templates/${t.body.id}/issue`, { batchId: 'B-clerk-2', tierCode: 'GOLD' });
    expect(clerkTier.status).toBe(403);

    const gold = await a.newMember('o-issue-gold');
    await a.admin(admin, 'PUT', `/admin/members/${gold.id}/tier`, { tierCode: 'GOLD', until: '2099-12-31', reason: '测试' });
    const tier = await coupons(admin, 'POST', `/admin/coupon-templates/${t.body.id}/issue`, { batchId: 'B-gold-1', tierCode: 'GOLD' });
    expect(tier.body.issued).toBeGreaterThanOrEqual(1);
    expect((await coupons(gold.token, 'GET', '/members/me/coupons')).body.coupons).toHaveLength(1);
    const bad = await coupons(admin, 'POST', `/admin/coupon-templates/${t.body.id}/issue`, { batchId: 'B-bad-1' });
    expect([bad.status, bad.body.error.fields[0].path]).toEqual([400, 'phones']);
  });
});
