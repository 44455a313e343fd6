export default async function globalTeardown() {
  const dynamo = (globalThis as { __HUIYUAN_DYNAMO__?: { stop(): Promise<void> } }).__HUIYUAN_DYNAMO__;
  await dynamo?.stop();
  const s3 = (globalThis as { __HUIYUAN_S3__?: { stop(): Promise<void> } }).__HUIYUAN_S3__;
  await s3?.stop();
}
