import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db } from './client';

export async function listAudit(p: { target?: string | undefined; limit: number }) {
  const { client, table } = db();
  const res = await client.send(
    new QueryCommand(
      p.target
        ? {
            TableName: table,
            IndexName: 'GSI1',
            KeyConditionExpression: 'GSI1PK = :pk',
            ExpressionAttributeValues: { ':pk': `AUDIT#${p.target}` },
            ScanIndexForward: false,
            Limit: p.limit,
          }
        : { TableName: table, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': 'AUDIT' }, ScanIndexForward: false, Limit: p.limit },
    ),
  );
  return (res.Items ?? []).map((i) => ({ at: i.at as string, actor: i.actor as string, action: i.action as string, target: i.target as string, before: i.before ?? null, after: i.after ?? null }));
}

export async function listDebts(limit = 100) {
  const { client, table } = db();
  const res = await client.send(
    new QueryCommand({ TableName: table, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': 'DEBTS' }, Limit: limit, ConsistentRead: true }),
  );
  return (res.Items ?? []).map((i) => ({ memberId: i.memberId as string, debt: i.debt as number, since: i.since as string }));
}
