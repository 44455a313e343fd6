/**
 * Service desk identity operations (issue 16): birthday set once (the desk corrects it), 换绑 (moving a
 * member to a new WeChat account) and merging duplicate members, through the real handlers over DynamoDB
 * Local and the WeChat stand-in.
 */
import { randomUUID } from 'node:crypto';
import { sumLedger, recordProfileChange } from '../../functions/adapters/dynamo/account-repo';
import { findCouponByCode } from '../../functions/adapters/dynamo/coupon-repo';
import { findIdentity, grantRole } from '../../functions/adapters/dynamo/identity-repo';
import { createMember, findMemberIdByPhone, getMember, getPoints } from '../../functions/adapters/dynamo/member-repo';
import { newMemberRecord } from '../../functions/core';
import { handler as couponsHandler } from '../../functions/coupons/http';
import { issueCoupon } from '../../functions/coupons/coupons';
import { desk as deskHandler, member as memberHandler } from '../../functions/identity/http';
import { updateMe, registerMember } from '../../functions/members/http';
import { getProfileExtras } from '../../functions/adapters/dynamo/rights-repo';
import { setClock } from '../../functions/lib/clock';
import { balanceOf } from '../../shared/domain';
import { actors } from './actors';
import { call, phoneCode, setupWorld, uniquePhone } from './support';

let world: Awaited<ReturnType<typeof setupWorld>>;
const a = actors(() => world.standIn);
let admin: string;
let clerk: string;
beforeAll(async () => {
  world = await setupWorld();
  admin = (await a.login('demo-admin')).token;
  clerk = (await a.login('demo-staff')).token;
});
afterAll(async () => {
  setClock(null);
  await world.close();
});
afterEach(() => setClock(null));

const at = (iso: string) => setClock({ now: () => new Date(iso) });
const desk = (token: string, method: string, path: string, body?: unknown, query?: Record<string, string>) => call(deskHandler, { method, path, token, body, ...(query ? { query } : {}) });
const mine = (token: string, method: string, path: string, body?: unknown) => call(memberHandler, { method, path, token, body });
const patchMe = (token: string, body: unknown) => call(updateMe, { method: 'PATCH', path: '/members/me', token, body });
const auditOf = async (memberId: string) => (await a.admin(admin, 'GET', '/admin/audit', undefined, { target: `member:${memberId}` })).body.entries.filter((e: { action: string }) => e.action !== 'member.consent') as { action: string; actor: string; before: any; after: any }[];

async function expectLedgerEqualsBalance(memberId: string) {
  const [ledger, points] = await Promise.all([sumLedger(memberId), getPoints(memberId)]);
  expect(ledger.sum).toBe(balanceOf(points.state));
  return ledger.sum;
}

describe('birthday set once', () => {
  test('the member sets it once, a change is refused; the desk corrects it (audited) and the multiplier follows', async () => {
    const m = await a.newMember('o-bd-once');
    at('2026-03-20T04:00:00Z'); // (after signing in: tokens are checked against the real clock)
    expect((await patchMe(m.token, { birthday: '1992-06-08' })).status).toBe(200);
    // The same birthday again is no change; another one is refused, naming the field.
    expect((await patchMe(m.token, { birthday: '1992-06-08', name: '王芳' })).status).toBe(200);
    const again = await patchMe(m.token, { birthday: '1992-03-08' });
    expect([again.status, again.body.error.code, again.body.error.fields[0].path]).toEqual([409, 'birthday_locked', 'birthday']);
    expect((await a.me(m.token)).body.birthday).toBe('1992-06-08');
    // Not her birthday month (June): no multiplier.
    expect((await a.buy(clerk, m, 10_000)).pointsEarned).toBe(100);

    // A member cannot call the desk's route; bad input names the field.
    const self = await desk(m.token, 'PUT', `/admin/desk/members/${m.id}/birthday`, { birthday: '1992-03-08', reason: '会员来电更正' });
    expect(self.status).toBe(403);
    expect((await desk(admin, 'PUT', `/admin/desk/members/${m.id}/birthday`, { birthday: '1992-02-30', reason: '会员来电更正' })).body.error.fields[0].path).toBe('birthday');
    expect((await desk(admin, 'PUT', `/admin/desk/members/${m.id}/birthday`, { birthday: '1992-03-08' })).body.error.fields[0].path).toBe('reason');
    expect((await desk(admin, 'PUT', `/admin/desk/members/m_0000000000nobody/birthday`, { birthday: '1992-03-08', reason: '会员来电更正' })).status).toBe(404);

    const fixed = await desk(admin, 'PUT', `/admin/desk/members/${m.id}/birthday`, { birthday: '1992-03-08', reason: '会员来电更正' });
    expect(fixed.status).toBe(200);
    expect(fixed.body).toEqual({ memberId: m.id, birthday: '1992-03-08', previous: '1992-06-08' });
    const audit = await auditOf(m.id);
    expect(audit[0]).toMatchObject({ action: 'member.birthday.correct', before: { birthday: '1992-06-08' }, after: { birthday: '1992-03-08', reason: '会员来电更正' } });
    // March is now her birthday month: ×2.
    expect((await a.buy(clerk, m, 10_000)).pointsEarned).toBe(200);
    // And she still cannot change it herself.
    expect((await patchMe(m.token, { birthday: '1992-06-08' })).status).toBe(409);
  });
});

