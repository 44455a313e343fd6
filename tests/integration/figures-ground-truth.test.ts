/**
 * The ground truth of the daily figures (issue 18, "Must show"): 2,000 members driven through purchases,
 * returns, product scans, coupon claims and redemptions over 90 days on a moved clock, through the use cases
 * (so the stream sees the real items); then EVERY dashboard figure of every day, for the brand and for each
 * store, is compared with a brute-force count over the orders, returns, ledgers, coupons, scans and profiles
 * read back from the table.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '../../functions/adapters/dynamo/client';
import { createMember } from '../../functions/adapters/dynamo/member-repo';
import { checkout } from '../../functions/checkout/checkout';
import { createCouponTemplate, issueCoupon } from '../../functions/coupons/coupons';
import { newMemberRecord } from '../../functions/core';
import { brandDashboard, storeDashboard } from '../../functions/insight/dashboard';
import { setClock } from '../../functions/lib/clock';
import type { Session } from '../../functions/lib/session';
import { issueMemberCode } from '../../functions/members/members';
import { codeMac, createProductBatch, scanProductCode } from '../../functions/products/products';
import { returnOrder } from '../../functions/returns/returns';
import { createStore } from '../../functions/stores/stores';
import type { DailyFigures } from '../../shared/contract/figures';
import { addDays } from '../../shared/domain/calendar';
import { makeProductCode } from '../../shared/domain/product-codes';
import { localDate } from '../../shared/domain/time';
import { drainStream } from '../../infra/local/streams';
import { setupWorld } from './support';

jest.setTimeout(400_000);

const MEMBERS = 2_000;
const DAYS = 90;
const START = '2026-06-01';
const STORES = ['S001', 'S002', 'S003'];
const CONCURRENCY = 12;
const SOURCES = ['wechat', 'import', 'poster'];
const RANK: Record<string, number> = { MEMBER: 0, SILVER: 1, GOLD: 2 };

let world: Awaited<ReturnType<typeof setupWorld>>;
beforeAll(async () => {
  world = await setupWorld({ stream: true, ownDynamo: true });
});
afterAll(async () => {
  setClock(null);
  await world.close();
});

/** A deterministic generator (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The clock of simulated day `d`: 10:00 in Shanghai, moving 10 ms per reading (distinct, ordered instants). */
function dayClock(d: number) {
  const base = Date.parse(`${addDays(START, d)}T02:00:00.000Z`);
  let tick = 0;
  setClock({ now: () => new Date(base + tick++ * 10) });
}

async function pool<T>(items: T[], n: number, f: (t: T) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) await f(items[next++]!);
  }));
}

const adminSession: Session = { openid: 'demo-admin', memberId: null, roles: ['admin'], storeId: null };
const clerkOf = (storeId: string): Session => ({ openid: `gt-clerk-${storeId}`, memberId: null, roles: ['staff'], storeId });
const memberId = (i: number) => `m_gt${String(i).padStart(6, '0')}`;
const memberSession = (i: number): Session => ({ openid: `gt-open-${i}`, memberId: memberId(i), roles: ['member'], storeId: null });

interface Held { couponId: string; validUntil: string }
interface Sold { storeId: string; orderId: string; amountFen: number; returnedFen: number; coupons: number }

