import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db } from './client';
import { indexKeys, keys, partitions } from './keys';

export async function listAudit(p: { target?: string | undefined; limit: number }) {
  const { client, table } = db();
  const res = await client.send(
    new QueryCommand(
      p.target
        ? {
            TableName: table,
            IndexName: 'GSI1',
            KeyConditionExpression: 'GSI1PK = :pk',
            ExpressionAttributeValues: { ':pk': indexKeys.auditPk(p.target) },
            ScanIndexForward: false,
            Limit: p.limit,
          }
        : { TableName: table, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': partitions.audit() }, ScanIndexForward: false, Limit: p.limit },
    ),
  );
  return (res.Items ?? []).map((i) => ({ at: i.at as string, actor: i.actor as string, action: i.action as string, target: i.target as string, before: i.before ?? null, after: i.after ?? null }));
}

export async function listDebts(limit = 100) {
  const { client, table } = db();
  const res = await client.send(
    new QueryCommand({ TableName: table, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': partitions.debts() }, Limit: limit, ConsistentRead: true }),
  );
  return (res.Items ?? []).map((i) => ({ memberId: i.memberId as string, debt: i.debt as number, since: i.since as string }));
}

/** The permissions on an admin's role item (OPENID#<openid>/ROLE#admin), e.g. 'phones'; none when she is no admin. */
export async function adminPermissions(openid: string): Promise<string[]> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.openidRole(openid, 'admin'), ConsistentRead: true }));
  const perms = res.Item?.permissions as string[] | Set<string> | undefined;
  return perms ? [...perms] : [];
}
