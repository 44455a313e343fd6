/**
 * Revocation within 60 s (issue 16): what the per-request role check costs and how late a revoked
 * clerk is refused.
 *
 * 1. The role check on a cache miss (functions/lib/roles.ts `currentRoles` + `effectiveRoles`) against the
 *    bare DynamoDB call it needs (one consistent Query of OPENID#<openid>), alternated in one run: ratio.
 * 2. A whole staff request (GET /staff/store through route(): token, role check, the store read) with the
 *    role cache off (every request reads the role items) and warm (ROLE_CACHE_SECONDS=30): the mean
 *    difference is what the check adds to a request when it misses, and ~0 when it hits.
 * 3. The revocation delay: worst case with the default TTL, moved with the injectable clock (revoke right
 *    after a cache fill, step 1 s until refused); and measured in real time with a 1 s TTL.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '../../functions/adapters/dynamo/client';
import { grantRole, revokeRole } from '../../functions/adapters/dynamo/identity-repo';
import { keys } from '../../functions/adapters/dynamo/keys';
import { till } from '../../functions/checkout/http';
import { setClock } from '../../functions/lib/clock';
import { currentRoles, forgetRoles } from '../../functions/lib/roles';
import { signSession } from '../../functions/lib/session';
import { effectiveRoles } from '../../shared/domain/staff';
import { buildHttpEvent } from '../../infra/local/api-gateway';
import { alternate, benchWorld, percentile, timed } from './harness';

const N = Number(process.env.BENCH_N || 400);
const WARMUP = 40;

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

export async function main() {
  const { dynamo } = await benchWorld();
  try {
    const { client, table } = db();
    const openid = 'bench-clerk';
    await grantRole(openid, { role: 'staff', storeId: 'S001' }, 'bench');
    const session = { openid, memberId: null, roles: ['member', 'staff'] as ('member' | 'staff')[], storeId: 'S001' };
    const { token } = await signSession(session, process.env.SESSION_SECRET!, 3600);

    // 1. The check on a miss against its bare Query.
    process.env.ROLE_CACHE_SECONDS = '0';
    const check = await alternate(
      'revocation',
      'role check (cache miss)',
      () =>
        timed(async () => {
          const r = effectiveRoles(session, await currentRoles(openid));
          if (!r.roles.includes('staff')) throw new Error('lost the role');
        }),
      () =>
        timed(() =>
          client.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': keys.openidMember(openid).PK }, ConsistentRead: true })),
        ),
      { n: N, warmup: WARMUP },
    );

    // 2. A whole staff request, the cache off against warm.
    const event = () => buildHttpEvent({ method: 'GET', path: '/staff/store', headers: { authorization: `Bearer ${token}` }, body: null });
    const request = async () => {
      const r = await till(event());
      if (typeof r === 'string' || r.statusCode !== 200) throw new Error(`till: ${JSON.stringify(r)}`);
    };
    const miss: number[] = [];
    const hit: number[] = [];
    for (let i = 0; i < WARMUP + N; i++) {
      process.env.ROLE_CACHE_SECONDS = '0';
      const m = await timed(request);
      process.env.ROLE_CACHE_SECONDS = '30';
      await currentRoles(openid); // fill
      const h = await timed(request);
      if (i >= WARMUP) {
        miss.push(m);
        hit.push(h);
      }
    }
    const requestMissP50 = percentile(miss, 50);
    const requestHitP50 = percentile(hit, 50);
    const overheadMeanMs = Number((mean(miss) - mean(hit)).toFixed(3));
    console.log(`staff request, role cache off  p50 ${requestMissP50} ms`);
    console.log(`staff request, role cache warm p50 ${requestHitP50} ms (mean difference ${overheadMeanMs} ms)`);

    // 3a. Worst-case delay with the default TTL, on the injectable clock.
    delete process.env.ROLE_CACHE_SECONDS;
    forgetRoles();
    const t0 = Date.now();
    setClock({ now: () => new Date(t0) });
    await request(); // the cache is filled at t0
    await revokeRole(openid, 'staff'); // right after: the worst moment
    let worstSeconds = -1;
    for (let s = 0; s <= 120; s++) {
      setClock({ now: () => new Date(t0 + s * 1000) });
      const r = await till(event());
      if (typeof r !== 'string' && r.statusCode === 403) {
        worstSeconds = s;
        break;
      }
    }
    setClock(null);
    console.log(`revocation delay, worst case (TTL 30 s, clock moved 1 s a step): ${worstSeconds} s`);

    // 3b. Measured in real time with a 1 s TTL: revoke, then ask every 20 ms until refused.
    process.env.ROLE_CACHE_SECONDS = '1';
    forgetRoles();
    await grantRole(openid, { role: 'staff', storeId: 'S001' }, 'bench');
    await request();
    const revokedAt = Date.now();
    await revokeRole(openid, 'staff');
    let realMs = -1;
    for (;;) {
      const r = await till(event());
      if (typeof r !== 'string' && r.statusCode === 403) {
        realMs = Date.now() - revokedAt;
        break;
      }
      if (Date.now() - revokedAt > 10_000) break;
      await new Promise((res) => setTimeout(res, 20));
    }
    console.log(`revocation delay, real time with a 1 s TTL: ${realMs} ms`);

    return {
      bench: 'revocation',
      samples: N,
      checkMissP50Ms: check.p50Ms,
      checkMissP95Ms: check.p95Ms,
      bareQueryP50Ms: check.bareP50Ms,
      bareQueryP95Ms: check.bareP95Ms,
      ratio: check.ratio,
      requestCacheOffP50Ms: requestMissP50,
      requestCacheWarmP50Ms: requestHitP50,
      checkOverheadPerMissMeanMs: overheadMeanMs,
      roleCacheSeconds: 30,
      revocationDelayWorstSeconds: worstSeconds,
      revocationDelayRealMsAtTtl1s: realMs,
    };
  } finally {
    await dynamo.stop();
  }
}
