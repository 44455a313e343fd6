/**
 * Paid membership (付费会员, issue 17): plans, buying and renewing (the term moves when the payment is
 * credited, once), the monthly coupon pack (once per month), the term-end job on a moved clock, the
 * refund within 7 days when no perk was used (the term goes back, the pack voided; a failed refund puts
 * both back), and the till's multiplier (the better of tier and plan; both only when the brand stacks them).
 *
 * Payments (functions/pay/collaboration.ts) are stood in by ./pay-collaboration-fake.ts (real transactions
 * with the membership kind's parts, once per order and refund), so payment timing is in the test's hands;
 * the real payments path is walked by money-journeys.test.ts and the membership browser test.
 */
jest.mock('../../functions/pay/collaboration', () => require('./pay-collaboration-fake'));

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '../../functions/adapters/dynamo/client';
import { keys } from '../../functions/adapters/dynamo/keys';
import { Tx } from '../../functions/adapters/dynamo/tx';
import { getPlus } from '../../functions/adapters/dynamo/membership-repo';
import { preview as previewHandler } from '../../functions/checkout/http';
import { handler as couponsHandler } from '../../functions/coupons/http';
import { setClock } from '../../functions/lib/clock';
import { membershipPaymentKind } from '../../functions/membership/collaboration';
import { runPackJob, runTermEndJob } from '../../functions/membership/jobs';
import { handler as membershipHandler } from '../../functions/membership/http';
import { addDays, addMonths } from '../../shared/domain/calendar';
import { beijingDate } from '../../shared/domain/membership';
import { actors } from './actors';
import * as pay from './pay-collaboration-fake';
import { call, setupWorld } from './support';

let world: Awaited<ReturnType<typeof setupWorld>>;
const a = actors(() => world.standIn);
let admin: string;
let clerk: string;
let packTpl: string;
let yearly: string;
let monthly: string;
let trial: string;

const ms = (token: string | undefined, method: string, path: string, body?: unknown) => call(membershipHandler, { method, path, ...(token ? { token } : {}), body });
const wallet = async (token: string) => (await call(couponsHandler, { method: 'GET', path: '/members/me/coupons', token })).body.coupons as { id: string; state: string; source: string }[];
const packCoupons = async (token: string) => (await wallet(token)).filter((c) => c.source === 'membership');
let rq = 0;
const requestId = () => `req-${Date.now().toString(36)}-${++rq}`;

async function buyAndPay(member: { token: string }, planId: string): Promise<string> {
  const r = await ms(member.token, 'POST', '/members/me/membership/purchases', { planId, requestId: requestId() });
  if (r.status !== 200) throw new Error(`buy: ${r.status} ${JSON.stringify(r.body)}`);
  expect(await pay.credit(r.body.outTradeNo)).toBe('credited');
  return r.body.outTradeNo as string;
}
const mine = async (token: string) => {
  const r = await ms(token, 'GET', '/members/me/membership');
  expect(r.status).toBe(200);
  return r.body;
};
const at = (days: number) => new Date(Date.now() + days * 86_400_000);
const moveClockBy = (days: number) => setClock({ now: () => at(days) });

beforeAll(async () => {
  world = await setupWorld();
  pay.registerPaymentKind('membership', membershipPaymentKind);
  admin = (await a.login('demo-admin')).token;
  clerk = (await a.login('demo-staff')).token;
  const t = await call(couponsHandler, {
    method: 'POST',
    path: '/admin/coupon-templates',
    token: admin,
    body: {
      name: '会员月度券',
      description: '付费会员每月一张',
      kind: 'amountOff',
      amountOffFen: 1_000,
      scope: { kind: 'all' },
      stores: null,
      stackable: true,
      validity: { kind: 'afterIssue', days: 30 },
      stock: null,
      perMemberLimit: null,
      claimable: false,
    },
  });
  expect(t.status).toBe(201);
  packTpl = t.body.id;
  const plan = async (body: Record<string, unknown>) => {
    const r = await ms(admin, 'POST', '/admin/membership-plans', { couponTemplateIds: [packTpl], badge: '尊享', active: true, ...body });
    expect(r.status).toBe(201);
    return r.body.id as string;
  };
  yearly = await plan({ name: '尊享年卡', priceFen: 9_900, months: 12, multiplier: 2 });
  monthly = await plan({ name: '尊享月卡', priceFen: 1_900, months: 1, multiplier: 2 });
  trial = await plan({ name: '体验卡', priceFen: 990, months: 1, multiplier: 1 });
}, 60_000);
afterAll(() => world.close());
afterEach(() => setClock(null));