test('every dashboard figure of 90 days equals a brute force over what the table holds', async () => {
  const started = Date.now();
  const r = rng(18);
  dayClock(-1);
  for (const s of STORES.slice(1)) await createStore(adminSession, { storeId: s, name: `门店${s}`, city: '上海' });
  const tpl = await createCouponTemplate(adminSession, {
    name: '满100减10', description: '全场', kind: 'threshold', amountOffFen: 1_000, thresholdFen: 10_000, scope: { kind: 'all' }, stores: null, stackable: true,
    validity: { kind: 'afterIssue', days: 30 }, stock: 100_000, perMemberLimit: 100, claimable: true,
  } as never);
  const batch = await createProductBatch(adminSession, {
    sku: 'SKU-GT', name: '面霜', count: 20_000, points: null,
    validFrom: `${addDays(START, -2)}T00:00:00.000Z`, validUntil: `${addDays(START, 200)}T00:00:00.000Z`,
  } as never);
  const mac = codeMac();

  // Members register over the first 30 days (a fixture: registration is not one of the events driven here).
  const registeredOn = Array.from({ length: MEMBERS }, (_, i) => Math.floor((i / MEMBERS) * 30));
  for (let d = 0; d < 30; d++) {
    dayClock(d);
    const today = registeredOn.flatMap((rd, i) => (rd === d ? [i] : []));
    await pool(today, 25, async (i) => {
      const out = await createMember(newMemberRecord({
        memberId: memberId(i), phone: `1571${String(i).padStart(7, '0')}`, openid: `gt-open-${i}`, name: null, entryTierCode: 'MEMBER',
        at: new Date(Date.parse(`${addDays(START, d)}T02:00:00.000Z`) + i * 1000).toISOString(),
        source: SOURCES[i % SOURCES.length]!, registrationStoreId: i % 4 === 3 ? null : STORES[i % 3]!,
      }));
      if (out !== 'ok') throw new Error(`member ${i}: ${out}`);
    });
  }

  const wallets = new Map<number, Held[]>();
  const sold: Sold[] = [];
  let serial = 0;
  let seq = 0;
  const counts = { orders: 0, returns: 0, scans: 0, claims: 0, redemptions: 0 };
  for (let d = 0; d < DAYS; d++) {
    dayClock(d);
    const dayStr = addDays(START, d);
    const eligible = registeredOn.flatMap((rd, i) => (rd <= d ? [i] : []));
    const pick = (n: number) => {
      const set = new Set<number>();
      while (set.size < Math.min(n, eligible.length)) set.add(eligible[Math.floor(r() * eligible.length)]!);
      return [...set];
    };
    type Ev = () => Promise<void>;
    const events: Ev[] = [];
    // Purchases: distinct buyers of the day, some with a coupon they hold.
    for (const i of pick(18 + Math.floor(r() * 9))) {
      const storeId = STORES[Math.floor(r() * STORES.length)]!;
      const lines = 10_000 + Math.floor(r() * 60_000);
      const held = (wallets.get(i) ?? []).filter((c) => c.validUntil > `${dayStr}T03:00:00.000Z`);
      const use = held.length > 0 && r() < 0.6 ? held[0]! : null;
      if (use) wallets.set(i, (wallets.get(i) ?? []).filter((c) => c.couponId !== use.couponId));
      const orderId = `GT${d}x${++seq}`;
      events.push(async () => {
        const code = await issueMemberCode(memberSession(i));
        const amountFen = use ? lines - 1_000 : lines;
        await checkout(clerkOf(storeId), {
          memberCode: code.code, orderId, storeId, amountFen,
          items: [{ sku: 'SKU-1', name: '真丝睡衣', quantity: 1, unitPriceFen: lines }],
          ...(use ? { coupons: [use.couponId] } : {}),
        });
        sold.push({ storeId, orderId, amountFen, returnedFen: 0, coupons: use ? 1 : 0 });
        counts.orders++;
        if (use) counts.redemptions++;
      });
    }
    // Returns of earlier orders: some whole (coupons come back if still valid), some in part.
    const returnable = sold.filter((o) => o.returnedFen === 0);
    for (let k = 0; k < 4 && returnable.length > 0; k++) {
      const o = returnable.splice(Math.floor(r() * returnable.length), 1)[0]!;
      const whole = r() < 0.5;
      const amountFen = whole ? o.amountFen : Math.max(1, Math.floor(o.amountFen / 3));
      o.returnedFen = amountFen;
      const returnId = `GTR${d}x${++seq}`;
      events.push(async () => {
        await returnOrder(clerkOf(o.storeId), { storeId: o.storeId, orderId: o.orderId, returnId, amountFen });
        counts.returns++;
      });
    }
    // Product scans and coupon claims.
    for (const i of pick(8 + Math.floor(r() * 6))) {
      const code = makeProductCode(mac, Number(batch.id), ++serial);
      events.push(async () => {
        await scanProductCode(memberSession(i), code);
        counts.scans++;
      });
    }
    for (const i of pick(8 + Math.floor(r() * 6))) {
      const requestId = `gt-claim-${d}-${i}`;
      events.push(async () => {
        const out = (await issueCoupon(memberId(i), tpl.id, requestId, 'centre')) as { coupon: { id: string; validUntil: string } };
        wallets.set(i, [...(wallets.get(i) ?? []), { couponId: out.coupon.id, validUntil: out.coupon.validUntil }]);
        counts.claims++;
      });
    }
    await pool(events, CONCURRENCY, (e) => e());
  }
  const drivenMs = Date.now() - started;
  const handed = await drainStream();
  const drainedMs = Date.now() - started - drivenMs;

  // ---- Brute force over the table ----
  const { client, table } = db();
  const items: Record<string, any>[] = [];
  await Promise.all(Array.from({ length: 8 }, async (_, seg) => {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await client.send(new ScanCommand({ TableName: table, Segment: seg, TotalSegments: 8, ExclusiveStartKey: start, ConsistentRead: true }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
  }));
  const days = Array.from({ length: DAYS }, (_, i) => addDays(START, i));
  const dayOf = (iso: string) => localDate(new Date(iso));
  const scopes = ['brand', ...STORES];
  const truth = new Map<string, Map<string, DailyFigures>>();
  const blank = (day: string): DailyFigures => ({
    day, newMembers: 0, newMembersBySource: {}, activeMembers: 0, orders: 0, spendFen: 0, returns: 0, refundFen: 0, repeatPurchasers: 0,
    pointsEarned: 0, pointsSpent: 0, pointsExpired: 0, pointsOutstanding: 0, couponsIssued: 0, couponsRedeemed: 0, coupons: [],
    complaintsOpened: 0, complaintsResolved: 0, complaintsOverdue: 0, ratings: 0, ratingSum: 0, careSent: 0, careNoConsent: 0,
    storedValueRechargedFen: 0, storedValueSpentFen: 0, storedValueRefundedFen: 0, storedValueOutstandingFen: 0, tierUps: 0, tierDowns: 0,
  });
  for (const s of scopes) truth.set(s, new Map(days.map((d) => [d, blank(d)])));
  const at = (scope: string | null | undefined, day: string) => (scope ? truth.get(scope)?.get(day) : undefined);
  const both = (storeId: string | null | undefined, day: string, f: (x: DailyFigures) => void) => {
    for (const x of [at('brand', day), at(storeId, day)]) if (x) f(x);
  };
  const active = new Map<string, Set<string>>();
  const markActive = (scope: string, day: string, m: string) => active.set(`${scope}|${day}`, (active.get(`${scope}|${day}`) ?? new Set()).add(m));
  const ordersByMember = new Map<string, string[]>();
  const orderRows: { memberId: string; storeId: string; day: string }[] = [];
  let ledgerBefore = 0;
  const ledgerNet = new Map<string, number>();
  const membersTo = { brand: 0, S001: 0, S002: 0, S003: 0 } as Record<string, number>;
  const lastDay = days[days.length - 1]!;
  const coupon = (x: DailyFigures, field: 'issued' | 'redeemed') => {
    let c = x.coupons.find((y) => y.templateId === tpl.id);
    if (!c) x.coupons.push((c = { templateId: tpl.id, name: '满100减10', issued: 0, redeemed: 0 }));
    c[field]++;
  };
  for (const it of items) {
    const pk = String(it.PK);
    const sk = String(it.SK);
    if (pk.startsWith('MEMBER#') && sk === 'PROFILE') {
      const day = dayOf(it.createdAt);
      if (day <= lastDay) {
        membersTo.brand!++;
        if (it.registrationStoreId) membersTo[it.registrationStoreId]!++;
      }
      both(it.registrationStoreId, day, (x) => {
        x.newMembers++;
        x.newMembersBySource[it.source] = (x.newMembersBySource[it.source] ?? 0) + 1;
      });
    } else if (pk.startsWith('ORDER#') && sk === 'ORDER') {
      const day = dayOf(it.createdAt);
      both(it.storeId, day, (x) => {
        x.orders++;
        x.spendFen += it.amountFen;
      });
      markActive('brand', day, it.memberId);
      markActive(it.storeId, day, it.memberId);
      ordersByMember.set(it.memberId, [...(ordersByMember.get(it.memberId) ?? []), day]);
      orderRows.push({ memberId: it.memberId, storeId: it.storeId, day });
    } else if (pk.startsWith('RETURN#') && sk === 'RETURN') {
      const storeId = pk.split('#')[1]!;
      both(storeId, dayOf(it.at), (x) => {
        x.returns++;
        x.refundFen += it.refundFen;
      });
    } else if (pk.startsWith('MEMBER#') && sk.startsWith('LEDGER#')) {
      const day = dayOf(it.createdAt);
      if (day < days[0]!) ledgerBefore += it.points;
      else ledgerNet.set(day, (ledgerNet.get(day) ?? 0) + it.points);
      both(it.storeId, day, (x) => {
        if (it.type === 'earn') x.pointsEarned += it.points;
        if (it.type === 'spend') x.pointsSpent -= it.points;
        if (it.type === 'expire') x.pointsExpired -= it.points;
      });
    } else if (pk.startsWith('MEMBER#') && sk.startsWith('COUPON#')) {
      const x = at('brand', dayOf(it.issuedAt));
      if (x) {
        x.couponsIssued++;
        coupon(x, 'issued');
      }
      if (it.source === 'centre') markActive('brand', dayOf(it.issuedAt), it.memberId);
      if (it.state === 'used') both(String(it.usedFor).split('#')[0], dayOf(it.usedAt), (y) => {
        y.couponsRedeemed++;
        coupon(y, 'redeemed');
      });
    } else if (pk.startsWith('PCODE#') && sk === 'PCODE') {
      markActive('brand', dayOf(it.at), it.memberId);
    } else if (pk.startsWith('MEMBER#') && sk.startsWith('TIER#')) {
      const x = at('brand', dayOf(it.createdAt));
      if (x && RANK[it.to]! > RANK[it.from]!) x.tierUps++;
      if (x && RANK[it.to]! < RANK[it.from]!) x.tierDowns++;
    }
  }
  for (const [k, set] of active) {
    const [scope, day] = k.split('|') as [string, string];
    const x = at(scope, day);
    if (x) x.activeMembers = set.size;
  }
  const repeat = new Map<string, Set<string>>();
  for (const o of orderRows) {
    const first = (ordersByMember.get(o.memberId) ?? []).reduce((a, b) => (a < b ? a : b));
    if (first >= o.day) continue;
    for (const s of ['brand', o.storeId]) repeat.set(`${s}|${o.day}`, (repeat.get(`${s}|${o.day}`) ?? new Set()).add(o.memberId));
  }
  for (const [k, set] of repeat) {
    const [scope, day] = k.split('|') as [string, string];
    const x = at(scope, day);
    if (x) x.repeatPurchasers = set.size;
  }
  let running = ledgerBefore;
  for (const d of days) {
    running += ledgerNet.get(d) ?? 0;
    truth.get('brand')!.get(d)!.pointsOutstanding = running;
  }

  // eslint-disable-next-line no-console
  console.log(JSON.stringify({ ...counts, items: items.length, streamRecords: handed, drivenMs, drainedMs, checkedAfterMs: Date.now() - started }));

  // ---- The dashboards ----
  for (const scope of scopes) {
    const dash = scope === 'brand' ? await brandDashboard({ days: 90, to: lastDay }) : await storeDashboard(adminSession, { days: 90, to: lastDay }, scope);
    expect(dash.days.map((d) => d.day)).toEqual(days);
    for (const d of dash.days) {
      const want = truth.get(scope)!.get(d.day)!;
      want.coupons = want.coupons.filter((c) => c.issued !== 0 || c.redeemed !== 0);
      expect({ scope, ...d }).toEqual({ scope, ...want });
    }
    expect(dash.members).toBe(membersTo[scope]);
    expect(dash.itemsRead).toBeLessThanOrEqual(2 * 90 + 1 + (scope === 'brand' ? 0 : 1));
  }
  const brand = await brandDashboard({ days: 90, to: lastDay });
  expect(brand.totals.orders).toBe(counts.orders);
  expect(brand.totals.returns).toBe(counts.returns);
  expect(brand.totals.couponsIssued).toBe(counts.claims + 0);
  expect(brand.totals.orders).toBeGreaterThan(1_500);
  expect(brand.totals.activeMembers).toBeGreaterThan(0);
  expect(brand.totals.repeatPurchasers).toBeGreaterThan(0);
  expect(brand.totals.couponsRedeemed).toBeGreaterThan(0);
});
