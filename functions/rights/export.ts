/**
 * 导出我的数据 (PIPL art. 45): the member asks, a background worker writes her data to S3 as one JSON
 * document (readable on a phone, in Chinese: shared/domain/data-copy.ts), and the page polls until the
 * link is there. The link is a presigned URL valid 24 hours from when the copy was ready; one copy a day
 * (the brand's day): asking again the same day answers the day's copy.
 */
import type { DataExportStatus } from '../../shared/contract';
import { addDays } from '../../shared/domain';
import { createDataExport, latestDataExport, type DataExportRecord } from '../adapters/dynamo/rights-repo';
import { presignDownload } from '../adapters/s3/files';
import { startBackground } from '../lib/background';
import { clock } from '../lib/clock';
import type { Session } from '../lib/session';
import { loadAccount, resolveMemberId, today } from '../core';

/** The start of a local day (Asia/Shanghai has no daylight saving: +08:00 all year). */
const zonedMidnight = (day: string) => new Date(`${day}T00:00:00+08:00`).toISOString();

/** How long her download link works once the copy is ready. */
export const DATA_COPY_LINK_SECONDS = 24 * 3600;
/** The worker (a serverless.yml function without HTTP events). */
export const DATA_EXPORT_WORKER = 'memberDataExport';

async function statusOf(r: DataExportRecord | null, now: Date): Promise<DataExportStatus> {
  const day = today(now);
  const nextAllowedAt = r && r.day === day ? zonedMidnight(addDays(day, 1)) : null;
  const base = { requestedAt: r?.requestedAt ?? null, readyAt: r?.readyAt ?? null, url: null, expiresAt: null, nextAllowedAt };
  if (!r) return { state: 'none', ...base };
  if (r.state !== 'ready' || !r.fileKey || !r.readyAt) return { state: r.state, ...base };
  const expiresAt = new Date(Date.parse(r.readyAt) + DATA_COPY_LINK_SECONDS * 1000);
  const left = Math.floor((expiresAt.getTime() - now.getTime()) / 1000);
  if (left <= 0) return { state: 'expired', ...base };
  return { state: 'ready', ...base, url: await presignDownload(r.fileKey, left), expiresAt: expiresAt.toISOString() };
}

export async function myDataExport(session: Session): Promise<DataExportStatus> {
  const memberId = await resolveMemberId(session);
  return statusOf(await latestDataExport(memberId), clock.now());
}

/** Asks for today's copy (a repeat the same day answers it), audited, and starts the worker. */
export async function requestDataExport(session: Session): Promise<DataExportStatus> {
  const memberId = await resolveMemberId(session);
  await loadAccount(memberId);
  const now = clock.now();
  const day = today(now);
  const latest = await latestDataExport(memberId);
  if (latest && latest.day === day) return statusOf(latest, now);
  const r: DataExportRecord = { memberId, day, state: 'pending', requestedAt: now.toISOString(), readyAt: null, fileKey: null };
  const out = await createDataExport(r, { at: r.requestedAt, actor: session.openid, action: 'member.data_export', target: `member:${memberId}`, before: null, after: { day } });
  if (out.ok) await startBackground(DATA_EXPORT_WORKER, { memberId, day });
  return statusOf(out.ok ? r : await latestDataExport(memberId), now);
}