describe('plans (admin)', () => {
  test('validated field by field, unknown pack coupons refused, edits over the revision read, audited', async () => {
    const bad = await ms(admin, 'POST', '/admin/membership-plans', { name: '错', priceFen: 0, months: 0, multiplier: 0.5, couponTemplateIds: [], badge: '尊享', active: true });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['months', 'multiplier', 'priceFen']);
    const unknown = await ms(admin, 'POST', '/admin/membership-plans', { name: '季卡', priceFen: 4_900, months: 3, multiplier: 1.5, couponTemplateIds: ['t_nope'], badge: '尊享', active: true });
    expect([unknown.status, unknown.body.error.code, unknown.body.error.fields[0].path]).toEqual([422, 'template_not_found', 'couponTemplateIds.0']);
    const staff = await ms(clerk, 'GET', '/admin/membership-plans');
    expect(staff.status).toBe(403);

    const list = await ms(admin, 'GET', '/admin/membership-plans');
    expect(list.status).toBe(200);
    const y = list.body.plans.find((p: { id: string }) => p.id === yearly);
    expect(y).toMatchObject({ name: '尊享年卡', priceFen: 9_900, months: 12, multiplier: 2, rev: 0 });
    expect(list.body.settings).toEqual({ stackPlusWithTier: false, rev: 0 });

    const body = { name: '尊享年卡', priceFen: 9_900, months: 12, multiplier: 2, couponTemplateIds: [packTpl], badge: '尊享', active: true };
    const stale = await ms(admin, 'PUT', `/admin/membership-plans/${yearly}`, { ...body, rev: 5 });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'plan_changed']);
    const edited = await ms(admin, 'PUT', `/admin/membership-plans/${yearly}`, { ...body, rev: 0 });
    expect(edited.body).toMatchObject({ rev: 1 });
    const missing = await ms(admin, 'PUT', '/admin/membership-plans/pl_000000000000', { ...body, rev: 0 });
    expect([missing.status, missing.body.error.code]).toEqual([404, 'plan_not_found']);
    const audit = await a.admin(admin, 'GET', '/admin/audit', undefined, { target: `plan:${yearly}` });
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(['membership.plan.edit', 'membership.plan.create']);
  });
});

