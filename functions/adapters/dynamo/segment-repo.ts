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

/** A segment export job (issue 16): running → done (with its file) or failed. */
export interface SegmentExportRecord {
  exportId: string;
  segmentId: string;
  state: 'running' | 'done' | 'failed';
  phonesVisible: boolean;
  requestedBy: string;
  createdAt: string;
  finishedAt: string | null;
  count: number | null;
  fileKey: string | null;
}

const toExport = (i: Record<string, unknown>): SegmentExportRecord => ({
  exportId: String(i.exportId),
  segmentId: String(i.segmentId),
  state: i.state as SegmentExportRecord['state'],
  phonesVisible: i.phonesVisible === true,
  requestedBy: String(i.requestedBy),
  createdAt: String(i.createdAt),
  finishedAt: (i.finishedAt as string | undefined) ?? null,
  count: (i.count as number | undefined) ?? null,
  fileKey: (i.fileKey as string | undefined) ?? null,
});

export async function createSegmentExport(r: Omit<SegmentExportRecord, 'finishedAt' | 'count' | 'fileKey' | 'state'>): Promise<SegmentExportRecord> {
  const tx = new Tx();
  const item = { ...keys.segmentExport(r.segmentId, r.exportId), ...r, state: 'running' };
  tx.create('export', item);
  await tx.send();
  return toExport(item);
}

export async function readSegmentExport(segmentId: string, exportId: string): Promise<SegmentExportRecord | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.segmentExport(segmentId, exportId), ConsistentRead: true }));
  return res.Item ? toExport(res.Item) : null;
}

/** The export's file is written: done, with its count, audited (once: only a running export finishes). */
export async function finishSegmentExport(e: SegmentExportRecord, p: { count: number; fileKey: string; at: string }): Promise<void> {
  const tx = new Tx();
  tx.update('export', keys.segmentExport(e.segmentId, e.exportId), {
    set: 'SET #s = :done, #c = :count, fileKey = :key, finishedAt = :at',
    condition: '#s = :running',
    names: { '#s': 'state', '#c': 'count' },
    values: { ':done': 'done', ':count': p.count, ':key': p.fileKey, ':at': p.at, ':running': 'running' },
  });
  writeAudit(tx, { at: p.at, actor: e.requestedBy, action: 'segment.export', target: `segment:${e.segmentId}`, before: null, after: { count: p.count, phonesVisible: e.phonesVisible, exportId: e.exportId } });
  await tx.send();
}
