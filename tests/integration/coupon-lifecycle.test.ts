/**
 * Coupons beyond the claim: editing templates, the registration and birthday gifts, stamp cards
 * (and what a return does to them) and the redemption figures per template.
 */
import { handler as couponsHandler } from '../../functions/coupons/http';
import { issueBirthdayGift } from '../../functions/coupons/coupons';
import { demoBrand } from '../../infra/local/seed';
import { actors } from './actors';
import { call, setupWorld } from './support';

let world: Awaited<ReturnType<typeof setupWorld>>;
const a = actors(() => world.standIn);
let admin: string;
let clerk: string;
beforeAll(async () => {
  world = await setupWorld();
  admin = (await a.login('demo-admin')).token;
  clerk = (await a.login('demo-staff')).token;
});
afterAll(() => world.close());

const coupons = (token: string, method: string, path: string, body?: unknown, query?: Record<string, string>) =>
  call(couponsHandler, { method, path, token, body, ...(query ? { query } : {}) });

const template = (over: Record<string, unknown> = {}) => ({
  name: '¥20 代金券',
  description: '',
  kind: 'amountOff',
  amountOffFen: 2_000,
  scope: { kind: 'all' },
  stores: null,
  stackable: true,
  validity: { kind: 'afterIssue', days: 30 },
  stock: null,
  perMemberLimit: null,
  claimable: true,
  ...over,
});