describe('换绑: moving a member to a new WeChat account', () => {
  async function ask(openid: string, phone: string) {
    const s = await a.login(openid);
    const r = await mine(s.token, 'POST', '/members/rebind-requests', { phoneCode: await phoneCode(world.standIn, phone) });
    return { token: s.token, r };
  }

  test('the new account proves the phone and asks; the desk approves; the old account is unbound and told', async () => {
    const old = await a.newMember('o-rb-old');
    await grantRole('o-rb-old', { role: 'staff', storeId: 'S001' }, 'test');
    await a.buy(clerk, old, 12_300);

    // Registering on the new account still says the phone is taken; the request is the way.
    const fresh = await a.login('o-rb-new');
    const reg = await call(registerMember, { path: '/members', token: fresh.token, body: { phoneCode: await phoneCode(world.standIn, old.phone), consent: true } });
    expect([reg.status, reg.body.error.code]).toEqual([409, 'phone_bound_elsewhere']);
    const { token: newToken, r } = await ask('o-rb-new', old.phone);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ state: 'pending', phoneMasked: expect.stringContaining('****'), decidedBy: null });
    // Asking again from the same account answers the same request; another account is told one is pending.
    const { r: same } = await ask('o-rb-new', old.phone);
    expect(same.body.id).toBe(r.body.id);
    const { r: other } = await ask('o-rb-third', old.phone);
    expect([other.status, other.body.error.code]).toEqual([409, 'rebind_pending']);
    expect((await mine(newToken, 'GET', '/members/rebind-requests/mine')).body.request).toMatchObject({ id: r.body.id, state: 'pending' });

    // The old account sees it; the desk sees it.
    expect((await mine(old.token, 'GET', '/members/me/rebind-requests')).body.requests).toEqual([{ id: r.body.id, createdAt: expect.any(String), expiresAt: expect.any(String) }]);
    const list = await desk(admin, 'GET', '/admin/desk/rebinds', undefined, {});
    expect(list.body.requests.find((x: { id: string }) => x.id === r.body.id)).toMatchObject({ memberId: old.id, state: 'pending' });
    // A member cannot decide at the desk; the desk needs a reason.
    expect((await desk(old.token, 'POST', `/admin/desk/rebinds/${r.body.id}/approve`, { reason: '核对身份证' })).status).toBe(403);
    expect((await desk(admin, 'POST', `/admin/desk/rebinds/${r.body.id}/approve`, {})).body.error.fields[0].path).toBe('reason');

    const ok = await desk(admin, 'POST', `/admin/desk/rebinds/${r.body.id}/approve`, { reason: '核对身份证' });
    expect(ok.body).toEqual({ id: r.body.id, state: 'confirmed', memberId: old.id });
    const twice = await desk(admin, 'POST', `/admin/desk/rebinds/${r.body.id}/approve`, { reason: '核对身份证' });
    expect([twice.status, twice.body.error.code]).toEqual([409, 'rebind_closed']);

    // The new account is the member now (points with it); the old one is not, even with its old token.
    const newLogin = await a.login('o-rb-new');
    expect(newLogin.memberId).toBe(old.id);
    expect((await a.me(newLogin.token)).body).toMatchObject({ id: old.id, points: { balance: 123 } });
    const stale = await a.me(old.token);
    expect([stale.status, stale.body.error.code]).toEqual([404, 'not_registered']);
    expect((await a.myPoints(old.token)).status).toBe(404);
    const oldLogin = await a.login('o-rb-old');
    expect(oldLogin.memberId).toBeNull();
    // Her staff role stays with the old WeChat account.
    expect((await findIdentity('o-rb-old')).staffStoreId).toBe('S001');
    const told = await mine(oldLogin.token, 'GET', '/members/notices');
    expect(told.body.notices).toEqual([expect.objectContaining({ kind: 'rebind_moved', text: expect.stringContaining('转到另一个微信账号') })]);
    expect((await getMember(old.id))!.openid).toBe('o-rb-new');
    const audit = await auditOf(old.id);
    expect(audit[0]).toMatchObject({ action: 'member.rebind.confirm', before: { openid: 'o-rb-old' }, after: { openid: 'o-rb-new', by: 'desk', reason: '核对身份证' } });
    expect((await mine(newLogin.token, 'GET', '/members/rebind-requests/mine')).body.request).toMatchObject({ state: 'confirmed', decidedBy: 'desk' });
  });

  test('the member confirms from her old account (or refuses); wrong requests are refused', async () => {
    const m = await a.newMember('o-rb2-old');
    const { r } = await ask('o-rb2-new', m.phone);
    // Another member cannot decide her request.
    const stranger = await a.newMember('o-rb2-stranger');
    expect((await mine(stranger.token, 'POST', `/members/me/rebind-requests/${r.body.id}/confirm`)).status).toBe(404);
    expect((await mine(m.token, 'POST', '/members/me/rebind-requests/rb_0000000000000000/confirm')).status).toBe(404);
    expect((await mine(m.token, 'POST', '/members/me/rebind-requests/nope/confirm')).status).toBe(400);
    const refused = await mine(m.token, 'POST', `/members/me/rebind-requests/${r.body.id}/refuse`);
    expect(refused.body).toMatchObject({ state: 'refused' });
    expect((await a.me(m.token)).status).toBe(200);
    expect((await mine(m.token, 'GET', '/members/me/rebind-requests')).body.requests).toEqual([]);

    const { r: r2 } = await ask('o-rb2-new', m.phone);
    expect(r2.body.id).not.toBe(r.body.id);
    const ok = await mine(m.token, 'POST', `/members/me/rebind-requests/${r2.body.id}/confirm`);
    expect(ok.body).toMatchObject({ state: 'confirmed', memberId: m.id });
    expect((await a.login('o-rb2-new')).memberId).toBe(m.id);
    expect((await a.me(m.token)).status).toBe(404);
    expect((await auditOf(m.id))[0]).toMatchObject({ action: 'member.rebind.confirm', after: { by: 'member' } });

    // A member asks for nothing to move; a phone nobody has needs no move.
    const { r: self } = await ask('o-rb2-stranger', m.phone);
    expect([self.status, self.body.error.code]).toEqual([409, 'wechat_bound_elsewhere']);
    const { r: nobody } = await ask('o-rb2-nobody', uniquePhone());
    expect([nobody.status, nobody.body.error.code]).toEqual([409, 'rebind_not_needed']);
    const bad = await mine((await a.login('o-rb2-nobody')).token, 'POST', '/members/rebind-requests', { phoneCode: 'spent-or-unknown' });
    expect([bad.status, bad.body.error.code]).toEqual([422, 'invalid_phone_code']);
  });

  test('a request expires after 7 days; then another account may ask', async () => {
    const t0 = Date.now();
    const m = await a.newMember('o-rb3-old');
    const { r } = await ask('o-rb3-new', m.phone);
    at(new Date(t0 + 7 * 86_400_000 + 1000).toISOString());
    const late = await mine(m.token, 'POST', `/members/me/rebind-requests/${r.body.id}/confirm`);
    expect([late.status, late.body.error.code]).toEqual([409, 'rebind_closed']);
    expect((await desk(admin, 'POST', `/admin/desk/rebinds/${r.body.id}/approve`, { reason: '核对身份证' })).status).toBe(409);
    expect((await mine(m.token, 'GET', '/members/me/rebind-requests')).body.requests).toEqual([]);
    expect((await desk(admin, 'GET', '/admin/desk/rebinds', undefined, { state: 'expired' })).body.requests.map((x: { id: string }) => x.id)).toContain(r.body.id);
    const { r: again } = await ask('o-rb3-other', m.phone);
    expect(again.body).toMatchObject({ state: 'pending' });
    expect((await getMember(m.id))!.openid).toBe('o-rb3-old');
  });

  test('race: the desk and the old account confirm at once: one binding', async () => {
    const m = await a.newMember('o-rb4-old');
    const { r } = await ask('o-rb4-new', m.phone);
    const results = await Promise.all([
      desk(admin, 'POST', `/admin/desk/rebinds/${r.body.id}/approve`, { reason: '核对身份证' }),
      mine(m.token, 'POST', `/members/me/rebind-requests/${r.body.id}/confirm`),
      desk(admin, 'POST', `/admin/desk/rebinds/${r.body.id}/approve`, { reason: '核对身份证' }),
      mine(m.token, 'POST', `/members/me/rebind-requests/${r.body.id}/confirm`),
    ]);
    expect(results.filter((x) => x.status === 200)).toHaveLength(1);
    expect(results.filter((x) => x.status !== 200).every((x) => x.status === 409 || x.status === 404)).toBe(true);
    expect((await findIdentity('o-rb4-new')).memberId).toBe(m.id);
    expect((await findIdentity('o-rb4-old')).memberId).toBeNull();
    expect((await auditOf(m.id)).filter((e) => e.action === 'member.rebind.confirm')).toHaveLength(1);
  });
});

