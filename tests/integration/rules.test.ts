import { setClock } from '../../functions/lib/clock';
import { spendPoints } from '../../functions/points/movements';
import { birthdayBonus } from '../../functions/points/scheduled';
import { updateMe } from '../../functions/members/http';
import { demoBrand } from '../../infra/local/seed';
import { actors } from './actors';
import { call, setupWorld } from './support';

let world: Awaited<ReturnType<typeof setupWorld>>;
const a = actors(() => world.standIn);
let clerk: string;
let admin: string;
beforeAll(async () => {
  world = await setupWorld();
  clerk = (await a.login('demo-staff')).token;
  admin = (await a.login('demo-admin')).token;
});
afterAll(() => world.close());
afterEach(() => setClock(null));

const { version: _v, effectiveFrom: _e, ...baseRules } = demoBrand.rules;

describe('earning rules', () => {
  test('a new version applies from its time, past entries keep theirs, each change is audited', async () => {
    const m = await a.newMember('o-rules-1');
    const before = await a.buy(clerk, m, 39_900);
    expect(before).toMatchObject({ pointsEarned: 399, ruleVersion: 1 });

    const put = await a.admin(admin, 'PUT', '/admin/rules', { ...baseRules, spend: { ...baseRules.spend, pointsPerYuan: 2, capPerOrder: 1000 } });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ version: 2, createdBy: 'demo-admin' });
    const after = await a.buy(clerk, m, 39_900);
    expect(after).toMatchObject({ pointsEarned: 798, ruleVersion: 2 });
    const big = await a.buy(clerk, m, 99_900);
    expect(big.pointsEarned).toBe(1000); // the cap (at SILVER x1.2 it would be 2397)
    expect(big.breakdown.map((s: { key: string }) => s.key)).toEqual(['base', 'tier', 'cap']);

    const hist = await a.myPoints(m.token);
    expect(hist.body.entries.map((e: { ruleVersion: number }) => e.ruleVersion)).toEqual([2, 2, 1]);

    const rules = await a.admin(admin, 'GET', '/admin/rules');
    expect(rules.body.current.version).toBe(2);
    expect(rules.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const audit = await a.admin(admin, 'GET', '/admin/audit', undefined, { target: 'rules' });
    expect(audit.body.entries[0]).toMatchObject({ actor: 'demo-admin', action: 'rules.version', before: { version: 1 }, after: { version: 2 } });
  });

  test('a version scheduled for later does not apply before its time', async () => {
    const m = await a.newMember('o-rules-2');
    const now = Date.now();
    const from = new Date(now + 86_400_000).toISOString();
    const put = await a.admin(admin, 'PUT', '/admin/rules', { ...baseRules, effectiveFrom: from, spend: { ...baseRules.spend, pointsPerYuan: 3, capPerOrder: null } });
    expect(put.status).toBe(200);
    const rules = await a.admin(admin, 'GET', '/admin/rules');
    expect(rules.body.scheduled.map((v: { version: number }) => v.version)).toEqual([put.body.version]);
    const today = await a.buy(clerk, m, 10_000);
    expect(today.ruleVersion).toBe(put.body.version - 1);
    setClock({ now: () => new Date(now + 2 * 86_400_000) });
    const tomorrow = await a.buy(clerk, m, 10_000);
    expect(tomorrow).toMatchObject({ ruleVersion: put.body.version, pointsEarned: 300 });
  });

  test('a holding period keeps purchase points unspendable until the return window ends; a return takes the held points', async () => {
    const m = await a.newMember('o-rules-hold');
    const put = await a.admin(admin, 'PUT', '/admin/rules', { ...baseRules, holdingDays: 7, spend: { ...baseRules.spend, capPerOrder: null } });
    expect(put.status).toBe(200);
    await a.admin(admin, 'POST', `/admin/members/${m.id}/adjustments`, { adjustmentId: 'hold-adj-0001', points: 40, reason: '开卡礼' });
    const now = Date.now();
    const o = await a.buy(clerk, m, 20_000);
    expect(o.availableOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const p = await a.myPoints(m.token);
    expect(p.body.summary).toMatchObject({ balance: 40 + o.pointsEarned, held: o.pointsEarned, spendable: 40 });
    await expect(spendPoints(m.id, 41, 'hold-spend-1', '积分兑换')).rejects.toMatchObject({ code: 'insufficient_points' });
    const r = await a.returns(clerk, { storeId: 'S001', orderId: o.orderId, returnId: 'hold-r1', amountFen: 10_000 });
    expect(r.body).toMatchObject({ pointsReversed: o.pointsEarned / 2, shortfall: 0 });
    expect((await a.myPoints(m.token)).body.summary).toMatchObject({ held: o.pointsEarned / 2, spendable: 40 });
    setClock({ now: () => new Date(now + 8 * 86_400_000) });
    expect((await a.myPoints(m.token)).body.summary).toMatchObject({ held: 0, spendable: 40 + o.pointsEarned / 2 });
    expect((await spendPoints(m.id, 41, 'hold-spend-2', '积分兑换')).spent).toBe(41);
  });

  test('a birthday bonus is awarded by the daily job once a year to members born on that day', async () => {
    const m = await a.newMember('o-rules-bday');
    const other = await a.newMember('o-rules-bday-2');
    await call(updateMe, { method: 'PATCH', path: '/members/me', token: m.token, body: { birthday: '1995-08-08' } });
    await call(updateMe, { method: 'PATCH', path: '/members/me', token: other.token, body: { birthday: '1995-08-09' } });
    const put = await a.admin(admin, 'PUT', '/admin/rules', { ...baseRules, birthday: { mode: 'bonus', points: 88 } });
    expect(put.status).toBe(200);
    setClock({ now: () => new Date('2027-08-08T01:00:00Z') });
    const first = await birthdayBonus();
    const second = await birthdayBonus();
    expect([first.awarded, second.awarded]).toEqual([1, 0]);
    const hist = await a.myPoints(m.token);
    expect(hist.body.entries.map((e: { description: string; points: number }) => [e.description, e.points])).toEqual([['生日积分', 88]]);
    expect((await a.myPoints(other.token)).body.entries).toEqual([]);
    // Born on 29 February: the bonus comes on 28 February in a year without a 29th.
    const leap = await a.newMember('o-rules-bday-leap');
    await call(updateMe, { method: 'PATCH', path: '/members/me', token: leap.token, body: { birthday: '1996-02-29' } });
    setClock({ now: () => new Date('2027-02-28T01:00:00Z') });
    expect((await birthdayBonus()).awarded).toBe(1);
    expect((await a.myPoints(leap.token)).body.entries.map((e: { points: number }) => e.points)).toEqual([88]);
  });

  test('bad rules are refused naming the field; nothing is written', async () => {
    const versions = (await a.admin(admin, 'GET', '/admin/rules')).body.versions.length;
    const cases: [unknown, number, string][] = [
      [{ ...baseRules, spend: { ...baseRules.spend, pointsPerYuan: -1 } }, 400, 'spend.pointsPerYuan'],
      [{ ...baseRules, spend: { ...baseRules.spend, rounding: 'up' } }, 400, 'spend.rounding'],
      [{ ...baseRules, spend: { ...baseRules.spend, skuMultipliers: [{ sku: 'A', multiplier: 2 }, { sku: 'A', multiplier: 3 }] } }, 400, 'spend.skuMultipliers.1'],
      [{ ...baseRules, expiry: { policy: 'days' } }, 400, 'expiry.days'],
      [{ ...baseRules, holdingDays: 365 }, 400, 'holdingDays'],
      [{ ...baseRules, effectiveFrom: '2020-01-01T00:00:00Z' }, 422, 'effectiveFrom'],
      [{ ...baseRules, extra: 1 }, 400, 'body'],
    ];
    for (const [body, status, path] of cases) {
      const r = await a.admin(admin, 'PUT', '/admin/rules', body);
      expect([r.status, r.body.error.fields?.[0]?.path]).toEqual([status, path]);
    }
    expect((await a.admin(admin, 'GET', '/admin/rules')).body.versions).toHaveLength(versions);
    const staff = await a.admin(clerk, 'PUT', '/admin/rules', baseRules);
    expect(staff.status).toBe(403);
  });

  test('the tier program: validated, audited, and applied to the next purchase', async () => {
    const current = (await a.admin(admin, 'GET', '/admin/tiers')).body;
    const { rev: _r, updatedAt: _u, updatedBy: _b, ...program } = current;
    const bad = await a.admin(admin, 'PUT', '/admin/tiers', { ...program, tiers: program.tiers.map((t: { rank: number }) => (t.rank === 2 ? { ...t, threshold: 100 } : t)) });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('tiers.2.threshold');
    const cheaperGold = { ...program, tiers: program.tiers.map((t: { code: string }) => (t.code === 'GOLD' ? { ...t, threshold: 80_000 } : t)) };
    const ok = await a.admin(admin, 'PUT', '/admin/tiers', cheaperGold);
    expect(ok.status).toBe(200);
    expect(ok.body.rev).toBe(current.rev + 1);
    const m = await a.newMember('o-rules-tiers');
    expect((await a.buy(clerk, m, 90_000)).tier.code).toBe('GOLD');
    const audit = await a.admin(admin, 'GET', '/admin/audit', undefined, { target: 'tiers' });
    expect(audit.body.entries[0]).toMatchObject({ action: 'tiers.update' });
  });
});
