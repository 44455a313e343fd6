import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { CheckoutResponse } from '../../../shared/contract';
import { db } from './client';
import { cancellationItem, cancellationReasons } from './errors';
import { keys } from './keys';

export interface StoredOrder {
  requestHash: string;
  result: CheckoutResponse;
}

export async function getOrder(storeId: string, orderId: string): Promise<StoredOrder | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.order(storeId, orderId), ConsistentRead: true }));
  if (!res.Item) return null;
  return { requestHash: res.Item.requestHash, result: res.Item.result };
}

export interface CheckoutWrite {
  storeId: string;
  orderId: string;
  requestHash: string;
  staffOpenid: string;
  memberCode: string;
  memberId: string;
  amountFen: number;
  items: unknown[];
  at: string;
  entryId: string;
  points: number;
  ruleVersion: number;
  /** What was read; the transaction fails if either changed meanwhile. */
  expected: { balance: number; qualifyingSpendFen: number };
  newQualifyingSpendFen: number;
  tierChange: { from: string; to: string } | null;
  result: CheckoutResponse;
}

export type CheckoutOutcome =
  | { kind: 'committed' }
  | { kind: 'order_exists'; existing: StoredOrder | null }
  | { kind: 'code_unusable' | 'stale_read' | 'conflict' };

/**
 * The whole checkout in one transaction: the order (written once), the member code (spent once),
 * the ledger entry, the balance and the qualifying spend. Item order matters: cancellation
 * reasons are read by index.
 */
export async function commitCheckout(w: CheckoutWrite): Promise<CheckoutOutcome> {
  const { client, table } = db();
  const balanceAfter = w.expected.balance + w.points;
  const TransactItems = [
    {
      Put: {
        TableName: table,
        Item: {
          ...keys.order(w.storeId, w.orderId),
          requestHash: w.requestHash,
          memberId: w.memberId,
          storeId: w.storeId,
          orderId: w.orderId,
          amountFen: w.amountFen,
          items: w.items,
          staffOpenid: w.staffOpenid,
          createdAt: w.at,
          result: w.result,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
        // A recorded order comes back with the cancellation, so a replay needs no second read.
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
      },
    },
    {
      Update: {
        TableName: table,
        Key: keys.memberCode(w.memberCode),
        UpdateExpression: 'SET usedAt = :at, usedFor = :ref',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(usedAt) AND expiresAt > :at AND memberId = :m',
        ExpressionAttributeValues: { ':at': w.at, ':ref': `${w.storeId}#${w.orderId}`, ':m': w.memberId },
      },
    },
    {
      Put: {
        TableName: table,
        Item: {
          ...keys.ledger(w.memberId, w.at, w.entryId),
          entryId: w.entryId,
          memberId: w.memberId,
          type: 'earn',
          points: w.points,
          balanceAfter,
          createdAt: w.at,
          description: '门店消费积分',
          source: { kind: 'order', id: `${w.storeId}#${w.orderId}` },
          storeId: w.storeId,
          amountFen: w.amountFen,
          ruleId: 'spend',
          ruleVersion: w.ruleVersion,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    {
      Update: {
        TableName: table,
        Key: keys.points(w.memberId),
        UpdateExpression: 'SET balance = :after, earnedTotal = earnedTotal + :p, updatedAt = :at',
        ConditionExpression: 'balance = :before',
        ExpressionAttributeValues: { ':after': balanceAfter, ':before': w.expected.balance, ':p': w.points, ':at': w.at },
      },
    },
    {
      Update: {
        TableName: table,
        Key: keys.profile(w.memberId),
        UpdateExpression: `SET qualifyingSpendFen = :spend, lastPurchaseAt = :at${w.tierChange ? ', tierCode = :tier' : ''}`,
        ConditionExpression: 'qualifyingSpendFen = :oldSpend',
        ExpressionAttributeValues: {
          ':spend': w.newQualifyingSpendFen,
          ':oldSpend': w.expected.qualifyingSpendFen,
          ':at': w.at,
          ...(w.tierChange ? { ':tier': w.tierChange.to } : {}),
        },
      },
    },
    ...(w.tierChange
      ? [
          {
            Put: {
              TableName: table,
              Item: {
                ...keys.tierHistory(w.memberId, w.at),
                from: w.tierChange.from,
                to: w.tierChange.to,
                reason: 'purchase',
                source: `${w.storeId}#${w.orderId}`,
                createdAt: w.at,
              },
            },
          },
        ]
      : []),
  ];
  try {
    await client.send(new TransactWriteCommand({ TransactItems }));
    return { kind: 'committed' };
  } catch (e) {
    const reasons = cancellationReasons(e);
    if (!reasons) throw e;
    if (reasons[0] === 'ConditionalCheckFailed') {
      const old = cancellationItem(e, 0);
      return { kind: 'order_exists', existing: old ? { requestHash: old.requestHash as string, result: old.result as CheckoutResponse } : null };
    }
    if (reasons[1] === 'ConditionalCheckFailed') return { kind: 'code_unusable' };
    if (reasons[3] === 'ConditionalCheckFailed' || reasons[4] === 'ConditionalCheckFailed') return { kind: 'stale_read' };
    return { kind: 'conflict' };
  }
}