describe('merging duplicate members', () => {
  const template = {
    name: '10元券',
    description: '全场通用',
    kind: 'amountOff',
    amountOffFen: 1_000,
    scope: { kind: 'all' },
    stores: null,
    stackable: true,
    validity: { kind: 'afterIssue', days: 30 },
    stock: null,
    perMemberLimit: null,
    claimable: false,
  };
  let templateId: string;
  beforeAll(async () => {
    const t = await call(couponsHandler, { method: 'POST', path: '/admin/coupon-templates', token: admin, body: template });
    expect(t.status).toBe(201);
    templateId = t.body.id;
  });

  const merge = (token: string, keepId: string, mergeId: string) => desk(token, 'POST', '/admin/desk/merges', { keepId, mergeId, reason: '同一人两个账户' });

  test('points add up (two ledger movements), unused coupons and tags move, phone and WeChat follow; idempotent', async () => {
    const keep = await a.newMember('o-mg-keep');
    const dup = await a.newMember('o-mg-dup');
    await a.buy(clerk, keep, 30_000);
    await a.buy(clerk, dup, 12_000);
    const kc = await issueCoupon(keep.id, templateId, `r-${randomUUID()}`, 'admin');
    const c1 = await issueCoupon(dup.id, templateId, `r-${randomUUID()}`, 'admin');
    const c2 = await issueCoupon(dup.id, templateId, `r-${randomUUID()}`, 'admin');
    const dm = await getMember(dup.id);
    await recordProfileChange({ memberId: dup.id, qrev: dm!.qrev, extra: { memberTags: ['蕾丝', '门店老客'], surveyFacts: { 肤质: '干性', 口味: '微辣' } } });
    const km = await getMember(keep.id);
    await recordProfileChange({ memberId: keep.id, qrev: km!.qrev, extra: { memberTags: ['蕾丝'], surveyFacts: { 肤质: '油性' } } });
    const before = (await expectLedgerEqualsBalance(keep.id)) + (await expectLedgerEqualsBalance(dup.id));

    const preview = await desk(admin, 'GET', '/admin/desk/merges/preview', undefined, { keepId: keep.id, mergeId: dup.id });
    expect(preview.body).toMatchObject({
      keep: { id: keep.id, balance: expect.any(Number), coupons: 1, wechatBound: true },
      merge: { id: dup.id, coupons: 2, tags: ['蕾丝', '门店老客'] },
      after: { balance: before, coupons: 3, tags: ['蕾丝', '门店老客'], wechatMoves: false },
      refusal: null,
    });
    // A member cannot merge; a member is not merged into herself.
    expect((await merge(keep.token, keep.id, dup.id)).status).toBe(403);
    const self = await merge(admin, keep.id, keep.id);
    expect([self.status, self.body.error.code, self.body.error.fields[0].path]).toEqual([422, 'merge_self', 'mergeId']);

    const r = await merge(admin, keep.id, dup.id);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ keepId: keep.id, mergedId: dup.id, pointsMoved: 120, couponsMoved: 2, balance: before, tags: ['蕾丝', '门店老客'], replayed: false });
    // Her questionnaire facts join the kept member's (the kept member's own answer stands).
    expect((await getProfileExtras(keep.id)).surveyFacts).toEqual({ 肤质: '油性', 口味: '微辣' });
    // Ledger = balance on both; the brand's total is unchanged; the merged side is empty.
    expect(await expectLedgerEqualsBalance(keep.id)).toBe(before);
    expect(await expectLedgerEqualsBalance(dup.id)).toBe(0);
    const keepHist = await a.myPoints(keep.token);
    expect(keepHist.body.entries[0]).toMatchObject({ type: 'transfer', points: 120, description: '合并会员积分转入' });
    // Coupons: in the kept wallet, their codes lead to the kept member.
    const wallet = await call(couponsHandler, { method: 'GET', path: '/members/me/coupons', token: keep.token });
    expect(wallet.body.coupons.map((c: { id: string }) => c.id).sort()).toEqual([kc.coupon.id, c1.coupon.id, c2.coupon.id].sort());
    expect(await findCouponByCode(c1.coupon.code)).toEqual({ memberId: keep.id, couponId: c1.coupon.id });
    // The phone leads to the kept member; the duplicate's WeChat account is unbound (the kept one has her own) and told.
    expect(await findMemberIdByPhone(dup.phone)).toBe(keep.id);
    expect((await a.me(dup.token)).status).toBe(404);
    const dupLogin = await a.login('o-mg-dup');
    expect(dupLogin.memberId).toBeNull();
    expect((await mine(dupLogin.token, 'GET', '/members/notices')).body.notices[0]).toMatchObject({ kind: 'merged' });
    // History: the pointer and the list.
    expect((await desk(admin, 'GET', `/admin/desk/members/${dup.id}/merges`)).body).toEqual({ mergedInto: keep.id, mergedFrom: [] });
    expect((await desk(admin, 'GET', `/admin/desk/members/${keep.id}/merges`)).body.mergedFrom).toEqual([{ memberId: dup.id, at: expect.any(String), pointsMoved: 120, couponsMoved: 2 }]);
    expect((await a.admin(admin, 'GET', `/admin/members/${dup.id}/ledger`)).body.entries[0]).toMatchObject({ type: 'transfer', points: -120 });
    expect((await auditOf(keep.id))[0]).toMatchObject({ action: 'member.merge', after: { pointsMoved: 120, reason: '同一人两个账户' } });

    // The same merge again changes nothing; chains are refused.
    const again = await merge(admin, keep.id, dup.id);
    expect(again.body).toMatchObject({ replayed: true, pointsMoved: 120, balance: before });
    expect(await expectLedgerEqualsBalance(keep.id)).toBe(before);
    const third = await a.newMember('o-mg-third');
    const intoMerged = await merge(admin, dup.id, third.id);
    expect([intoMerged.status, intoMerged.body.error.code]).toEqual([409, 'member_merged']);
    const mergedAgain = await merge(admin, third.id, dup.id);
    expect([mergedAgain.status, mergedAgain.body.error.code]).toEqual([409, 'member_merged']);
    expect((await desk(admin, 'GET', '/admin/desk/merges/preview', undefined, { keepId: third.id, mergeId: dup.id })).body.refusal).toBe('member_merged');
    expect((await desk(admin, 'PUT', `/admin/desk/members/${dup.id}/birthday`, { birthday: '1990-01-01', reason: '会员来电更正' })).status).toBe(409);
  });

  test('concurrent merges of the same pair make one; opposite directions at once make one', async () => {
    const keep = await a.newMember('o-mg2-keep');
    const dup = await a.newMember('o-mg2-dup');
    await a.buy(clerk, keep, 5_000);
    await a.buy(clerk, dup, 7_700);
    await issueCoupon(dup.id, templateId, `r-${randomUUID()}`, 'admin');
    const before = (await expectLedgerEqualsBalance(keep.id)) + (await expectLedgerEqualsBalance(dup.id));
    const results = await Promise.all(Array.from({ length: 5 }, () => merge(admin, keep.id, dup.id)));
    expect(results.map((x) => x.status)).toEqual([200, 200, 200, 200, 200]);
    expect(results.filter((x) => x.body.replayed === false)).toHaveLength(1);
    expect(await expectLedgerEqualsBalance(keep.id)).toBe(before);
    expect(await expectLedgerEqualsBalance(dup.id)).toBe(0);
    expect((await sumLedger(keep.id)).count).toBe(2); // her purchase and one transfer in
    expect((await auditOf(keep.id)).filter((e) => e.action === 'member.merge')).toHaveLength(1);
    // Opposite directions at once: one of them.
    const x = await a.newMember('o-mg2-x');
    const y = await a.newMember('o-mg2-y');
    const both = await Promise.all([merge(admin, x.id, y.id), merge(admin, y.id, x.id)]);
    expect(both.filter((b) => b.status === 200)).toHaveLength(1);
    expect(both.filter((b) => b.status === 409)).toHaveLength(1);
  });

  test('a WeChat member merged into one registered at a store: her WeChat account leads to the kept member; many coupons move in batches', async () => {
    const keepId = `m_storekeep${Date.now().toString(36)}`;
    const storePhone = uniquePhone();
    expect(await createMember(newMemberRecord({ memberId: keepId, phone: storePhone, openid: null, name: '门店登记', entryTierCode: 'MEMBER', at: new Date().toISOString(), source: 'store' }))).toBe('ok');
    const dup = await a.newMember('o-mg4-dup');
    await a.buy(clerk, dup, 4_400);
    for (let i = 0; i < 23; i++) await issueCoupon(dup.id, templateId, `r-${randomUUID()}`, 'admin');
    const preview = await desk(admin, 'GET', '/admin/desk/merges/preview', undefined, { keepId, mergeId: dup.id });
    expect(preview.body.after).toMatchObject({ balance: 44, coupons: 23, wechatMoves: true });
    const r = await merge(admin, keepId, dup.id);
    expect(r.body).toMatchObject({ pointsMoved: 44, couponsMoved: 23, balance: 44, replayed: false });
    // The same WeChat account (and its token) now acts as the kept member.
    expect((await a.me(dup.token)).body).toMatchObject({ id: keepId, points: { balance: 44 } });
    expect((await a.login('o-mg4-dup')).memberId).toBe(keepId);
    expect((await getMember(keepId))!.openid).toBe('o-mg4-dup');
    const wallet = await call(couponsHandler, { method: 'GET', path: '/members/me/coupons', token: dup.token });
    expect(wallet.body.coupons).toHaveLength(23);
    expect(await expectLedgerEqualsBalance(keepId)).toBe(44);
    expect(await expectLedgerEqualsBalance(dup.id)).toBe(0);
  });

  test('bad input names the field; unknown members are 404', async () => {
    const m = await a.newMember('o-mg3');
    expect((await desk(admin, 'POST', '/admin/desk/merges', { keepId: m.id })).body.error.fields.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(['mergeId', 'reason']));
    const unknown = await merge(admin, m.id, 'm_00000000000000nobody');
    expect([unknown.status, unknown.body.error.fields[0].path]).toEqual([404, 'mergeId']);
    expect((await desk(admin, 'GET', '/admin/desk/merges/preview', undefined, { keepId: 'x', mergeId: m.id })).status).toBe(400);
  });
});
