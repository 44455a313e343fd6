import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db } from './client';
import { indexKeys, keys, partitions } from './keys';

export interface AuditRow {
  at: string;
  actor: string;
  action: string;
  target: string;
  before: unknown;
  after: unknown;
}

/** Where one audit read looks: the whole trail, one target's (GSI1), or one actor's copies. */
export type AuditSource = { kind: 'all' } | { kind: 'target'; target: string } | { kind: 'actor'; actor: string };

/** The partition a source reads (GSI1PK for a target, PK otherwise): a cursor must come from it. */
export function auditSourcePk(source: AuditSource): string {
  return source.kind === 'target' ? indexKeys.auditPk(source.target) : source.kind === 'actor' ? partitions.auditByActor(source.actor) : partitions.audit();
}

/**
 * One page of the audit trail, newest first, within [lo, hi] on the sort key (instants), filtered by
 * action and actor where the key does not already pick them. A key query per round (never a scan);
 * rounds continue until `limit` rows are found, the range is read, or `maxRounds` reads were made.
 * The cursor is the last returned row's key (its partition is checked by the caller's `cursorOk`).
 */
export async function listAudit(p: {
  source: AuditSource;
  lo: string;
  hi: string;
  action?: string | undefined;
  actor?: string | undefined;
  limit: number;
  startKey: Record<string, string> | null;
  maxRounds?: number;
}): Promise<{ rows: AuditRow[]; lastKey: Record<string, string> | null }> {
  const { client, table } = db();
  const onIndex = p.source.kind === 'target';
  const pk = auditSourcePk(p.source);
  const filters: string[] = [];
  const values: Record<string, unknown> = { ':pk': pk, ':lo': p.lo, ':hi': p.hi };
  if (p.action) {
    filters.push('#action = :action');
    values[':action'] = p.action;
  }
  if (p.actor && p.source.kind !== 'actor') {
    filters.push('actor = :actor');
    values[':actor'] = p.actor;
  }
  const rows: AuditRow[] = [];
  const keysOf = (i: Record<string, unknown>) =>
    (onIndex ? { PK: i.PK, SK: i.SK, GSI1PK: i.GSI1PK, GSI1SK: i.GSI1SK } : { PK: i.PK, SK: i.SK }) as Record<string, string>;
  let start: Record<string, unknown> | undefined = p.startKey ?? undefined;
  let lastKey: Record<string, string> | null = null;
  for (let round = 0; round < (p.maxRounds ?? 5); round++) {
    const res = await client.send(
      new QueryCommand({
        TableName: table,
        ...(onIndex ? { IndexName: 'GSI1' } : {}),
        KeyConditionExpression: onIndex ? 'GSI1PK = :pk AND GSI1SK BETWEEN :lo AND :hi' : 'PK = :pk AND SK BETWEEN :lo AND :hi',
        ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
        ...(p.action ? { ExpressionAttributeNames: { '#action': 'action' } } : {}),
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
        Limit: Math.max(p.limit, 25),
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const i of res.Items ?? []) {
      if (rows.length === p.limit) break;
      rows.push({ at: i.at as string, actor: i.actor as string, action: i.action as string, target: i.target as string, before: i.before ?? null, after: i.after ?? null });
      lastKey = keysOf(i);
    }
    if (rows.length === p.limit) {
      // Full page: more may follow unless this was the last item of the last read.
      const items = res.Items ?? [];
      const lastOfRead = items.length > 0 && keysOf(items[items.length - 1]!).SK === lastKey?.SK;
      if (lastOfRead && !res.LastEvaluatedKey) lastKey = null;
      return { rows, lastKey };
    }
    if (!res.LastEvaluatedKey) return { rows, lastKey: null };
    start = res.LastEvaluatedKey;
    lastKey = res.LastEvaluatedKey as Record<string, string>;
  }
  return { rows, lastKey };
}

/** What the role items of these openids say (the audit page names actors by role, not by openid). */
export async function actorFacts(openids: string[]): Promise<Map<string, { name: string | null; admin: boolean; staffStoreId: string | null; member: boolean }>> {
  const { client, table } = db();
  const out = new Map<string, { name: string | null; admin: boolean; staffStoreId: string | null; member: boolean }>();
  await Promise.all(
    [...new Set(openids)].map(async (openid) => {
      const res = await client.send(
        new QueryCommand({ TableName: table, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': keys.openidMember(openid).PK } }),
      );
      const items = res.Items ?? [];
      if (!items.length) return;
      const admin = items.find((i) => i.SK === keys.openidRole(openid, 'admin').SK);
      const staff = items.find((i) => i.SK === keys.openidRole(openid, 'staff').SK);
      const named = (admin?.name ?? staff?.name ?? null) as string | null;
      out.set(openid, { name: named, admin: !!admin, staffStoreId: (staff?.storeId as string | undefined) ?? null, member: items.some((i) => i.SK === keys.openidMember(openid).SK) });
    }),
  );
  return out;
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
