/**
 * Segment exports through S3 (issue 16): the request records a job and starts the worker; the
 * worker reads the segment's members, writes the CSV (UTF-8 with BOM, so Excel opens it) to S3 and
 * marks the job done (audited); the page polls the job and gets a presigned download link. Phones are
 * masked unless the admin holds the phone permission (`mayExportPhones`, decided when she asks).
 */
import { randomBytes } from 'node:crypto';
import { loadBrandConfig } from '../adapters/dynamo/brand-repo';
import { createSegmentExport, finishSegmentExport, readSegmentExport, type SegmentExportRecord } from '../adapters/dynamo/segment-repo';
import { presignDownload, putFile } from '../adapters/s3/files';
import { rfmConfig, insightOf } from '../facts/collaboration';
import { startBackground } from '../lib/background';
import { clock } from '../lib/clock';
import { fail } from '../lib/errors';
import type { Session } from '../lib/session';
import { today } from '../core';
import { segmentCsv } from './csv';
import { profilesOf, segmentMembers } from './query';
import { mayExportPhones, segmentOr404 } from './segments';

export const SEGMENT_EXPORT_WORKER = 'segmentExportWorker';

async function view(e: SegmentExportRecord) {
  const name = `人群导出-${e.segmentId}-${e.createdAt.slice(0, 10)}.csv`;
  return {
    exportId: e.exportId,
    segmentId: e.segmentId,
    state: e.state,
    count: e.count,
    phonesVisible: e.phonesVisible,
    createdAt: e.createdAt,
    finishedAt: e.finishedAt,
    downloadUrl: e.state === 'done' && e.fileKey ? await presignDownload(e.fileKey, 3600, name) : null,
  };
}

export async function startSegmentExport(session: Session, segmentId: string) {
  await segmentOr404(segmentId);
  const e = await createSegmentExport({
    exportId: `exp_${randomBytes(10).toString('hex')}`,
    segmentId,
    phonesVisible: await mayExportPhones(session.openid),
    requestedBy: session.openid,
    createdAt: clock.now().toISOString(),
  });
  await startBackground(SEGMENT_EXPORT_WORKER, { segmentId, exportId: e.exportId });
  return view(e);
}

export async function segmentExportStatus(segmentId: string, exportId: string) {
  const e = await readSegmentExport(segmentId, exportId);
  if (!e) throw fail('export_not_found', 'no such export');
  return view(e);
}

/** The worker (serverless.yml `segmentExportWorker`): writes the file once; a repeated event finds it done. */
export async function worker(event: { segmentId: string; exportId: string }): Promise<void> {
  const e = await readSegmentExport(event.segmentId, event.exportId);
  if (!e || e.state !== 'running') return;
  const s = await segmentOr404(e.segmentId);
  const day = today();
  const [config, brand] = await Promise.all([rfmConfig(), loadBrandConfig()]);
  const r = await segmentMembers(s.filter, { today: day, withPoints: true, config, limit: null });
  const profiles = r.profiles ?? (await profilesOf(r.memberIds, true)).profiles;
  const tierName = (code: string) => brand?.tiers.tiers.find((t) => t.code === code)?.name ?? code;
  const csv = segmentCsv(
    profiles.map((p) => ({ member: p, insight: insightOf(p, day, config) })),
    { phonesVisible: e.phonesVisible, tierName },
  );
  const fileKey = `exports/segments/${e.segmentId}/${e.exportId}.csv`;
  await putFile(fileKey, `\ufeff${csv}`, 'text/csv; charset=utf-8');
  await finishSegmentExport(e, { count: profiles.length, fileKey, at: clock.now().toISOString() });
}
