/**
 * `npm run bench -- dashboard`: what the 90-day dashboard reads, with 2,000 and with 20,000 members in the
 * same run (two tables in one DynamoDB Local). Each brand's activity over 180 days (registrations, orders and
 * their ledger rows, written in bulk) goes through the table's stream into the figures consumer
 * (drainStream, slice by slice, as in AWS), so the day items are the consumer's own; then GET /admin/insight/dashboard?days=90
 * is called through the handler and its `itemsRead` and latency recorded. Goal: itemsRead20k / itemsRead2k ≤ 1.1
 * (reads in proportion to days, not members).
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ensureTable, startDynamoLocal } from '../../infra/local/dynamo';
import { seedDemoBrand } from '../../infra/local/seed';
import { drainStream } from '../../infra/local/streams';
import { keys } from '../../functions/adapters/dynamo/keys';
import { profileAttrs } from '../../functions/adapters/dynamo/member-repo';
import { clearBrandCache } from '../../functions/adapters/dynamo/brand-repo';
import { newMemberRecord } from '../../functions/core';
import { handler } from '../../functions/insight/http';
import { setClock } from '../../functions/lib/clock';
import { signSession } from '../../functions/lib/session';
import { buildHttpEvent } from '../../infra/local/api-gateway';
import { addDays } from '../../shared/domain';
import { benchWorld, percentile, timed } from './harness';
import { batchWriteAll } from '../table';

const TODAY = '2026-11-23';
const NOW = new Date(`${TODAY}T10:00:00.000Z`);
const SPAN = 180;
const ROUNDS = 15;
const STORES = ['S001', 'S002', 'S003'];

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

/** A brand of `n` members: each registered within the span, with 0–2 orders (and their earn rows) after that. */
function brandItems(n: number, tag: string): { items: Record<string, unknown>[]; orders: number } {
  const rnd = prng(n);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const items: Record<string, unknown>[] = [];
  let orders = 0;
  for (let i = 0; i < n; i++) {
    const memberId = `m_${tag}${String(i).padStart(8, '0')}`;
    const regDay = int(0, SPAN - 1);
    const at = `${addDays(TODAY, -(SPAN - 1) + regDay)}T02:${String(i % 60).padStart(2, '0')}:00.000Z`;
    const rec = newMemberRecord({ memberId, phone: `135${String(i).padStart(8, '0')}`, openid: null, name: null, entryTierCode: 'MEMBER', at, source: ['wechat', 'import'][i % 2]!, registrationStoreId: STORES[i % 3]! });
    items.push({ ...keys.profile(memberId), ...profileAttrs(rec) });
    for (let k = int(0, 2); k > 0; k--) {
      const day = addDays(TODAY, -(SPAN - 1) + int(regDay, SPAN - 1));
      const createdAt = `${day}T03:${String(k).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.000Z`;
      const storeId = STORES[int(0, 2)]!;
      const orderId = `B${i}x${k}`;
      const amountFen = int(1_000, 60_000);
      orders++;
      items.push({ ...keys.order(storeId, orderId), storeId, orderId, memberId, accountId: memberId, amountFen, items: [], createdAt });
      items.push({ ...keys.ledger(memberId, createdAt, `e${k}`), memberId, type: 'earn', points: Math.floor(amountFen / 100), createdAt, storeId, source: { kind: 'order', id: `${storeId}#${orderId}` } });
    }
  }
  return { items, orders };
}

async function useTable(endpoint: string, table: string) {
  process.env.TABLE_NAME = table;
  await ensureTable(endpoint, table);
  await seedDemoBrand();
  clearBrandCache();
}

async function measure(n: number, tag: string, endpoint: string, token: string) {
  await useTable(endpoint, `bench_dash_${tag}`);
  const { items, orders } = brandItems(n, tag);
  // Written in slices of about 2,000 members, each slice's changes counted before the next (as the stream
  // is consumed in AWS: as it comes, not as one backlog).
  const SLICE = 12_000;
  let writeMs = 0;
  let drainMs = 0;
  let records = 0;
  for (let i = 0; i < items.length; i += SLICE) {
    let t = Date.now();
    await batchWriteAll(items.slice(i, i + SLICE), 8);
    writeMs += Date.now() - t;
    t = Date.now();
    for (let got = await drainStream(); got > 0; got = await drainStream()) records += got;
    drainMs += Date.now() - t;
    if (n > 2_000) console.log(`  ${Math.min(items.length, i + SLICE)} / ${items.length} items written and counted (${records} stream records, ${Math.round(drainMs / 1000)} s counting)`);
  }
  const event = buildHttpEvent({ method: 'GET', path: '/admin/insight/dashboard', headers: { authorization: `Bearer ${token}` }, rawQueryString: 'days=90' });
  let itemsRead = 0;
  let body: { totals: { orders: number; newMembers: number }; members: number } | null = null;
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS + 2; i++) {
    const ms = await timed(async () => {
      const res = (await handler(event, {} as never)) as APIGatewayProxyStructuredResultV2;
      if (res.statusCode !== 200) throw new Error(`dashboard: ${res.statusCode} ${res.body}`);
      body = JSON.parse(res.body!);
      itemsRead = (body as unknown as { itemsRead: number }).itemsRead;
    });
    if (i >= 2) samples.push(ms);
  }
  const b = body!;
  console.log(
    `${String(n).padStart(6)} members: ${items.length} items written in ${writeMs} ms, ${records} stream records counted in ${drainMs} ms; ` +
      `90-day dashboard reads ${itemsRead} items, p50 ${percentile(samples, 50)} ms (members ${b.members}, orders in 90 days ${b.totals.orders}, all orders ${orders})`,
  );
  return { itemsRead, p50Ms: percentile(samples, 50), members: b.members };
}

export async function main() {
  const { dynamo } = await benchWorld();
  setClock({ now: () => NOW });
  try {
    const token = (await signSession({ openid: 'demo-admin', memberId: null, roles: ['admin'], storeId: null }, process.env.SESSION_SECRET!, 3600)).token;
    const small = await measure(2_000, 'a', dynamo.endpoint, token);
    // The second brand in a DynamoDB Local of its own: in one instance, the second table's stream was read
    // many times slower after the first's 26,000 records (measured: minutes for a slice that took 30 s alone).
    const second = await startDynamoLocal({ dataDir: null });
    process.env.DYNAMODB_ENDPOINT = second.endpoint;
    let large;
    try {
      large = await measure(20_000, 'b', second.endpoint, token);
    } finally {
      await second.stop();
    }
    return {
      bench: 'dashboard',
      days: 90,
      itemsRead2k: small.itemsRead,
      itemsRead20k: large.itemsRead,
      ratio: Number((large.itemsRead / small.itemsRead).toFixed(2)),
      p50Ms: large.p50Ms,
      p50Ms2k: small.p50Ms,
    };
  } finally {
    setClock(null);
    await dynamo.stop();
  }
}