async function createTemplate(over: Record<string, unknown> = {}) {
  const r = await coupons(admin, 'POST', '/admin/coupon-templates', template(over));
  if (r.status !== 201) throw new Error(`template: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { id: string; rev: number; definition: Record<string, unknown> };
}

const templateFigures = async (id: string) =>
  ((await coupons(admin, 'GET', '/admin/coupon-templates')).body.templates as { id: string }[]).find((t) => t.id === id) as unknown as {
    issued: number;
    remaining: number | null;
    redeemed: number;
    redemptionRate: number;
    rev: number;
    definition: Record<string, unknown>;
  };

const wallet = async (token: string, state?: string) =>
  (await coupons(token, 'GET', '/members/me/coupons', undefined, state ? { state } : undefined)).body.coupons as {
    id: string;
    templateId: string;
    state: string;
    source: string;
    stamps?: { collected: number; needed: number; rewardCouponId: string | null };
  }[];

describe('editing a template', () => {
  test('an edit is audited, applies to coupons issued afterwards, keeps the type, never sets stock below what was issued', async () => {
    const t = await createTemplate({ stock: 10, perMemberLimit: null });
    const m = await a.newMember('o-edit-1');
    const first = await coupons(m.token, 'POST', `/coupons/centre/${t.id}/claim`, { requestId: 'edit-claim-1' });
    expect(first.status).toBe(200);

    const edit = (rev: number, over: Record<string, unknown>) => coupons(admin, 'PUT', `/admin/coupon-templates/${t.id}`, { rev, definition: { ...t.definition, ...over } });
    const kind = await edit(t.rev, { kind: 'percentOff', percentOff: 10 });
    expect([kind.status, kind.body.error.fields[0].path]).toEqual([422, 'definition.kind']);
    const tooLow = await edit(t.rev, { stock: 0 });
    expect([tooLow.status, tooLow.body.error.fields[0].path]).toEqual([400, 'definition.stock']);
    const belowIssued = await edit(t.rev, { stock: 1, name: '改名' });
    expect(belowIssued.status).toBe(200); // 1 issued, stock 1: nothing left, but allowed
    expect(belowIssued.body).toMatchObject({ issued: 1, remaining: 0, rev: t.rev + 1 });
    const stale = await edit(t.rev, { stock: 50 });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'template_changed']);

    const ok = await edit(t.rev + 1, { stock: 50, amountOffFen: 3_000, name: '¥30 代金券' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ issued: 1, remaining: 49, definition: { amountOffFen: 3_000, name: '¥30 代金券' } });
    const second = await coupons(m.token, 'POST', `/coupons/centre/${t.id}/claim`, { requestId: 'edit-claim-2' });
    const mine = await wallet(m.token);
    // The first coupon keeps the terms it was issued with; the new one has the new terms.
    expect(mine.find((c) => c.id === first.body.coupon.id)).toMatchObject({ name: '¥20 代金券' });
    expect(mine.find((c) => c.id === second.body.coupon.id)).toMatchObject({ name: '¥30 代金券' });

    const audit = await a.admin(admin, 'GET', '/admin/audit', undefined, { target: `template:${t.id}` });
    expect(audit.status).toBe(200);
    expect(audit.body.entries.filter((e: { action: string }) => e.action === 'coupon.template.edit')).toHaveLength(2);
  });

  test('a stock raised while members claim never oversells', async () => {
    const t = await createTemplate({ stock: 20 });
    const ids = await Promise.all(Array.from({ length: 30 }, (_, i) => a.newMember(`o-edit-race-${i}`)));
    const claims = ids.map((m, i) => coupons(m.token, 'POST', `/coupons/centre/${t.id}/claim`, { requestId: `race-claim-${i}` }));
    const edits = (async () => {
      for (let i = 0; i < 5; i++) {
        const cur = await templateFigures(t.id);
        const r = await coupons(admin, 'PUT', `/admin/coupon-templates/${t.id}`, { rev: cur.rev, definition: { ...cur.definition, stock: 25 } });
        if (r.status === 200) return r;
      }
      return null;
    })();
    const [results, edited] = await Promise.all([Promise.all(claims), edits]);
    const issued = results.filter((r) => r.status === 200).length;
    const figures = await templateFigures(t.id);
    expect(figures.issued).toBe(issued);
    expect(issued).toBeLessThanOrEqual(edited ? 25 : 20);
    expect(figures.issued + (figures.remaining ?? 0)).toBe(edited ? 25 : 20);
  }, 60_000);
});

describe('gifts', () => {
  test('registration gift: a new member finds it in her wallet once, even if she registers again', async () => {
    const t = await createTemplate({ name: '新人礼 ¥10', amountOffFen: 1_000, registrationGift: true, claimable: false, perMemberLimit: 1 });
    const m = await a.newMember('o-gift-reg');
    const again = await a.login('o-gift-reg');
    const r = await call((await import('../../functions/members/http')).registerMember, { path: '/members', token: again.token, body: { phoneCode: 'x', consent: true } });
    expect(r.status).toBe(200);
    const mine = (await wallet(m.token)).filter((c) => c.templateId === t.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ state: 'available', source: 'registration' });
    // Paused: the next member gets none, and still registers.
    await coupons(admin, 'PUT', `/admin/coupon-templates/${t.id}/state`, { state: 'paused' });
    const n = await a.newMember('o-gift-reg-2');
    expect((await wallet(n.token)).filter((c) => c.templateId === t.id)).toHaveLength(0);
  });

  test("birthday gift: the coupon of the member's tier, once a year; none when the tier gives no coupon", async () => {
    const t = await createTemplate({ name: '生日礼 ¥20', claimable: false });
    const program = structuredClone(demoBrand.tierProgram) as typeof demoBrand.tierProgram;
    (program.tiers[1] as { birthdayGift: unknown }).birthdayGift = { couponTemplateId: 't_000000nosuch', description: '无此券' };
    const unknown = await a.admin(admin, 'PUT', '/admin/tiers', program);
    expect([unknown.status, unknown.body.error.fields[0].path]).toEqual([422, 'tiers.1.birthdayGift.couponTemplateId']);
    (program.tiers[1] as { birthdayGift: unknown }).birthdayGift = demoBrand.tierProgram.tiers[1]!.birthdayGift;
    (program.tiers[0] as { birthdayGift: unknown }).birthdayGift = { couponTemplateId: t.id, description: '生日 20 元礼券' };
    const put = await a.admin(admin, 'PUT', '/admin/tiers', program);
    expect(put.status).toBe(200);
    const m = await a.newMember('o-gift-bday');
    const c1 = await issueBirthdayGift(m.id, '2026');
    const c2 = await issueBirthdayGift(m.id, '2026');
    const c3 = await issueBirthdayGift(m.id, '2027');
    expect(c1?.id).toBeDefined();
    expect(c2?.id).toBe(c1?.id);
    expect(c3?.id).not.toBe(c1?.id);
    expect((await wallet(m.token)).filter((c) => c.templateId === t.id && c.source === 'birthday')).toHaveLength(2);
    // The tier's gift changes mid-year: no second gift in 2026.
    const t2 = await createTemplate({ name: '生日礼 ¥30', claimable: false });
    (program.tiers[0] as { birthdayGift: unknown }).birthdayGift = { couponTemplateId: t2.id, description: '生日 30 元礼券' };
    expect((await a.admin(admin, 'PUT', '/admin/tiers', program)).status).toBe(200);
    const c4 = await issueBirthdayGift(m.id, '2026');
    expect(c4?.id).toBe(c1?.id);
    expect((await wallet(m.token)).filter((c) => c.source === 'birthday').map((c) => c.templateId).sort()).toEqual([t.id, t.id]);
    const put2 = await a.admin(admin, 'PUT', '/admin/tiers', demoBrand.tierProgram);
    expect(put2.status).toBe(200);
    const n = await a.newMember('o-gift-bday-2');
    expect(await issueBirthdayGift(n.id, '2026')).toBeNull();
  });
});

describe('stamp cards', () => {
  test('three purchases of ¥100 fill the card and issue its reward; a small one does not stamp; a return takes the stamp and the unused reward back', async () => {
    const reward = await createTemplate({ name: '集满奖励 ¥50', amountOffFen: 5_000, claimable: false });
    const card = await createTemplate({
      name: '集点卡',
      kind: 'stampCard',
      amountOffFen: undefined,
      stampCard: { purchasesNeeded: 3, minOrderFen: 10_000, rewardTemplateId: reward.id },
    });
    const m = await a.newMember('o-stamp-1');
    const claimed = await coupons(m.token, 'POST', `/coupons/centre/${card.id}/claim`, { requestId: 'stamp-claim-1' });
    expect(claimed.status).toBe(200);
    const cardId = claimed.body.coupon.id as string;
    const progress = async () => (await wallet(m.token)).find((c) => c.id === cardId)!;

    const small = await a.buy(clerk, m, 5_000);
    expect(small.stamps).toEqual([]);
    const orders: string[] = [];
    for (let i = 1; i <= 3; i++) {
      const body = a.orderBody(await a.codeFor(m.token), 10_000);
      const r = await a.checkout(clerk, body);
      expect(r.status).toBe(200);
      expect(r.body.stamps).toEqual([{ couponId: cardId, name: '集点卡', stamps: i, needed: 3, completed: i === 3 }]);
      orders.push(body.orderId);
    }
    const full = await progress();
    expect(full.state).toBe('used');
    expect(full.stamps).toMatchObject({ collected: 3, needed: 3 });
    const rewardId = full.stamps!.rewardCouponId!;
    expect((await wallet(m.token)).find((c) => c.id === rewardId)).toMatchObject({ templateId: reward.id, state: 'available', source: 'stampCard' });
    // A fourth purchase stamps nothing: the card is full.
    expect((await a.buy(clerk, m, 10_000)).stamps).toEqual([]);

    // Half of the last order comes back: ¥50 left < ¥100 minimum → the stamp goes, the unused reward is voided, the card reopens.
    const ret = await a.returns(clerk, { storeId: 'S001', orderId: orders[2], returnId: 'stamp-ret-1', amountFen: 5_000 });
    expect(ret.status).toBe(200);
    expect(ret.body).toMatchObject({ stampsRemoved: [cardId], rewardsVoided: [rewardId] });
    const reopened = await progress();
    expect(reopened).toMatchObject({ state: 'available', stamps: { collected: 2, needed: 3, rewardCouponId: null } });
    expect((await wallet(m.token)).find((c) => c.id === rewardId)?.state).toBe('voided');
    // The rest of that order coming back changes nothing more.
    const ret2 = await a.returns(clerk, { storeId: 'S001', orderId: orders[2], returnId: 'stamp-ret-2', amountFen: 5_000 });
    expect(ret2.body.stampsRemoved).toBeUndefined();
    expect((await progress()).stamps?.collected).toBe(2);
    // A new purchase fills it again and issues a new reward.
    const again = await a.buy(clerk, m, 12_000);
    expect(again.stamps[0]).toMatchObject({ stamps: 3, completed: true });
    const refilled = await progress();
    expect(refilled.stamps?.rewardCouponId).toBeTruthy();
    expect(refilled.stamps?.rewardCouponId).not.toBe(rewardId);
  }, 60_000);

  test('a reward that could not be issued (paused) is issued when she next opens her wallet after it resumes', async () => {
    const reward = await createTemplate({ name: '暂停的奖励 ¥10', amountOffFen: 1_000, claimable: false });
    const card = await createTemplate({ name: '两次卡（待发奖励）', kind: 'stampCard', amountOffFen: undefined, stampCard: { purchasesNeeded: 2, minOrderFen: 5_000, rewardTemplateId: reward.id } });
    const m = await a.newMember('o-stamp-pending');
    const cardId = (await coupons(m.token, 'POST', `/coupons/centre/${card.id}/claim`, { requestId: 'stamp-claim-pending' })).body.coupon.id as string;
    expect((await coupons(admin, 'PUT', `/admin/coupon-templates/${reward.id}/state`, { state: 'paused' })).status).toBe(200);
    await a.buy(clerk, m, 6_000);
    expect((await a.buy(clerk, m, 6_000)).stamps[0]).toMatchObject({ completed: true });
    const waiting = await wallet(m.token);
    expect(waiting.find((c) => c.id === cardId)?.stamps?.rewardCouponId).toBeNull();
    expect(waiting.filter((c) => c.templateId === reward.id)).toHaveLength(0);
    expect((await coupons(admin, 'PUT', `/admin/coupon-templates/${reward.id}/state`, { state: 'active' })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1_100)); // the issuing side's 1 s template cache
    const now = await wallet(m.token);
    const rewardId = now.find((c) => c.id === cardId)?.stamps?.rewardCouponId;
    expect(rewardId).toBeTruthy();
    expect(now.filter((c) => c.templateId === reward.id).map((c) => c.id)).toEqual([rewardId]);
    // Looking again issues nothing more.
    expect((await wallet(m.token)).filter((c) => c.templateId === reward.id)).toHaveLength(1);
  }, 60_000);

  test('a reward already used is kept, and so is the stamp', async () => {
    const reward = await createTemplate({ name: '奖励 ¥10', amountOffFen: 1_000, claimable: false });
    const card = await createTemplate({ name: '两次卡', kind: 'stampCard', amountOffFen: undefined, stampCard: { purchasesNeeded: 2, minOrderFen: 5_000, rewardTemplateId: reward.id } });
    const m = await a.newMember('o-stamp-2');
    const cardId = (await coupons(m.token, 'POST', `/coupons/centre/${card.id}/claim`, { requestId: 'stamp-claim-2' })).body.coupon.id as string;
    await a.buy(clerk, m, 6_000);
    const body = a.orderBody(await a.codeFor(m.token), 6_000);
    expect((await a.checkout(clerk, body)).body.stamps[0].completed).toBe(true);
    const rewardId = (await wallet(m.token)).find((c) => c.id === cardId)!.stamps!.rewardCouponId!;
    const used = await a.buy(clerk, m, 4_000, { items: [{ sku: 'SKU-1', name: '袜子', quantity: 1, unitPriceFen: 5_000 }], coupons: [rewardId] });
    expect(used.discountFen).toBe(1_000);
    const ret = await a.returns(clerk, { storeId: 'S001', orderId: body.orderId, returnId: 'stamp-ret-3', amountFen: 6_000 });
    expect(ret.status).toBe(200);
    expect(ret.body.stampsRemoved).toBeUndefined();
    expect((await wallet(m.token)).find((c) => c.id === cardId)).toMatchObject({ state: 'used', stamps: { collected: 2 } });
  }, 60_000);
});

describe('redemption figures', () => {
  test('issued, remaining and redeemed per template; a whole-order return gives the redemption back', async () => {
    const t = await createTemplate({ stock: 40, amountOffFen: 1_000 });
    const ms = await Promise.all([0, 1, 2].map((i) => a.newMember(`o-fig-${i}`)));
    const ids = await Promise.all(ms.map(async (m, i) => (await coupons(m.token, 'POST', `/coupons/centre/${t.id}/claim`, { requestId: `fig-claim-${i}` })).body.coupon.id as string));
    const bodies = await Promise.all(ms.slice(0, 2).map(async (m, i) => a.orderBody(await a.codeFor(m.token), 9_000, { items: [{ sku: 'S', name: '衬衫', quantity: 1, unitPriceFen: 10_000 }], coupons: [ids[i]] })));
    for (const b of bodies) expect((await a.checkout(clerk, b)).status).toBe(200);
    expect(await templateFigures(t.id)).toMatchObject({ issued: 3, remaining: 37, redeemed: 2, redemptionRate: 0.667 });
    const ret = await a.returns(clerk, { storeId: 'S001', orderId: bodies[0]!.orderId, returnId: 'fig-ret-1', amountFen: 9_000 });
    expect(ret.body.couponsRestored).toEqual([ids[0]]);
    expect(await templateFigures(t.id)).toMatchObject({ issued: 3, redeemed: 1 });
  }, 60_000);
});

describe('demo coupons (npm start)', () => {
  test('seeded once: a new member gets the registration gift and can claim the stamp card', async () => {
    const { seedDemoCoupons } = await import('../../infra/local/seed-coupons');
    expect(await seedDemoCoupons()).toEqual({ written: 5 });
    expect(await seedDemoCoupons()).toEqual({ written: 0 });
    const m = await a.newMember('o-demo-coupons');
    expect((await wallet(m.token)).map((c) => c.templateId)).toEqual(['t_demo0002']);
    const claim = await coupons(m.token, 'POST', '/coupons/centre/t_demo0005/claim', { requestId: 'demo-stamp-1' });
    expect(claim.body.coupon).toMatchObject({ kind: 'stampCard', stamps: { collected: 0, needed: 5 } });
  });
});