describe('buying and renewing', () => {
  test('buy → term; a retried request answers the same order; credited once; the first month pack once; renewing extends the term', async () => {
    const alice = await a.newMember('plus-alice');
    expect((await mine(alice.token)).current).toBeNull();
    const req = requestId();
    const r1 = await ms(alice.token, 'POST', '/members/me/membership/purchases', { planId: yearly, requestId: req });
    expect(r1.status).toBe(200);
    expect(r1.body).toMatchObject({ amountFen: 9_900, payParams: { signType: 'RSA', package: expect.stringMatching(/^prepay_id=/) } });
    const r2 = await ms(alice.token, 'POST', '/members/me/membership/purchases', { planId: yearly, requestId: req });
    expect(r2.body.outTradeNo).toBe(r1.body.outTradeNo);
    expect(pay.orders.get(r1.body.outTradeNo)).toMatchObject({ kind: 'membership', amountFen: 9_900, item: { id: yearly, detail: { months: 12, multiplier: 2 } } });
    // Not paid yet: no term.
    expect((await mine(alice.token)).current).toBeNull();

    expect(await pay.credit(r1.body.outTradeNo)).toBe('credited');
    expect(await pay.credit(r1.body.outTradeNo)).toBe('already');
    // A second notification racing the first (the order still read as created): the kind writes nothing more.
    expect(await membershipPaymentKind.credit(pay.orders.get(r1.body.outTradeNo)!, new Date().toISOString())).toEqual([]);

    const today = beijingDate(new Date().toISOString());
    const m1 = await mine(alice.token);
    expect(m1.current).toMatchObject({ planName: '尊享年卡', badge: '尊享', multiplier: 2, active: true, startDate: today, lastDay: addDays(addMonths(today, 12), -1), packsIssued: 1, refund: { allowed: true, amountFen: 9_900 } });
    expect(await packCoupons(alice.token)).toHaveLength(1);
    await mine(alice.token);
    expect(await packCoupons(alice.token)).toHaveLength(1);

    await buyAndPay(alice, monthly);
    const m2 = await mine(alice.token);
    expect(m2.current).toMatchObject({ planName: '尊享月卡', startDate: today, lastDay: addDays(addMonths(today, 13), -1), packsIssued: 1 });
    expect(await packCoupons(alice.token)).toHaveLength(1);
    expect((await getPlus(alice.id))!.purchases.map((p) => p.months)).toEqual([12, 1]);
  });

  test('ten concurrent credits of one paid order (notification and reconciliation racing): the term moves once', async () => {
    const kim = await a.newMember('plus-kim');
    const r = await ms(kim.token, 'POST', '/members/me/membership/purchases', { planId: monthly, requestId: requestId() });
    const order = pay.orders.get(r.body.outTradeNo)!;
    const now = new Date().toISOString();
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const parts = await membershipPaymentKind.credit(order, now);
        const tx = new Tx();
        for (const p of parts) p.apply(tx);
        return tx.size > 0 ? (await tx.send()).ok : false;
      }),
    );
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    const plus = (await getPlus(kim.id))!;
    expect([plus.months, plus.purchases.length]).toEqual([1, 1]);
  });

  test('bad input and refusals: unknown or withdrawn plan, malformed body, no token, not registered, nothing to refund', async () => {
    const bob = await a.newMember('plus-bob');
    const unknown = await ms(bob.token, 'POST', '/members/me/membership/purchases', { planId: 'pl_000000000000', requestId: requestId() });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'plan_not_found']);
    const withdrawn = await ms(admin, 'POST', '/admin/membership-plans', { name: '旧方案', priceFen: 100, months: 1, multiplier: 1.5, couponTemplateIds: [], badge: '旧', active: false });
    const inactive = await ms(bob.token, 'POST', '/members/me/membership/purchases', { planId: withdrawn.body.id, requestId: requestId() });
    expect([inactive.status, inactive.body.error.code]).toEqual([409, 'plan_inactive']);
    expect((await mine(bob.token)).plans.map((p: { id: string }) => p.id)).not.toContain(withdrawn.body.id);
    const malformed = await ms(bob.token, 'POST', '/members/me/membership/purchases', { planId: yearly, requestId: 'x' });
    expect([malformed.status, malformed.body.error.fields[0].path]).toEqual([400, 'requestId']);
    const extra = await ms(bob.token, 'POST', '/members/me/membership/purchases', { planId: yearly, requestId: requestId(), amountFen: 1 });
    expect(extra.status).toBe(400);
    expect((await ms(undefined, 'GET', '/members/me/membership')).status).toBe(401);
    const visitor = (await a.login('plus-visitor')).token;
    const nr = await ms(visitor, 'GET', '/members/me/membership');
    expect([nr.status, nr.body.error.code]).toEqual([404, 'not_registered']);
    const nothing = await ms(bob.token, 'POST', '/members/me/membership/refund', { requestId: requestId() });
    expect([nothing.status, nothing.body.error.code]).toEqual([409, 'membership_refund_not_allowed']);
    expect(pay.refunds.size).toBe(0);
  });
});

