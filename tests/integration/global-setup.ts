import { startDynamoLocal } from '../../infra/local/dynamo';
import { generateLocalPayKeys, exportPayKeys } from '../../infra/local/pay-keys';
import { startS3Local } from '../../infra/local/s3';

/**
 * One DynamoDB Local (Amazon's engine, in memory, on a free port) for the whole integration run.
 * Each test file creates its own table in it (see support.ts), so files never see each other's data.
 */
export default async function globalSetup() {
  const dynamo = await startDynamoLocal({ dataDir: null });
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  // Limits per caller (issue 20) ×50: test members do in seconds what a person does in a month. The limits'
  // own test (quotas.test.ts) sets 1.
  process.env.QUOTA_SCALE = '50';
  (globalThis as { __HUIYUAN_DYNAMO__?: typeof dynamo }).__HUIYUAN_DYNAMO__ = dynamo;
  // One S3-compatible server (s3rver) too; each test file makes its own bucket (support.ts).
  const s3 = await startS3Local({});
  process.env.S3_ENDPOINT = s3.endpoint;
  (globalThis as { __HUIYUAN_S3__?: typeof s3 }).__HUIYUAN_S3__ = s3;
  // WeChat Pay keys for the whole run (fresh, never written): every file's stand-in and backend share them
  // (support.ts points WECHATPAY_API_BASE at the file's own stand-in).
  exportPayKeys(await generateLocalPayKeys(), { apiBase: 'http://127.0.0.1:1', notifyUrl: 'http://127.0.0.1:1/pay/wechat/notify' });
}
