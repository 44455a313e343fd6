/**
 * Where print files are kept: the files bucket (S3; s3rver locally), under card-batches/. The object is
 * written once, when the batch is created (the only moment the PINs exist in clear); an export is a
 * presigned download link valid PRINT_LINK_SECONDS.
 */
import { presignDownload, putFile } from '../adapters/s3/files';
import { clock } from '../lib/clock';

export const PRINT_LINK_SECONDS = 15 * 60;

export async function storePrintFile(batchId: string, fileName: string, csv: string): Promise<string> {
  const key = `card-batches/${batchId}/${fileName}`;
  await putFile(key, csv, 'text/csv; charset=utf-8');
  return key;
}

export async function printFileLink(key: string, fileName: string): Promise<{ url: string; expiresAt: string }> {
  const url = await presignDownload(key, PRINT_LINK_SECONDS, fileName);
  return { url, expiresAt: new Date(clock.now().getTime() + PRINT_LINK_SECONDS * 1000).toISOString() };
}
