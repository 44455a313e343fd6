/**
 * Checkout through our handler (event parsing, token check, zod, the member-code read, the account
 * and wallet reads, the six-item transaction) against the bare DynamoDB calls a checkout cannot
 * avoid (read the code; read profile + balance, the member's coupons, since stamp cards earn on
 * any purchase, and her paid-membership term, whose multiplier may apply; one transaction writing order, code, ledger, balance, profile facts and the
 * last-purchase marker), measured alternately in the same run so machine noise hits both alike.
 */
import { randomUUID } from 'node:crypto';
import { BatchGetCommand, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '../../functions/adapters/dynamo/client';
import { keys, memberPk } from '../../functions/adapters/dynamo/keys';
import { putMemberCode } from '../../functions/adapters/dynamo/member-code-repo';
import { createMember } from '../../functions/adapters/dynamo/member-repo';
import { create as checkoutHandler } from '../../functions/checkout/http';
import { signSession } from '../../functions/lib/session';
import { makeMemberCode } from '../../shared/domain';
import { newMemberRecord } from '../../functions/core';
import { buildHttpEvent } from '../../infra/local/api-gateway';
import { alternate, benchWorld, timed } from './harness';

const N = Number(process.env.BENCH_N || 300);
const WARMUP = 30;

let seq = 0;
async function freshMemberAndCode(): Promise<{ memberId: string; code: string }> {
  seq++;
  const memberId = `m_bench${String(seq).padStart(8, '0')}`;
  const now = new Date().toISOString();
  await createMember(
    newMemberRecord({ memberId, phone: `136${String(seq).padStart(8, '0')}`, openid: `o-bench-${seq}`, name: null, entryTierCode: 'MEMBER', at: now, source: 'bench' }),
  );
  const code = makeMemberCode(String(seq).padStart(15, '0'));
  await putMemberCode(code, memberId, new Date(Date.now() + 600_000), new Date());
  return { memberId, code };
}

export async function main() {
  const { dynamo } = await benchWorld();
  try {
    const { token } = await signSession({ openid: 'demo-staff', memberId: null, roles: ['member', 'staff'], storeId: 'S001' }, process.env.SESSION_SECRET!, 3600);
    const { client, table } = db();

    const ours = async () => {
      const { code } = await freshMemberAndCode();
      const body = JSON.stringify({
        memberCode: code, orderId: `B${seq}`, storeId: 'S001', amountFen: 39_900,
        items: [{ sku: 'SKU-1', name: '真丝睡衣', quantity: 1, unitPriceFen: 39_900 }],
      });
      const event = buildHttpEvent({ method: 'POST', path: '/staff/checkouts', headers: { authorization: `Bearer ${token}` }, body });
      return timed(async () => {
        const r = await checkoutHandler(event);
        if (typeof r === 'string' || r.statusCode !== 200) throw new Error(`checkout failed: ${JSON.stringify(r)}`);
      });
    };

    const bare = async () => {
      const { memberId, code } = await freshMemberAndCode();
      const at = new Date().toISOString();
      return timed(async () => {
        await client.send(new GetCommand({ TableName: table, Key: keys.memberCode(code), ConsistentRead: true }));
        // The account and the wallet (stamp cards earn a stamp on any qualifying purchase, so even a
        // checkout without coupons must see them) are independent once the code names the member.
        // The paid-membership term (issue 17: the plan's multiplier may beat the tier's) is read beside them.
        await Promise.all([
          client.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: [keys.profile(memberId), keys.points(memberId)], ConsistentRead: true } } })),
          client.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)', ExpressionAttributeValues: { ':pk': memberPk(memberId), ':p': 'COUPON#' } })),
          client.send(new GetCommand({ TableName: table, Key: keys.plus(memberId) })),
        ]);
        const orderId = `R${seq}`;
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: table, Item: { ...keys.order('S001', orderId), memberId }, ConditionExpression: 'attribute_not_exists(PK)' } },
              { Update: { TableName: table, Key: keys.memberCode(code), UpdateExpression: 'SET usedAt = :at', ConditionExpression: 'attribute_not_exists(usedAt)', ExpressionAttributeValues: { ':at': at } } },
              { Put: { TableName: table, Item: { ...keys.ledger(memberId, at, randomUUID()), points: 399 } } },
              { Update: { TableName: table, Key: keys.points(memberId), UpdateExpression: 'SET balance = :b, buckets = :k, rev = :one', ConditionExpression: 'rev = :z', ExpressionAttributeValues: { ':b': 399, ':k': [{ expiresOn: '2027-12-31', availableOn: '2026-01-01', points: 399 }], ':one': 1, ':z': 0 } } },
              { Update: { TableName: table, Key: keys.profile(memberId), UpdateExpression: 'SET qualifying = :q, qrev = :one', ConditionExpression: 'qrev = :z', ExpressionAttributeValues: { ':q': { '2026-01': { spendFen: 39_900, points: 399 } }, ':one': 1, ':z': 0 } } },
              // The member facts' last-purchase marker (LASTBUY#<day>, for win-back), moved by every purchase.
              { Put: { TableName: table, Item: { ...keys.lastBuy(memberId), memberId, day: at.slice(0, 10), at, GSI1PK: `LASTBUY#${at.slice(0, 10)}`, GSI1SK: memberId } } },
            ],
          }),
        );
      });
    };

    return await alternate('checkout', 'checkout (handler + use case)', ours, bare, { n: N, warmup: WARMUP });
  } finally {
    await dynamo.stop();
  }
}
