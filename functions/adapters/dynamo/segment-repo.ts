/** Saved segments: SEGMENT#<id>/SEGMENT, listed newest first through GSI1 SEGMENTS / <createdAt>#<id>. */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Segment } from '../../../shared/contract/segments';
import { writeAudit, type AuditEntry } from './account-repo';
import { db } from './client';
import { indexKeys, keys } from './keys';
import { Tx } from './tx';
import { commit, type Written } from './unit';

const toSegment = (i: Record<string, unknown>): Segment => ({
  id: i.id as string,
  name: i.name as string,
  filter: (i.filter as Segment['filter'] | undefined) ?? {},
  createdAt: i.createdAt as string,
  createdBy: i.createdBy as string,
});

export function createSegment(tx: Tx, s: Segment) {
  tx.create('segment', { ...keys.segment(s.id), ...s, ...indexKeys.segment(s.createdAt, s.id) });
}

/** A new saved segment with its audit ('id_taken': the id exists). */
export async function saveSegment(s: Segment, audit: AuditEntry): Promise<Written<'id_taken'>> {
  const tx = new Tx();
  createSegment(tx, s);
  writeAudit(tx, audit);
  const out = await commit(tx, [], 'id_taken');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

export async function readSegment(id: string): Promise<Segment | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.segment(id), ConsistentRead: true }));
  return res.Item ? toSegment(res.Item) : null;
}

export async function listSegments(limit = 200): Promise<Segment[]> {
  const { client, table } = db();
  const res = await client.send(
    new QueryCommand({
      TableName: table,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': indexKeys.segmentsPk() },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (res.Items ?? []).map(toSegment);
}
