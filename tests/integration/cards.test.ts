/**
 * Pre-printed cards and the service desk (issue 16): batches and their print file in S3, binding by
 * the member (check digit, PIN lockout, one card one member, carried points once), at the till, and
 * the desk's find / freeze / lost card / replacement, with a frozen member refused everywhere she
 * would earn, spend or show a code.
 */
import { sumLedger } from '../../functions/adapters/dynamo/account-repo';
import { getCard } from '../../functions/adapters/dynamo/card-repo';
import { handler as cardsHandler } from '../../functions/cards/http';
import { handler as couponsHandler } from '../../functions/coupons/http';
import { handler as deskHandler } from '../../functions/desk/http';
import { issueCode } from '../../functions/members/http';
import { preview as previewHandler } from '../../functions/checkout/http';
import { handler as productsHandler } from '../../functions/products/http';
import { handler as auditHandler } from '../../functions/audit/http';
import { setClock } from '../../functions/lib/clock';
import { PIN_MAX_FAILURES, checkCardNo, makeCardNo } from '../../shared/domain/cards';
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
afterEach(() => setClock(null));

const cards = (token: string | undefined, method: string, path: string, body?: unknown) => call(cardsHandler, { method, path, ...(token ? { token } : {}), body });
const desk = (token: string | undefined, method: string, path: string, body?: unknown, query?: Record<string, string>) =>
  call(deskHandler, { method, path, ...(token ? { token } : {}), body, ...(query ? { query } : {}) });
const bind = (token: string, cardNo: string, pin: string) => cards(token, 'POST', '/members/me/card', { cardNo, pin });

interface PrintedCard {
  cardNo: string;
  pin: string;
}

/** A batch created through the API, its print file fetched through the presigned link. */
async function newBatch(over: Record<string, unknown> = {}): Promise<{ id: string; cards: PrintedCard[]; url: string }> {
  const r = await cards(admin, 'POST', '/admin/card-batches', { name: '测试批次', count: 5, openingPoints: 0, tierCode: null, ...over });
  if (r.status !== 201) throw new Error(`batch: ${r.status} ${JSON.stringify(r.body)}`);
  const res = await fetch(r.body.export.url);
  expect(res.status).toBe(200);
  const text = (await res.text()).replace(/^\uFEFF/, '');
  const [header, ...lines] = text.split('\r\n').filter(Boolean);
  expect(header).toBe('卡号,密码,卡面卡号,开卡积分,等级');
  return { id: r.body.batch.id, url: r.body.export.url, cards: lines.map((l) => ({ cardNo: l.split(',')[0]!, pin: l.split(',')[1]! })) };
}

const wrongPin = (pin: string) => String((Number(pin) + 1) % 1_000_000).padStart(6, '0');
/** A single-digit typo that the check digit catches. */
const typo = (cardNo: string) => `${cardNo.slice(0, 5)}${(Number(cardNo[5]) + 1) % 10}${cardNo.slice(6)}`;

describe('card batches (admin)', () => {
  test('numbers carry a valid check digit and the brand prefix; PINs are 6 digits and only a hash is stored; the list counts bound cards', async () => {
    const b = await newBatch({ count: 20, openingPoints: 100 });
    expect(b.cards).toHaveLength(20);
    for (const c of b.cards) {
      expect(checkCardNo(c.cardNo, '88')).toEqual({ ok: true, cardNo: c.cardNo });
      expect(c.pin).toMatch(/^\d{6}$/);
    }
    expect(new Set(b.cards.map((c) => c.cardNo)).size).toBe(20);
    const item = await getCard(b.cards[0]!.cardNo);
    expect(item).toMatchObject({ state: 'unbound', batchId: b.id, openingPoints: 100 });
    expect(JSON.stringify(item)).not.toContain(`"${b.cards[0]!.pin}"`);
    expect(item!.pinHash).toMatch(/^[0-9a-f]{64}$/);

    const list = await cards(admin, 'GET', '/admin/card-batches');
    expect(list.status).toBe(200);
    expect(list.body.batches.find((x: { id: string }) => x.id === b.id)).toMatchObject({ count: 20, bound: 0, state: 'ready', openingPoints: 100 });

    // Export again: a fresh link to the same file, audited.
    const ex = await cards(admin, 'POST', `/admin/card-batches/${b.id}/export`);
    expect(ex.status).toBe(200);
    expect((await (await fetch(ex.body.url)).text()).includes(b.cards[3]!.pin)).toBe(true);
    const audit = await call(auditHandler, { method: 'GET', path: '/admin/audit', token: admin, query: { target: `cardbatch:${b.id}` } });
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['card.batch.create', 'card.batch.export']));

    const m = await a.newMember('card-batch-m1');
    expect((await bind(m.token, b.cards[0]!.cardNo, b.cards[0]!.pin)).status).toBe(200);
    const after = await cards(admin, 'GET', '/admin/card-batches');
    expect(after.body.batches.find((x: { id: string }) => x.id === b.id)).toMatchObject({ bound: 1 });
  });

  test('bad input and unknown tiers are refused without a write; members and clerks cannot create or export', async () => {
    expect((await cards(admin, 'POST', '/admin/card-batches', { name: 'x', count: 0 })).status).toBe(400);
    expect((await cards(admin, 'POST', '/admin/card-batches', { name: 'x', count: 5_001 })).status).toBe(400);
    const t = await cards(admin, 'POST', '/admin/card-batches', { name: 'x', count: 2, tierCode: 'PLATINUM' });
    expect([t.status, t.body.error.code]).toEqual([422, 'unknown_tier']);
    const m = await a.newMember('card-batch-m2');
    expect((await cards(m.token, 'POST', '/admin/card-batches', { name: 'x', count: 2 })).status).toBe(403);
    expect((await cards(clerk, 'GET', '/admin/card-batches')).status).toBe(403);
    expect((await cards(undefined, 'GET', '/admin/card-batches')).status).toBe(401);
    expect((await cards(admin, 'POST', '/admin/card-batches/cb_nosuchbatch0/export')).body.error.code).toBe('card_batch_not_found');
  });
});

