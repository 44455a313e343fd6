/**
 * `npm run bench -- checkout-coupons`: a checkout redeeming two coupons through our handler against
 * the bare DynamoDB calls it cannot avoid (read the code, read profile + points and the member's
 * coupons in parallel, one transaction writing order, code, ledger, points, profile and the two coupons),
 * alternated in one run so machine noise hits both alike.
 */
import { randomUUID } from 'node:crypto';
import { BatchGetCommand, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '../../functions/adapters/dynamo/client';
import { keys, memberPk } from '../../functions/adapters/dynamo/keys';
import { putMemberCode } from '../../functions/adapters/dynamo/member-code-repo';
import { createMember } from '../../functions/adapters/dynamo/member-repo';
import { create as checkoutHandler } from '../../functions/checkout/http';
import { createCouponTemplate, issueCoupon } from '../../functions/coupons/coupons';
import { signSession } from '../../functions/lib/session';
import { newMemberRecord } from '../../functions/core';
import { buildHttpEvent } from '../../infra/local/api-gateway';
import { makeMemberCode } from '../../shared/domain';
import { alternate, benchWorld, timed } from './harness';

const N = Number(process.env.BENCH_N || 200);
const WARMUP = 20;
let seq = 0;

export async function main() {
  const { dynamo } = await benchWorld();
  try {
    const admin = { openid: 'bench-admin', memberId: null, roles: ['admin' as const], storeId: null };
    const tpl = (name: string) =>
      createCouponTemplate(admin, {
        name,
        description: '',
        kind: 'amountOff',
        amountOffFen: 1_000,
        scope: { kind: 'all' },
        stores: null,
        stackable: true,
        validity: { kind: 'afterIssue', days: 30 },
        stock: null,
        perMemberLimit: null,
        claimable: true,
      });
    const [t1, t2] = [await tpl('十元券A'), await tpl('十元券B')];
    const { token } = await signSession({ openid: 'demo-staff', memberId: null, roles: ['member', 'staff'], storeId: 'S001' }, process.env.SESSION_SECRET!, 3600);
    const { client, table } = db();

    async function memberWithCoupons() {
      seq++;
      const memberId = `m_bcp${String(seq).padStart(8, '0')}`;
      await createMember(newMemberRecord({ memberId, phone: `135${String(seq).padStart(8, '0')}`, openid: `o-bcp-${seq}`, name: null, entryTierCode: 'MEMBER', at: new Date().toISOString(), source: 'bench' }));
      const code = makeMemberCode(String(seq).padStart(15, '0'));
      await putMemberCode(code, memberId, new Date(Date.now() + 600_000), new Date());
      const c1 = await issueCoupon(memberId, t1.id, `r1-${seq}-bench`, 'centre');
      const c2 = await issueCoupon(memberId, t2.id, `r2-${seq}-bench`, 'centre');
      return { memberId, code, coupons: [c1.coupon.id, c2.coupon.id] };
    }

    const ours = async () => {
      const m = await memberWithCoupons();
      const body = JSON.stringify({
        memberCode: m.code,
        orderId: `BC${seq}`,
        storeId: 'S001',
        amountFen: 37_900,
        items: [{ sku: 'SKU-1', name: '真丝睡衣', quantity: 1, unitPriceFen: 39_900 }],
        coupons: m.coupons,
      });
      const event = buildHttpEvent({ method: 'POST', path: '/staff/checkouts', headers: { authorization: `Bearer ${token}` }, body });
      return timed(async () => {
        const r = await checkoutHandler(event);
        if (typeof r === 'string' || r.statusCode !== 200) throw new Error(`checkout failed: ${JSON.stringify(r)}`);
      });
    };

    const bare = async () => {
      const m = await memberWithCoupons();
      const at = new Date().toISOString();
      return timed(async () => {
        await client.send(new GetCommand({ TableName: table, Key: keys.memberCode(m.code), ConsistentRead: true }));
        // The account, the wallet and the paid-membership term are independent once the code names the member: read in parallel.
        await Promise.all([
          client.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: [keys.profile(m.memberId), keys.points(m.memberId)], ConsistentRead: true } } })),
          client.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)', ExpressionAttributeValues: { ':pk': memberPk(m.memberId), ':p': 'COUPON#' } })),
          // Her paid-membership term (issue 17: its multiplier may beat the tier's).
          client.send(new GetCommand({ TableName: table, Key: keys.plus(m.memberId) })),
        ]);
        const orderId = `RC${seq}`;
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: table, Item: { ...keys.order('S001', orderId), memberId: m.memberId }, ConditionExpression: 'attribute_not_exists(PK)' } },
              { Update: { TableName: table, Key: keys.memberCode(m.code), UpdateExpression: 'SET usedAt = :at', ConditionExpression: 'attribute_not_exists(usedAt)', ExpressionAttributeValues: { ':at': at } } },
              { Put: { TableName: table, Item: { ...keys.ledger(m.memberId, at, randomUUID()), points: 379 } } },
              { Update: { TableName: table, Key: keys.points(m.memberId), UpdateExpression: 'SET balance = :b, rev = :one', ConditionExpression: 'rev = :z', ExpressionAttributeValues: { ':b': 379, ':one': 1, ':z': 0 } } },
              { Update: { TableName: table, Key: keys.profile(m.memberId), UpdateExpression: 'SET qrev = :one', ConditionExpression: 'qrev = :z', ExpressionAttributeValues: { ':one': 1, ':z': 0 } } },
              // The member facts' last-purchase marker (LASTBUY#<day>, for win-back), moved by every purchase.
              { Put: { TableName: table, Item: { ...keys.lastBuy(m.memberId), memberId: m.memberId, day: at.slice(0, 10), at, GSI1PK: `LASTBUY#${at.slice(0, 10)}`, GSI1SK: m.memberId } } },
              ...m.coupons.map((id) => ({
                Update: {
                  TableName: table,
                  Key: keys.memberCoupon(m.memberId, id),
                  UpdateExpression: 'SET #s = :used',
                  ConditionExpression: '#s = :available',
                  ExpressionAttributeNames: { '#s': 'state' },
                  ExpressionAttributeValues: { ':used': 'used', ':available': 'available' },
                },
              })),
              // The redemption figures per template: one counter per coupon on a stock shard.
              ...[t1.id, t2.id].map((tid) => ({
                Update: { TableName: table, Key: keys.couponShard(tid, 0), UpdateExpression: 'SET redeemed = redeemed + :one', ExpressionAttributeValues: { ':one': 1 } },
              })),
            ],
          }),
        );
      });
    };

    return await alternate('checkout-coupons', 'checkout with two coupons', ours, bare, { n: N, warmup: WARMUP });
  } finally {
    await dynamo.stop();
  }
}
