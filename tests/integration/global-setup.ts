import { startDynamoLocal } from '../../infra/local/dynamo';

/**
 * One DynamoDB Local (Amazon's engine, in memory, on a free port) for the whole integration run.
 * Each test file creates its own table in it (see support.ts), so files never see each other's data.
 */
export default async function globalSetup() {
  const dynamo = await startDynamoLocal({ dataDir: null });
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  (globalThis as { __HUIYUAN_DYNAMO__?: typeof dynamo }).__HUIYUAN_DYNAMO__ = dynamo;
}
