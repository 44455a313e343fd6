/**
 * Member import (issue 16), the requests: ask for an upload (a presigned PUT), preview the uploaded
 * file (encoding, header, first rows, a proposed mapping), start the job with the confirmed mapping,
 * follow it. The rows are written by the background worker (worker.ts).
 */
import { randomBytes } from 'node:crypto';
import { fileSize, presignDownload, presignUpload } from '../adapters/s3/files';
import { createImport, getImport, listImports, markImportReady, markImportStarted, type ImportRecord } from '../adapters/dynamo/import-repo';
import { startBackground } from '../lib/background';
import { clock } from '../lib/clock';
import { fail } from '../lib/errors';
import type { Session } from '../lib/session';
import { proposeMapping, type ColumnMapping } from '../../shared/domain';
import { openSheet } from './source';

export const IMPORT_WORKER = 'memberImportWorker';
const CONTENT_TYPES = { csv: 'text/csv', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;
/** 100,000 rows of CSV are about 6 MB; a file over this is refused at the preview. */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;
const PREVIEW_ROWS = 10;

export async function askUpload(session: Session, body: { fileName: string; format: 'csv' | 'xlsx' }) {
  const importId = `imp_${randomBytes(10).toString('hex')}`;
  const at = clock.now();
  const fileKey = `imports/${importId}/upload.${body.format}`;
  await createImport({ importId, fileName: body.fileName, format: body.format, fileKey, createdAt: at.toISOString(), createdBy: session.openid });
  const ttl = 900;
  const contentType = CONTENT_TYPES[body.format];
  return { importId, uploadUrl: await presignUpload(fileKey, contentType, ttl), contentType, expiresAt: new Date(at.getTime() + ttl * 1000).toISOString() };
}

async function importOr404(importId: string): Promise<ImportRecord> {
  const r = await getImport(importId);
  if (!r) throw fail('import_not_found', 'no such import');
  return r;
}

async function uploadedSize(r: ImportRecord): Promise<number> {
  const size = await fileSize(r.fileKey);
  if (size === null) throw fail('import_not_uploaded', 'the file has not been uploaded yet');
  if (size > MAX_IMPORT_BYTES) throw fail('import_unreadable', `the file is larger than ${MAX_IMPORT_BYTES} bytes`);
  return size;
}

const text = (c: unknown) => (c == null ? '' : c instanceof Date ? c.toISOString().slice(0, 10) : String(c));

export async function previewImport(importId: string) {
  const r = await importOr404(importId);
  const sizeBytes = await uploadedSize(r);
  let sheet;
  const rows: string[][] = [];
  let header: string[] | null = null;
  try {
    sheet = await openSheet(r.fileKey, r.format);
    for await (const row of sheet.rows) {
      if (!header) {
        if (row.cells.every((c) => text(c).trim() === '')) continue;
        header = row.cells.map((c) => text(c).trim());
        continue;
      }
      if (row.cells.every((c) => text(c).trim() === '')) continue;
      rows.push(row.cells.map(text));
      if (rows.length >= PREVIEW_ROWS) break;
    }
  } catch (e) {
    throw fail('import_unreadable', `the file could not be read: ${(e as Error).message}`);
  } finally {
    sheet?.close();
  }
  if (!header || header.length === 0) throw fail('import_unreadable', 'the file has no header row');
  await markImportReady(importId, sheet!.encoding);
  return { importId, fileName: r.fileName, encoding: sheet!.encoding, header, rows, mapping: proposeMapping(header) as Record<string, number>, sizeBytes };
}

export async function startImport(session: Session, importId: string, mapping: ColumnMapping) {
  const r = await importOr404(importId);
  if (r.state === 'uploading') {
    // Started without a preview: read the file once so a missing or unreadable file is refused now.
    await previewImport(importId);
  } else await uploadedSize(r);
  const started = await markImportStarted(importId, mapping, clock.now().toISOString(), { actor: session.openid });
  if (!started) {
    const again = await importOr404(importId);
    // The same start sent twice answers the running import; another mapping is refused.
    if (again.state !== 'ready' && JSON.stringify(again.mapping) === JSON.stringify(mapping)) return statusOf(again);
    throw fail('import_state', `this import is ${again.state}`);
  }
  await startBackground(IMPORT_WORKER, { importId, run: 1 });
  return statusOf(await importOr404(importId));
}

export async function statusOf(r: ImportRecord) {
  return {
    importId: r.importId,
    fileName: r.fileName,
    format: r.format,
    state: r.state,
    counts: r.counts,
    createdAt: r.createdAt,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    errorFileUrl: r.errorFileKey ? await presignDownload(r.errorFileKey, 3600, `导入失败行-${r.fileName.replace(/\.[^.]+$/, '')}.csv`) : null,
    message: r.message,
  };
}

export async function importStatus(importId: string) {
  return statusOf(await importOr404(importId));
}

export async function pastImports() {
  const list = await listImports(20);
  return { imports: await Promise.all(list.map(statusOf)) };
}
