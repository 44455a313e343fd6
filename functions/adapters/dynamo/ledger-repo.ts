import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db } from './client';
import { memberPk } from './keys';

export interface LedgerEntryRecord {
  entryId: string;
  type: 'earn' | 'spend' | 'expire' | 'reverse' | 'adjust' | 'transfer';
  points: number;
  balanceAfter: number;
  createdAt: string;
  description: string;
  source: { kind: string; id: string };
  storeId: string | null;
}

/** One page of a member's ledger, newest first. `cursor` is the SK of the last entry seen. */
export async function listLedger(
  memberId: string,
  limit: number,
  afterSk: string | null,
): Promise<{ entries: LedgerEntryRecord[]; lastSk: string | null }> {
  const { client, table } = db();
  const res = await client.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
      ExpressionAttributeValues: { ':pk': memberPk(memberId), ':p': 'LEDGER#' },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: afterSk ? { PK: memberPk(memberId), SK: afterSk } : undefined,
    }),
  );
  const entries = (res.Items ?? []).map((i) => ({
    entryId: i.entryId,
    type: i.type,
    points: i.points,
    balanceAfter: i.balanceAfter,
    createdAt: i.createdAt,
    description: i.description,
    source: i.source,
    storeId: i.storeId ?? null,
  })) as LedgerEntryRecord[];
  return { entries, lastSk: (res.LastEvaluatedKey?.SK as string | undefined) ?? null };
}

/** Sums the whole ledger of a member: the invariant checks in tests compare it with the balance. */
export async function sumLedger(memberId: string): Promise<{ sum: number; count: number }> {
  let sum = 0;
  let count = 0;
  let sk: string | null = null;
  do {
    const page = await listLedger(memberId, 100, sk);
    for (const e of page.entries) {
      sum += e.points;
      count++;
    }
    sk = page.lastSk;
  } while (sk);
  return { sum, count };
}
