/**
 * `npm run bench -- faults` (issue 20): 1,000 mixed operations (checkouts, returns, coupon claims, points
 * exchanges) through the real HTTP handlers, with DynamoDB Local behind the fault proxy
 * (infra/local/fault-proxy.ts) failing or stalling 10 % of its calls at random: throughput exceeded,
 * throttling, internal errors, reset connections, stalls past the request timeout, and writes that commit
 * but lose their answer. Each operation is sent as a till or the mini-program sends it: the same body
 * (order id, return id, request id) again after a 503, up to 4 times under the faults, then once more when
 * the database is well. Afterwards every member's ledger, balance and buckets, every order, return and
 * coupon are read back. Loopback only; bounded (1,000 operations, about a minute or two).
 *
 * JSON last line: operations, succeeded, clean503, fiveHundreds (goal 0), partialWrites (goal 0),
 * ledgerMismatches (goal 0), doubleCredits (goal 0), refused (4xx such as not enough points), faults injected.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '../../functions/adapters/dynamo/client';
import { keys, memberPk } from '../../functions/adapters/dynamo/keys';
import { putMemberCode } from '../../functions/adapters/dynamo/member-code-repo';
import { createMember } from '../../functions/adapters/dynamo/member-repo';
import { create as checkoutHandler } from '../../functions/checkout/http';
import { handler as couponsHandler } from '../../functions/coupons/http';
import { create as returnHandler } from '../../functions/returns/http';
import { createCouponTemplate } from '../../functions/coupons/coupons';
import type { Handler } from '../../functions/lib/http';
import { signSession } from '../../functions/lib/session';
import { newMemberRecord } from '../../functions/core';
import { makeMemberCode } from '../../shared/domain';
import type { CouponTemplateInput } from '../../shared/contract';
import { buildHttpEvent } from '../../infra/local/api-gateway';
import { DYNAMO_FAULTS, startFaultProxy, type Fault } from '../../infra/local/fault-proxy';
import { benchWorld } from './harness';

const OPERATIONS = Number(process.env.BENCH_OPERATIONS || 1000);
const FAULT_SHARE = Number(process.env.BENCH_FAULT_SHARE || 0.1);
const MEMBERS = 150;
const CONCURRENCY = 16;
const TRIES = 4;

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const FAULTS: (() => Fault)[] = [
  DYNAMO_FAULTS.throughputExceeded,
  DYNAMO_FAULTS.throttling,
  DYNAMO_FAULTS.internalError,
  () => ({ kind: 'reset' }),
  () => ({ kind: 'stall', ms: 1200 }),
  () => ({ kind: 'commitThenDrop' }),
];

const template = (name: string, over: Partial<CouponTemplateInput>): CouponTemplateInput => ({
  name,
  description: '',
  kind: 'amountOff',
  amountOffFen: 1_000,
  scope: { kind: 'all' },
  stores: null,
  stackable: true,
  validity: { kind: 'afterIssue', days: 30 },
  stock: 100_000,
  perMemberLimit: 100,
  claimable: true,
  ...over,
});

type Answer = { status: number; body: { error?: { code?: string } } & Record<string, unknown> };

async function send(handler: Handler, method: string, path: string, token: string, body: unknown): Promise<Answer> {
  const res = (await handler(
    buildHttpEvent({ method, path, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) }),
  )) as APIGatewayProxyStructuredResultV2;
  return { status: res.statusCode ?? 200, body: res.body ? JSON.parse(res.body) : {} };
}

export async function main() {
  const { dynamo } = await benchWorld();
  const proxy = await startFaultProxy(dynamo.endpoint);
  Object.assign(process.env, { DYNAMODB_ENDPOINT: proxy.url, DYNAMO_REQUEST_TIMEOUT_MS: '1000', DYNAMO_CONNECT_TIMEOUT_MS: '1000', REQUEST_BUDGET_MS: '4000' });
  try {
    const secret = process.env.SESSION_SECRET!;
    const clerk = (await signSession({ openid: 'demo-staff', memberId: null, roles: ['member', 'staff'], storeId: 'S001' }, secret, 3600)).token;
    const admin = { openid: 'bench-admin', memberId: null, roles: ['admin' as const], storeId: null };
    const free = await createCouponTemplate(admin, template('故障演练券', {}));
    const priced = await createCouponTemplate(admin, template('积分兑换券', { claimable: false, pointsCost: 50 }));

    // Members, their sessions and enough member codes for their checkouts (set up before the faults).
    const members: { id: string; token: string; codes: string[] }[] = [];
    let codeSeq = 0;
    for (let i = 0; i < MEMBERS; i++) {
      const id = `m_fault${String(i).padStart(8, '0')}`;
      const at = new Date().toISOString();
      await createMember(newMemberRecord({ memberId: id, phone: `135${String(i).padStart(8, '0')}`, openid: `o-fault-${i}`, name: null, entryTierCode: 'MEMBER', at, source: 'bench' }));
      const codes: string[] = [];
      for (let c = 0; c < 6; c++) {
        const code = makeMemberCode(String(++codeSeq).padStart(15, '0'));
        await putMemberCode(code, id, new Date(Date.now() + 3_600_000), new Date());
        codes.push(code);
      }
      members.push({ id, token: (await signSession({ openid: `o-fault-${i}`, memberId: id, roles: ['member'], storeId: null }, secret, 3600)).token, codes });
    }

    // The plan: each operation's kind, member and body; returns only of orders that went through.
    const pick = rng(20_261_201);
    const faultPick = rng(7);
    let injected = 0;
    proxy.setPolicy(() => {
      if (faultPick() >= FAULT_SHARE) return null;
      injected++;
      return FAULTS[Math.floor(faultPick() * FAULTS.length)]!();
    });

    const tally = { operations: 0, succeeded: 0, clean503: 0, fiveHundreds: 0, refused: 0, unresolved: 0 };
    const orders: { storeId: string; orderId: string; memberId: string; amountFen: number }[] = [];
    const returns: { storeId: string; returnId: string; memberId: string }[] = [];
    const issues: { memberId: string; templateId: string; requestId: string; exchange: boolean }[] = [];
    const pending: (() => Promise<Answer>)[] = [];
    const refusals: Record<string, number> = {};

    const run = async (go: () => Promise<Answer>): Promise<Answer> => {
      let last: Answer = { status: 0, body: {} };
      for (let t = 0; t < TRIES; t++) {
        last = await go();
        if (last.status === 503) {
          tally.clean503++;
          continue;
        }
        if (last.status >= 500) tally.fiveHundreds++;
        return last;
      }
      pending.push(go);
      return last;
    };

    let next = 0;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < OPERATIONS) {
          const n = next++;
          tally.operations++;
          const m = members[Math.floor(pick() * members.length)]!;
          const roll = pick();
          let r: Answer;
          if (roll < 0.4 && m.codes.length) {
            const order = { storeId: 'S001', orderId: `F${n}`, memberId: m.id, amountFen: 10_000 + (n % 7) * 1_000 };
            const body = { memberCode: m.codes.pop()!, orderId: order.orderId, storeId: 'S001', amountFen: order.amountFen, items: [{ sku: 'SKU-1', name: '真丝睡衣', quantity: 1, unitPriceFen: order.amountFen }] };
            orders.push(order);
            r = await run(() => send(checkoutHandler, 'POST', '/staff/checkouts', clerk, body));
          } else if (roll < 0.55 && orders.length) {
            const o = orders[Math.floor(pick() * orders.length)]!;
            const ret = { storeId: o.storeId, returnId: `R${n}`, memberId: o.memberId };
            returns.push(ret);
            r = await run(() => send(returnHandler, 'POST', '/staff/returns', clerk, { storeId: o.storeId, orderId: o.orderId, returnId: ret.returnId, amountFen: 1_000 }));
          } else if (roll < 0.85) {
            const requestId = `claim-${n}-fault`;
            issues.push({ memberId: m.id, templateId: free.id, requestId, exchange: false });
            r = await run(() => send(couponsHandler, 'POST', `/coupons/centre/${free.id}/claim`, m.token, { requestId }));
          } else {
            const requestId = `exch-${n}-fault`;
            issues.push({ memberId: m.id, templateId: priced.id, requestId, exchange: true });
            r = await run(() => send(couponsHandler, 'POST', `/coupons/exchange/${priced.id}`, m.token, { requestId }));
          }
          if (r.status === 200) tally.succeeded++;
          else if (r.status >= 400 && r.status < 500) {
            tally.refused++;
            const code = r.body.error?.code ?? String(r.status);
            refusals[code] = (refusals[code] ?? 0) + 1;
          }
        }
      }),
    );
    const faultySeconds = (Date.now() - started) / 1000;

    // The database is well again: what was still unanswered is sent once more, as the caller would.
    proxy.setPolicy(null);
    for (const go of pending) {
      const r = await go();
      if (r.status === 200) tally.succeeded++;
      else if (r.status >= 500) tally.fiveHundreds++;
      else tally.refused++;
    }
    tally.unresolved = 0;

    // Read everything back.
    const { client, table } = db();
    const q = async (pk: string, prefix: string) =>
      (
        await client.send(
          new QueryCommand({ TableName: table, KeyConditionExpression: 'PK = :p AND begins_with(SK, :s)', ExpressionAttributeValues: { ':p': pk, ':s': prefix }, ConsistentRead: true }),
        )
      ).Items ?? [];
    const get = async (key: Record<string, string>) => (await client.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item;

    let ledgerMismatches = 0;
    let doubleCredits = 0;
    let partialWrites = 0;
    const ledgers = new Map<string, { type: string; points: number; source?: { kind: string; id: string } }[]>();
    for (const m of members) {
      const rows = (await q(memberPk(m.id), 'LEDGER#')) as { type: string; points: number; source?: { kind: string; id: string } }[];
      ledgers.set(m.id, rows);
      const acct = await get(keys.points(m.id));
      const buckets = ((acct?.buckets as { points: number }[] | undefined) ?? []).reduce((s, b) => s + b.points, 0) - ((acct?.debt as number | undefined) ?? 0);
      const sum = rows.reduce((s, r) => s + r.points, 0);
      if (sum !== (acct?.balance ?? 0) || buckets !== sum) ledgerMismatches++;
      const seen = new Map<string, number>();
      for (const r of rows) if (r.source) seen.set(`${r.type}|${r.source.kind}|${r.source.id}`, (seen.get(`${r.type}|${r.source.kind}|${r.source.id}`) ?? 0) + 1);
      for (const c of seen.values()) if (c > 1) doubleCredits += c - 1;
    }
    // An order is written whole: its item and its earn row, or neither.
    for (const o of orders) {
      const item = await get(keys.order(o.storeId, o.orderId));
      const earns = ledgers.get(o.memberId)!.filter((r) => r.type === 'earn' && r.source?.kind === 'order' && r.source.id.endsWith(o.orderId));
      if (!!item !== earns.length > 0) partialWrites++;
    }
    // A return is written whole: its row on the order and its ledger row taking the points back, or neither.
    for (const r of returns) {
      const rows = ledgers.get(r.memberId)!.filter((x) => x.source?.kind === 'return' && x.source.id === `${r.storeId}#${r.returnId}`);
      if (rows.length > 1) doubleCredits += rows.length - 1;
    }
    // A coupon is issued whole: the once-only guard, the coupon in the wallet and, for an exchange, the points spent.
    for (const i of issues) {
      const guard = await get(keys.source(i.memberId, `coupon#${i.templateId}#${i.requestId}`));
      const couponId = (guard?.result as { couponId?: string } | undefined)?.couponId;
      const coupon = couponId ? await get(keys.memberCoupon(i.memberId, couponId)) : undefined;
      if (!!guard !== !!coupon) partialWrites++;
      if (i.exchange && couponId) {
        const spent = ledgers.get(i.memberId)!.filter((r) => r.source?.kind === 'exchange' && r.source.id === couponId);
        if (spent.length !== 1) partialWrites++;
      }
    }

    const figures = {
      bench: 'faults',
      operations: tally.operations,
      succeeded: tally.succeeded,
      refused: tally.refused,
      clean503: tally.clean503,
      fiveHundreds: tally.fiveHundreds,
      partialWrites,
      ledgerMismatches,
      doubleCredits,
      faultShare: FAULT_SHARE,
      faultsInjected: injected,
      secondsUnderFaults: Number(faultySeconds.toFixed(1)),
    };
    console.log(`operations under faults   ${tally.operations} (${orders.length} checkouts, ${returns.length} returns, ${issues.length} claims and exchanges)`);
    console.log(`faults injected           ${injected} DynamoDB calls (${FAULT_SHARE * 100} %), by kind: ${JSON.stringify(kinds(proxy.counts()))}`);
    console.log(`succeeded                 ${tally.succeeded}; refused (4xx) ${tally.refused} ${JSON.stringify(refusals)}; clean 503 answers ${tally.clean503}; 5xx other than 503: ${tally.fiveHundreds}`);
    console.log(`partial writes            ${partialWrites}; ledger mismatches ${ledgerMismatches}; double credits ${doubleCredits}`);
    return figures;
  } finally {
    await proxy.close();
    await dynamo.stop();
  }
}

function kinds(counts: Record<string, number>) {
  const out: Record<string, number> = {};
  for (const [k, n] of Object.entries(counts)) {
    const fault = k.split(' ')[1]!;
    if (fault !== 'forwarded') out[fault] = (out[fault] ?? 0) + n;
  }
  return out;
}