describe('scheduled jobs', () => {
  test('the monthly pack: the next month once, by the job or her page, never twice', async () => {
    const carol = await a.newMember('plus-carol');
    await buyAndPay(carol, yearly);
    await mine(carol.token);
    expect(await packCoupons(carol.token)).toHaveLength(1);
    // The job on the same day gives nothing more.
    await runPackJob();
    expect(await packCoupons(carol.token)).toHaveLength(1);

    moveClockBy(32); // into month 2 of her term
    const r = await runPackJob();
    expect(r.done).toBe(true);
    expect(await packCoupons(carol.token)).toHaveLength(2);
    await runPackJob();
    await mine(carol.token);
    expect(await packCoupons(carol.token)).toHaveLength(2);
    expect((await getPlus(carol.id))!.packsIssued).toBe(2);

    // A month the job missed is given when she opens her page (once).
    moveClockBy(64);
    expect((await mine(carol.token)).current.packsIssued).toBe(3);
    await runPackJob();
    expect(await packCoupons(carol.token)).toHaveLength(3);
  }, 60_000);

  test('the term ends at its end: the till stops multiplying at once, the job takes it out of the index', async () => {
    const dan = await a.newMember('plus-dan');
    await buyAndPay(dan, monthly);
    expect((await a.buy(clerk, dan, 10_000)).pointsEarned).toBe(200);
    const item = async () => (await db().client.send(new GetCommand({ TableName: db().table, Key: keys.plus(dan.id), ConsistentRead: true }))).Item!;
    expect((await item()).GSI1PK).toMatch(/^PLUSEND#\d$/);

    const members = await ms(admin, 'GET', '/admin/membership/members');
    expect(members.status).toBe(200);
    expect(members.body.activeCount).toBeGreaterThanOrEqual(1);

    moveClockBy(20);
    const soon = await ms(admin, 'GET', '/admin/membership/members');
    expect(soon.body.endingSoon.find((m: { memberId: string }) => m.memberId === dan.id)).toMatchObject({ planName: '尊享月卡', phoneMasked: `${dan.phone.slice(0, 3)}****${dan.phone.slice(-4)}` });

    moveClockBy(40);
    expect((await mine(dan.token)).current).toMatchObject({ active: false });
    expect((await a.buy(clerk, dan, 10_000)).pointsEarned).toBe(100);
    const r = await runTermEndJob();
    expect(r.changed).toBeGreaterThanOrEqual(1);
    const ended = await item();
    expect(ended.state).toBe('ended');
    expect(ended.GSI1PK).toBeUndefined();
    const again = await runTermEndJob();
    expect(again.changed).toBe(0);

    // Buying again after the end starts a new term today (not extended from the old end).
    await buyAndPay(dan, monthly);
    const today = beijingDate(at(40).toISOString());
    expect((await mine(dan.token)).current).toMatchObject({ active: true, startDate: today, lastDay: addDays(addMonths(today, 1), -1), packsIssued: 1 });
  }, 60_000);
});

describe('refunds', () => {
  test('within 7 days with no perk used: the term goes back, the pack voided, the price refunded once; a failed refund puts both back', async () => {
    const eve = await a.newMember('plus-eve');
    const no = await buyAndPay(eve, yearly);
    await mine(eve.token);
    const [pack] = await packCoupons(eve.token);
    expect(pack!.state).toBe('available');

    const r = await ms(eve.token, 'POST', '/members/me/membership/refund', { requestId: requestId() });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ refundFen: 9_900, state: 'requested', current: null });
    const again = await ms(eve.token, 'POST', '/members/me/membership/refund', { requestId: requestId() });
    expect(again.body.outRefundNo).toBe(r.body.outRefundNo);
    expect([...pay.refunds.values()].filter((x) => x.outTradeNo === no)).toHaveLength(1);
    expect(pay.orders.get(no)!.refundedFen).toBe(9_900);
    expect((await wallet(eve.token)).find((c) => c.id === pack!.id)!.state).toBe('voided');
    expect((await a.buy(clerk, eve, 10_000)).pointsEarned).toBe(100);

    await pay.failRefund(r.body.outRefundNo);
    expect((await mine(eve.token)).current).toMatchObject({ active: true, packsIssued: 1 });
    expect((await wallet(eve.token)).find((c) => c.id === pack!.id)!.state).toBe('available');
    expect((await a.buy(clerk, eve, 10_000)).pointsEarned).toBe(200);
  }, 60_000);

  test('refused after a perk: an order earned with the multiplier, a pack coupon used, or after 7 days', async () => {
    const fay = await a.newMember('plus-fay');
    await buyAndPay(fay, yearly);
    expect((await a.buy(clerk, fay, 10_000)).pointsEarned).toBe(200);
    expect((await mine(fay.token)).current.refund).toMatchObject({ allowed: false, reason: 'perk_used' });
    const r1 = await ms(fay.token, 'POST', '/members/me/membership/refund', { requestId: requestId() });
    expect([r1.status, r1.body.error.code]).toEqual([409, 'membership_refund_not_allowed']);

    // A plan whose multiplier is no better than the tier: buying at the till uses no perk; its pack coupon does.
    const gina = await a.newMember('plus-gina');
    await buyAndPay(gina, trial);
    expect((await a.buy(clerk, gina, 10_000)).pointsEarned).toBe(100);
    expect((await mine(gina.token)).current.refund).toMatchObject({ allowed: true });
    const [pack] = await packCoupons(gina.token);
    const used = await a.buy(clerk, gina, 9_000, { items: [{ sku: 'SKU-1', name: '真丝睡衣', quantity: 1, unitPriceFen: 10_000 }], coupons: [pack!.id] });
    expect(used.discountFen).toBe(1_000);
    const r2 = await ms(gina.token, 'POST', '/members/me/membership/refund', { requestId: requestId() });
    expect([r2.status, r2.body.error.code]).toEqual([409, 'membership_refund_not_allowed']);

    const hal = await a.newMember('plus-hal');
    await buyAndPay(hal, trial);
    moveClockBy(8);
    const r3 = await ms(hal.token, 'POST', '/members/me/membership/refund', { requestId: requestId() });
    expect([r3.status, r3.body.error.code]).toEqual([409, 'membership_refund_not_allowed']);
    setClock(null);
    const r4 = await ms(hal.token, 'POST', '/members/me/membership/refund', { requestId: requestId() });
    expect(r4.status).toBe(200);
  }, 60_000);
});

