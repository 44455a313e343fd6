export default async function globalTeardown() {
  const dynamo = (globalThis as { __HUIYUAN_DYNAMO__?: { stop(): Promise<void> } }).__HUIYUAN_DYNAMO__;
  await dynamo?.stop();
}
