/**
 * `npm run bench -- clerks`: the clerk counters' stream consumer and the leaderboards (issue 19, part C).
 * A brand of 40 stores with 20 clerks each; 10,000 members (70 % through a clerk's QR, the rest through a
 * store's poster) and 20,000 orders this month, as stream changes in batches of 100 (what Lambda hands the
 * consumer) into `countClerkStats`: its time per batch and records per second. Then the leaderboards through
 * the handler: GET /admin/leaderboard (every store's and clerk's row of the month: one Query) and
 * GET /stores/S001/leaderboard, p50 over 15 rounds; and a replay of every batch, which must change nothing.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { indexKeys, keys } from '../../functions/adapters/dynamo/keys';
import type { StreamChange } from '../../functions/adapters/dynamo/stream';
import { countClerkStats } from '../../functions/clerks/collaboration';
import { handler } from '../../functions/clerks/http';
import { setClock } from '../../functions/lib/clock';
import { signSession } from '../../functions/lib/session';
import { buildHttpEvent } from '../../infra/local/api-gateway';
import { benchWorld, percentile, timed } from './harness';
import { batchWriteAll } from '../table';

const NOW = new Date('2026-12-15T04:00:00.000Z');
const STORES = 40;
const CLERKS = 20;
const MEMBERS = 10_000;
const ORDERS = 20_000;
const BATCH = 100;
const ROUNDS = 15;

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const storeId = (s: number) => `S${String(s + 1).padStart(3, '0')}`;

export async function main() {
  const { dynamo } = await benchWorld();
  setClock({ now: () => NOW });
  try {
    const rnd = prng(19);
    const at = (i: number) => new Date(Date.UTC(2026, 11, 1, 2) + i * 60_000).toISOString();
    await batchWriteAll(Array.from({ length: STORES }, (_, s) => ({ ...keys.store(storeId(s)), ...indexKeys.storeEntry(storeId(s)), storeId: storeId(s), name: `门店${s + 1}`, city: '上海', storeOpen: true })));
    const profiles = Array.from({ length: MEMBERS }, (_, i) => {
      const s = Math.floor(rnd() * STORES);
      const clerk = rnd() < 0.7 ? `c-${s}-${Math.floor(rnd() * CLERKS)}` : null;
      return { ...keys.profile(`m_bench${String(i).padStart(8, '0')}`), memberId: `m_bench${String(i).padStart(8, '0')}`, source: 'wechat', registrationStoreId: storeId(s), registrationClerk: clerk, createdAt: at(i) };
    });
    await batchWriteAll(profiles, 8);
    const changes: StreamChange[] = profiles.map((p, i) => ({ eventId: `p${i}`, sequence: String(i), kind: 'INSERT', pk: p.PK, sk: p.SK, oldImage: null, newImage: p }));
    for (let j = 0; j < ORDERS; j++) {
      const buyer = profiles[Math.floor(rnd() * MEMBERS)]!;
      const orderId = `B${j}`;
      const o = { ...keys.order('S001', orderId), storeId: 'S001', orderId, memberId: buyer.memberId, amountFen: 1_000 + Math.floor(rnd() * 50_000), createdAt: at(MEMBERS + j) };
      changes.push({ eventId: `o${j}`, sequence: String(MEMBERS + j), kind: 'INSERT', pk: o.PK, sk: o.SK, oldImage: null, newImage: o });
    }

    const batchMs: number[] = [];
    const t0 = Date.now();
    for (let i = 0; i < changes.length; i += BATCH) batchMs.push(await timed(() => countClerkStats(changes.slice(i, i + BATCH))));
    const countMs = Date.now() - t0;
    const perSecond = Math.round((changes.length / countMs) * 1000);
    console.log(`${changes.length} stream records (${MEMBERS} registrations, ${ORDERS} orders) counted in ${countMs} ms: ${perSecond} records/s; per batch of ${BATCH} p50 ${percentile(batchMs, 50)} ms, p95 ${percentile(batchMs, 95)} ms`);

    const token = (await signSession({ openid: 'demo-admin', memberId: null, roles: ['admin'], storeId: null }, process.env.SESSION_SECRET!, 3600)).token;
    const call = async (path: string) => {
      const res = (await handler(buildHttpEvent({ method: 'GET', path, headers: { authorization: `Bearer ${token}` } }), {} as never)) as APIGatewayProxyStructuredResultV2;
      if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode} ${res.body}`);
      return JSON.parse(res.body!) as { stores?: { registrations: number; orders: number; salesFen: number }[]; clerks: unknown[] };
    };
    const sample = async (path: string) => {
      const ms: number[] = [];
      for (let i = 0; i < ROUNDS + 2; i++) {
        const t = await timed(() => call(path));
        if (i >= 2) ms.push(t);
      }
      return percentile(ms, 50);
    };
    const brand = await call('/admin/leaderboard');
    const totals = (b: typeof brand) => b.stores!.reduce((n, s) => ({ r: n.r + s.registrations, o: n.o + s.orders, f: n.f + s.salesFen }), { r: 0, o: 0, f: 0 });
    const expectedFen = changes.filter((c) => c.sk === 'ORDER').reduce((n, c) => n + (c.newImage!.amountFen as number), 0);
    const before = totals(brand);
    if (before.r !== MEMBERS || before.o !== ORDERS || before.f !== expectedFen) throw new Error(`counts wrong: ${JSON.stringify(before)}`);
    const brandP50 = await sample('/admin/leaderboard');
    const storeP50 = await sample('/stores/S001/leaderboard');
    console.log(`leaderboards: brand (${STORES} stores, ${STORES * CLERKS} clerks' rows read, top 50 shown) p50 ${brandP50} ms; one store (${CLERKS} clerks) p50 ${storeP50} ms`);

    // Every batch delivered again: every record's guard is found, nothing is added.
    const r0 = Date.now();
    for (let i = 0; i < changes.length; i += BATCH) await countClerkStats(changes.slice(i, i + BATCH));
    const replayMs = Date.now() - r0;
    const after = totals(await call('/admin/leaderboard'));
    const replayUnchanged = JSON.stringify(after) === JSON.stringify(before);
    console.log(`replay of all ${changes.length} records: ${replayMs} ms, counts unchanged: ${replayUnchanged}`);
    if (!replayUnchanged) throw new Error('a replay changed the counts');

    return {
      bench: 'clerks',
      records: changes.length,
      countMs,
      recordsPerSecond: perSecond,
      batchP50Ms: percentile(batchMs, 50),
      batchP95Ms: percentile(batchMs, 95),
      brandBoardP50Ms: brandP50,
      storeBoardP50Ms: storeP50,
      replayMs,
      replayUnchanged,
    };
  } finally {
    setClock(null);
    await dynamo.stop();
  }
}
