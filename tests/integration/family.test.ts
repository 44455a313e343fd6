import { sumLedger } from '../../functions/adapters/dynamo/account-repo';
import { spendPoints } from '../../functions/points/movements';
import { actors } from './actors';
import { setupWorld } from './support';

let world: Awaited<ReturnType<typeof setupWorld>>;
const a = actors(() => world.standIn);
let clerk: string;
beforeAll(async () => {
  world = await setupWorld();
  clerk = (await a.login('demo-staff')).token;
});
afterAll(() => world.close());

describe('family accounts (主副卡)', () => {
  test('invite, join (points move with a transfer entry), shared earnings and tier, only the primary spends, either ends the link', async () => {
    const mum = await a.newMember('o-fam-mum');
    const kid = await a.newMember('o-fam-kid');
    await a.buy(clerk, mum, 30_000); // 300
    await a.buy(clerk, kid, 12_000); // 120

    const inv = await a.family(mum.token, 'POST', '/members/me/family/invites');
    expect(inv.status).toBe(200);
    expect(inv.body.code).toMatch(/^\d{8}$/);
    const self = await a.family(mum.token, 'POST', '/members/me/family/join', { code: inv.body.code });
    expect(self.status).toBe(422);
    const wrong = await a.family(kid.token, 'POST', '/members/me/family/join', { code: '00000000' });
    expect([wrong.status, wrong.body.error.code, wrong.body.error.fields[0].path]).toEqual([422, 'family_invite_invalid', 'code']);
    const badShape = await a.family(kid.token, 'POST', '/members/me/family/join', { code: '12' });
    expect(badShape.status).toBe(400);

    const joined = await a.family(kid.token, 'POST', '/members/me/family/join', { code: inv.body.code });
    expect(joined.status).toBe(200);
    expect(joined.body).toMatchObject({ role: 'secondary', primary: { id: mum.id }, balance: 420 });
    const reuse = await a.family(kid.token, 'POST', '/members/me/family/join', { code: inv.body.code });
    expect(reuse.status).toBe(422);
    expect((await sumLedger(kid.id)).sum).toBe(0);
    expect((await sumLedger(mum.id)).sum).toBe(420);

    // The secondary's purchase goes to the primary's balance and qualifying total (her earlier ¥120 stays
    // with her own record): ¥300 + ¥200 ≥ ¥500 → SILVER for both.
    const buy = await a.buy(clerk, kid, 20_000);
    expect(buy).toMatchObject({ toFamily: true, balance: 620, tier: { code: 'SILVER' }, upgraded: true });
    const kidHome = await a.me(kid.token);
    expect(kidHome.body).toMatchObject({ family: 'secondary', tier: { code: 'SILVER' }, points: { balance: 620 } });
    const mumHist = await a.myPoints(mum.token);
    expect(mumHist.body.entries[0]).toMatchObject({ type: 'earn', points: 200, byMember: expect.stringContaining('****') });
    await expect(spendPoints(kid.id, 10, 'kid-spend', '积分兑换')).rejects.toMatchObject({ status: 403 });
    expect((await spendPoints(mum.id, 20, 'mum-spend', '积分兑换')).balance).toBe(600);

    const mumView = await a.family(mum.token, 'GET', '/members/me/family');
    expect(mumView.body).toMatchObject({ role: 'primary', secondaries: [{ id: kid.id }], balance: 600 });

    const left = await a.family(kid.token, 'POST', '/members/me/family/leave', {});
    expect(left.body).toMatchObject({ role: 'none', balance: 0 });
    const after = await a.buy(clerk, kid, 5_000);
    expect(after).toMatchObject({ toFamily: false, balance: 50, tier: { code: 'MEMBER' } });
    const mumAfter = await a.family(mum.token, 'GET', '/members/me/family');
    expect(mumAfter.body).toMatchObject({ role: 'none', secondaries: [], balance: 600 });
    const notIn = await a.family(kid.token, 'POST', '/members/me/family/leave', {});
    expect(notIn.status).toBe(409);
  });

  test('the primary removes a secondary; a member owing points cannot join', async () => {
    const p = await a.newMember('o-fam-p');
    const s = await a.newMember('o-fam-s');
    const inv = await a.family(p.token, 'POST', '/members/me/family/invites');
    await a.family(s.token, 'POST', '/members/me/family/join', { code: inv.body.code });
    const removed = await a.family(p.token, 'POST', '/members/me/family/leave', { memberId: s.id });
    expect(removed.body).toMatchObject({ role: 'none', secondaries: [] });
    expect((await a.me(s.token)).body.family).toBe('none');
  });
});