describe('binding a card', () => {
  test('10 members binding one card at once: exactly one binding, the others a clear 409; carried points credited once (ledger = balance)', async () => {
    const b = await newBatch({ count: 1, openingPoints: 500, tierCode: 'SILVER' });
    const card = b.cards[0]!;
    const ms = await Promise.all(Array.from({ length: 10 }, (_, i) => a.newMember(`card-race-${i}`)));
    const results = await Promise.all(ms.map((m) => bind(m.token, card.cardNo, card.pin)));
    const ok = results.filter((r) => r.status === 200);
    expect(ok).toHaveLength(1);
    expect(ok[0]!.body).toMatchObject({ carried: { points: 500, tierCode: 'SILVER' }, balance: 500, replayed: false });
    for (const r of results.filter((x) => x.status !== 200)) expect([r.status, r.body.error.code]).toEqual([409, 'card_bound']);

    const winner = ms[results.findIndex((r) => r.status === 200)]!;
    const pts = await a.myPoints(winner.token);
    expect(pts.body.summary.balance).toBe(500);
    expect(await sumLedger(winner.id)).toEqual({ sum: 500, count: 1 });
    expect((await a.me(winner.token)).body.tier.code).toBe('SILVER');
    // A retry by the winner answers the same binding and credits nothing more.
    const again = await bind(winner.token, card.cardNo, card.pin);
    expect(again.body).toMatchObject({ replayed: true });
    expect(await sumLedger(winner.id)).toEqual({ sum: 500, count: 1 });
    // The losers got nothing.
    for (const m of ms.filter((x) => x !== winner)) expect((await a.myPoints(m.token)).body.summary.balance).toBe(0);

    const mine = await cards(winner.token, 'GET', '/members/me/card');
    expect(mine.body).toEqual({ card: { cardNoMasked: `**** ${card.cardNo.slice(-4)}`, state: 'bound', boundAt: expect.any(String) }, frozen: false });
    // One active card per member.
    const other = (await newBatch({ count: 1 })).cards[0]!;
    const second = await bind(winner.token, other.cardNo, other.pin);
    expect([second.status, second.body.error.code]).toEqual([409, 'member_has_card']);
  });

  test('a typo is refused by the check digit before any lookup, with the field named', async () => {
    const b = await newBatch({ count: 1 });
    const m = await a.newMember('card-typo');
    const r = await bind(m.token, typo(b.cards[0]!.cardNo), b.cards[0]!.pin);
    expect([r.status, r.body.error.code, r.body.error.fields[0].path]).toEqual([422, 'card_number_invalid', 'cardNo']);
    // Spaces as printed are fine.
    const spaced = b.cards[0]!.cardNo.replace(/(\d{4})(?=\d)/g, '$1 ');
    expect((await bind(m.token, spaced, b.cards[0]!.pin)).status).toBe(200);
    expect((await bind(m.token, 'abc', '123456')).body.error.code).toBe('card_number_invalid');
    expect((await bind(m.token, b.cards[0]!.cardNo, '12345')).status).toBe(400);
  });

  test('5 wrong PINs lock the card for 30 minutes (the right PIN too); after that the right PIN binds', async () => {
    const b = await newBatch({ count: 1, openingPoints: 30 });
    const c = b.cards[0]!;
    const m = await a.newMember('card-lock');
    const start = Date.now();
    setClock({ now: () => new Date(start) });
    for (let i = 1; i < PIN_MAX_FAILURES; i++) {
      const r = await bind(m.token, c.cardNo, wrongPin(c.pin));
      expect([r.status, r.body.error.code, r.body.error.fields[0].limit]).toEqual([422, 'card_pin_wrong', PIN_MAX_FAILURES - i]);
    }
    const fifth = await bind(m.token, c.cardNo, wrongPin(c.pin));
    expect([fifth.status, fifth.body.error.code]).toEqual([409, 'card_locked']);
    const locked = await bind(m.token, c.cardNo, c.pin);
    expect([locked.status, locked.body.error.code]).toEqual([409, 'card_locked']);
    setClock({ now: () => new Date(start + 29 * 60_000) });
    expect((await bind(m.token, c.cardNo, c.pin)).body.error.code).toBe('card_locked');
    setClock({ now: () => new Date(start + 31 * 60_000) });
    const ok = await bind(m.token, c.cardNo, c.pin);
    expect(ok.status).toBe(200);
    expect(ok.body.balance).toBe(30);
  });

  test('a member trying many cards is limited for the day, whichever cards', async () => {
    const b = await newBatch({ count: 12 });
    const m = await a.newMember('card-many');
    const start = Date.now();
    setClock({ now: () => new Date(start) });
    for (let i = 0; i < 10; i++) expect((await bind(m.token, b.cards[i]!.cardNo, wrongPin(b.cards[i]!.pin))).body.error.code).toBe('card_pin_wrong');
    // Unknown numbers (valid check digit, never printed) count too, and are told the same.
    const r = await bind(m.token, b.cards[11]!.cardNo, b.cards[11]!.pin);
    expect([r.status, r.body.error.code]).toEqual([409, 'card_attempts_limited']);
    setClock({ now: () => new Date(start + 86_400_000) });
    expect((await bind(m.token, b.cards[11]!.cardNo, b.cards[11]!.pin)).status).toBe(200);
    const never = makeCardNo('88', 999_999_990);
    const other = await a.newMember('card-unknown');
    expect((await bind(other.token, never, '123456')).body.error.code).toBe('card_pin_wrong');
  });

  test('a clerk binds a card at the till for the member whose code was scanned; the code stays usable; members cannot use the till route', async () => {
    const b = await newBatch({ count: 1, openingPoints: 80 });
    const m = await a.newMember('card-till');
    const code = await a.codeFor(m.token);
    const r = await cards(clerk, 'POST', '/staff/cards/bind', { memberCode: code, cardNo: b.cards[0]!.cardNo, pin: b.cards[0]!.pin });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ carried: { points: 80 }, balance: 80 });
    // The same code then pays for a purchase.
    const bought = await a.checkout(clerk, a.orderBody(code, 10_000));
    expect(bought.status).toBe(200);
    const wrong = await cards(clerk, 'POST', '/staff/cards/bind', { memberCode: '660000000000000000', cardNo: b.cards[0]!.cardNo, pin: b.cards[0]!.pin });
    expect(wrong.status).toBe(404);
    expect((await cards(m.token, 'POST', '/staff/cards/bind', { memberCode: code, cardNo: b.cards[0]!.cardNo, pin: b.cards[0]!.pin })).status).toBe(403);
    expect((await cards(admin, 'POST', '/members/me/card', { cardNo: b.cards[0]!.cardNo, pin: b.cards[0]!.pin })).status).not.toBe(200);
  });
});

