/** Report exports as CSV in S3 (STUB: an empty file until the reports land). */
import type { ReportExport, ReportExportRequest } from '../../shared/contract/figures';
import { presignDownload, putFile } from '../adapters/s3/files';
import { clock } from '../lib/clock';
import type { Session } from '../lib/session';

export async function exportReport(_session: Session, req: ReportExportRequest): Promise<ReportExport> {
  const fileName = `${req.report}-${clock.now().toISOString().slice(0, 10)}.csv`;
  const key = `exports/reports/${req.report}/${clock.now().getTime()}.csv`;
  await putFile(key, '\ufeff', 'text/csv; charset=utf-8');
  return { report: req.report, fileName, downloadUrl: await presignDownload(key, 3600, fileName), rows: 0 };
}