describe('the till', () => {
  test('the better of tier and plan multipliers, never both unless the brand stacks them', async () => {
    const gold = async (name: string) => {
      const m = await a.newMember(name);
      const r = await a.admin(admin, 'PUT', `/admin/members/${m.id}/tier`, { tierCode: 'GOLD', until: '2099-12-31', reason: '测试' });
      expect(r.status).toBe(200);
      return m;
    };
    const ivy = await gold('plus-ivy'); // ×1.5 tier, ×2 plan → 2
    await buyAndPay(ivy, yearly);
    const pv = await call(previewHandler, { path: '/staff/checkouts/preview', token: clerk, body: { memberCode: await a.codeFor(ivy.token), storeId: 'S001', items: [{ sku: 'SKU-1', name: '真丝睡衣', quantity: 1, unitPriceFen: 10_000 }] } });
    expect(pv.body.pointsPreview).toBe(200);
    expect((await a.buy(clerk, ivy, 10_000)).pointsEarned).toBe(200);
    const jon = await gold('plus-jon'); // ×1.5 tier, ×1 plan → 1.5, and no perk used
    await buyAndPay(jon, trial);
    expect((await a.buy(clerk, jon, 10_000)).pointsEarned).toBe(150);
    expect((await mine(jon.token)).current.refund.allowed).toBe(true);

    const stale = await ms(admin, 'PUT', '/admin/membership-settings', { stackPlusWithTier: true, rev: 3 });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'plan_changed']);
    const on = await ms(admin, 'PUT', '/admin/membership-settings', { stackPlusWithTier: true, rev: 0 });
    expect(on.body).toEqual({ stackPlusWithTier: true, rev: 1 });
    try {
      expect((await a.buy(clerk, ivy, 10_000)).pointsEarned).toBe(300);
      expect((await mine(ivy.token)).stackPlusWithTier).toBe(true);
    } finally {
      const off = await ms(admin, 'PUT', '/admin/membership-settings', { stackPlusWithTier: false, rev: 1 });
      expect(off.status).toBe(200);
    }
    expect((await a.buy(clerk, ivy, 10_000)).pointsEarned).toBe(200);
    const audit = await a.admin(admin, 'GET', '/admin/audit', undefined, { target: 'membership:settings' });
    expect(audit.body.entries).toHaveLength(2);
  }, 60_000);
});
