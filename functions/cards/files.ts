/**
 * Where print files are kept. Placeholder until the S3 adapter (functions/adapters/s3) lands: no file
 * store, so the CSV comes back once from the create route.
 */
export async function storePrintFile(_batchId: string, _fileName: string, _csv: string): Promise<string | null> {
  return null;
}

export async function printFileLink(key: string, _fileName: string): Promise<{ url: string; expiresAt: string }> {
  throw new Error(`no file store for ${key}`);
}