describe('the service desk', () => {
  test('find by phone, card number or member id in one box; members and clerks cannot use the desk', async () => {
    const b = await newBatch({ count: 1, openingPoints: 20 });
    const m = await a.newMember('desk-find');
    await bind(m.token, b.cards[0]!.cardNo, b.cards[0]!.pin);
    for (const q of [m.phone, b.cards[0]!.cardNo, b.cards[0]!.cardNo.replace(/(\d{4})(?=\d)/g, '$1 '), m.id]) {
      const r = await desk(admin, 'GET', '/admin/desk/members', undefined, { q });
      expect(r.status).toBe(200);
      expect(r.body.members).toHaveLength(1);
      expect(r.body.members[0]).toMatchObject({ id: m.id, points: { balance: 20 }, card: { cardNo: b.cards[0]!.cardNo, state: 'bound' }, frozen: null, tier: { code: 'MEMBER' } });
      expect(r.body.members[0].phoneMasked).not.toBe(m.phone);
    }
    expect((await desk(admin, 'GET', '/admin/desk/members', undefined, { q: '13900000000' })).body.members).toEqual([]);
    expect((await desk(admin, 'GET', '/admin/desk/members', undefined, { q: '' })).status).toBe(400);
    expect((await desk(admin, 'GET', '/admin/desk/members/m_nosuchmember00')).status).toBe(404);
    expect((await desk(m.token, 'GET', '/admin/desk/members', undefined, { q: m.phone })).status).toBe(403);
    expect((await desk(clerk, 'PUT', `/admin/desk/members/${m.id}/freeze`, { frozen: true, reason: 'x' })).status).toBe(403);
    expect((await desk(m.token, 'POST', `/admin/desk/members/${m.id}/card/lost`, { reason: 'x' })).status).toBe(403);
    expect((await desk(undefined, 'GET', `/admin/desk/members/${m.id}`)).status).toBe(401);
    expect((await desk(admin, 'PUT', `/admin/desk/members/${m.id}/freeze`, { frozen: true })).status).toBe(400);
    expect((await desk(admin, 'PUT', `/admin/desk/members/${m.id}/freeze`, { frozen: true, reason: '   ' })).status).toBe(400);
  });

  test('a frozen member: her code is refused at the till, no code is shown, her claim, scan and exchange are refused; unfrozen, all works again', async () => {
    const m = await a.newMember('desk-frozen');
    // Points to spend, a code shown before the freeze, a coupon to claim and one to exchange, a product code.
    await a.buy(clerk, m, 50_000);
    const shownBefore = await a.codeFor(m.token);
    const tpl = await call(couponsHandler, { method: 'POST', path: '/admin/coupon-templates', token: admin, body: { name: '冻结测试券', description: '通用', kind: 'amountOff', amountOffFen: 1_000, scope: { kind: 'all' }, stores: null, stackable: true, validity: { kind: 'afterIssue', days: 30 }, stock: 100, perMemberLimit: 5, claimable: true, pointsCost: 10 } });
    expect(tpl.status).toBe(201);
    const batch = await call(productsHandler, { method: 'POST', path: '/admin/product-batches', token: admin, body: { sku: 'SKU-F', name: '测试商品', count: 3, points: 5, validFrom: new Date(Date.now() - 86_400_000).toISOString(), validUntil: new Date(Date.now() + 86_400_000 * 30).toISOString() } });
    expect(batch.status).toBe(201);
    const codes = await call(productsHandler, { method: 'GET', path: `/admin/product-batches/${batch.body.id}/codes`, token: admin });
    const productCode = (codes.body.csv as string).split('\n')[1]!.split(',')[1]!;

    const f = await desk(admin, 'PUT', `/admin/desk/members/${m.id}/freeze`, { frozen: true, reason: '疑似盗刷' });
    expect(f.status).toBe(200);
    expect(f.body.frozen).toMatchObject({ reason: '疑似盗刷', by: 'demo-admin' });

    const till = await a.checkout(clerk, a.orderBody(shownBefore, 10_000));
    expect([till.status, till.body.error.code]).toEqual([409, 'member_frozen']);
    const pv = await call(previewHandler, { method: 'POST', path: '/staff/checkouts/preview', token: clerk, body: { memberCode: shownBefore, storeId: 'S001', items: [{ sku: 'SKU-1', name: '真丝睡衣', quantity: 1, unitPriceFen: 10_000 }] } });
    expect(pv.body.error?.code).toBe('member_frozen');
    const code = await call(issueCode, { path: '/members/me/code', token: m.token });
    expect([code.status, code.body.error.code]).toEqual([409, 'member_frozen']);
    const claim = await call(couponsHandler, { method: 'POST', path: `/coupons/centre/${tpl.body.id}/claim`, token: m.token, body: { requestId: 'frozen-claim-1' } });
    expect([claim.status, claim.body.error.code]).toEqual([409, 'member_frozen']);
    const exch = await call(couponsHandler, { method: 'POST', path: `/coupons/exchange/${tpl.body.id}`, token: m.token, body: { requestId: 'frozen-exch-1' } });
    expect([exch.status, exch.body.error.code]).toEqual([409, 'member_frozen']);
    const scan = await call(productsHandler, { method: 'POST', path: '/members/me/scans', token: m.token, body: { code: productCode } });
    expect([scan.status, scan.body.error.code]).toEqual([409, 'member_frozen']);
    const b = await newBatch({ count: 1 });
    expect((await bind(m.token, b.cards[0]!.cardNo, b.cards[0]!.pin)).body.error.code).toBe('member_frozen');
    const balanceFrozen = (await a.myPoints(m.token)).body.summary.balance;

    const u = await desk(admin, 'PUT', `/admin/desk/members/${m.id}/freeze`, { frozen: false, reason: '核实无误' });
    expect(u.body.frozen).toBeNull();
    expect((await a.checkout(clerk, a.orderBody(shownBefore, 10_000))).status).toBe(200);
    expect((await call(couponsHandler, { method: 'POST', path: `/coupons/centre/${tpl.body.id}/claim`, token: m.token, body: { requestId: 'frozen-claim-1' } })).status).toBe(200);
    expect((await call(couponsHandler, { method: 'POST', path: `/coupons/exchange/${tpl.body.id}`, token: m.token, body: { requestId: 'frozen-exch-1' } })).status).toBe(200);
    expect((await call(productsHandler, { method: 'POST', path: '/members/me/scans', token: m.token, body: { code: productCode } })).status).toBe(200);
    expect((await a.myPoints(m.token)).body.summary.balance).toBeGreaterThan(balanceFrozen - 10);
    const audit = await call(auditHandler, { method: 'GET', path: '/admin/audit', token: admin, query: { target: `member:${m.id}` } });
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['member.freeze', 'member.unfreeze']));
  });

  test('a lost card cannot be bound or used; the replacement keeps her points and does not carry its opening values', async () => {
    const b = await newBatch({ count: 3, openingPoints: 200 });
    const [first, spare, third] = b.cards as [PrintedCard, PrintedCard, PrintedCard];
    const m = await a.newMember('desk-lost');
    expect((await bind(m.token, first.cardNo, first.pin)).body.balance).toBe(200);
    const noCard = await a.newMember('desk-nocard');
    expect((await desk(admin, 'POST', `/admin/desk/members/${noCard.id}/card/lost`, { reason: '丢失' })).body.error.code).toBe('no_active_card');
    // Replacement before the loss is reported: she still holds a card.
    expect((await desk(admin, 'POST', `/admin/desk/members/${m.id}/card/replacement`, { cardNo: spare.cardNo, reason: '补卡' })).body.error.code).toBe('member_has_card');

    const lost = await desk(admin, 'POST', `/admin/desk/members/${m.id}/card/lost`, { reason: '顾客来电挂失' });
    expect(lost.status).toBe(200);
    expect(lost.body).toMatchObject({ card: null, lostCards: [first.cardNo], points: { balance: 200 } });
    expect((await getCard(first.cardNo))!.state).toBe('lost');
    // Lost: nobody can bind it, not even her again.
    const other = await a.newMember('desk-lost-finder');
    expect((await bind(other.token, first.cardNo, first.pin)).body.error.code).toBe('card_lost');
    expect((await bind(m.token, first.cardNo, first.pin)).body.error.code).toBe('card_lost');
    // The desk still finds her by the lost card.
    expect((await desk(admin, 'GET', '/admin/desk/members', undefined, { q: first.cardNo })).body.members[0].id).toBe(m.id);

    expect((await desk(admin, 'POST', `/admin/desk/members/${m.id}/card/replacement`, { cardNo: typo(spare.cardNo), reason: '补卡' })).body.error.code).toBe('card_number_invalid');
    expect((await desk(admin, 'POST', `/admin/desk/members/${m.id}/card/replacement`, { cardNo: first.cardNo, reason: '补卡' })).body.error.code).toBe('card_lost');
    const rep = await desk(admin, 'POST', `/admin/desk/members/${m.id}/card/replacement`, { cardNo: spare.cardNo, reason: '补卡' });
    expect(rep.status).toBe(200);
    expect(rep.body).toMatchObject({ card: { cardNo: spare.cardNo, state: 'bound' }, points: { balance: 200 }, lostCards: [first.cardNo] });
    expect(await sumLedger(m.id)).toEqual({ sum: 200, count: 1 });
    expect((await getCard(spare.cardNo))!).toMatchObject({ carried: false, memberId: m.id });
    // A card bound as a replacement is taken.
    expect((await bind(other.token, spare.cardNo, spare.pin)).body.error.code).toBe('card_bound');
    expect((await bind(other.token, third.cardNo, third.pin)).body.balance).toBe(200);
    const list = await cards(admin, 'GET', '/admin/card-batches');
    expect(list.body.batches.find((x: { id: string }) => x.id === b.id)).toMatchObject({ bound: 3, lost: 1 });
  });
});
