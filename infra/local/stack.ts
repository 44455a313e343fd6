import { join } from 'node:path';
import { startWeChatStandIn } from '../wechat-standin/server';
import { startApiServer } from './api-gateway';
import { ensureTable, freePort, startDynamoLocal } from './dynamo';
import { ensureBucket, startS3Local } from './s3';
import { generateLocalPayKeys, localNotifyUrl, payBackendEnv } from './pay-keys';
import { seedDemoBrand } from './seed';
import { startH5Server } from './static-h5';
import { installLocalWorkers } from './workers';
import { startStreamPoller } from './streams';
import { config } from '../../functions/lib/config';

const ROOT = join(__dirname, '..', '..');

export interface StackOptions {
  /** 0 = a free port. */
  apiPort: number;
  h5Port: number;
  standInPort: number;
  dynamoPort: number;
  /** Where DynamoDB Local keeps its files; null = in memory. */
  dataDir: string | null;
  /** The local S3 server's port (0 or unset = a free port) and where it keeps objects (unset = a temporary directory). */
  s3Port?: number;
  s3DataDir?: string | null;
  tableName?: string;
  serveH5?: boolean;
  log?: (line: string) => void;
}

export interface Stack {
  urls: { api: string; h5: string | null; wechat: string; dynamodb: string; s3: string };
  bucket: string;
  tableName: string;
  stop(): Promise<void>;
}

export const LOCAL_APPID = 'wx-demo-appid';
export const LOCAL_SECRET = 'demo-secret';

/**
 * The whole local stack in one process: DynamoDB Local, the table from infra/table.yml, the WeChat
 * stand-in, the API (serverless.yml's routes over the real handlers), the H5 build, the demo brand.
 * The handlers read their configuration from process.env, exactly as in Lambda.
 */
export async function startLocalStack(o: StackOptions): Promise<Stack> {
  const log = o.log ?? (() => {});
  const tableName = o.tableName ?? 'huiyuan-local';
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => {});
  };
  try {
    const dynamo = await startDynamoLocal({ port: o.dynamoPort || (await freePort()), dataDir: o.dataDir });
    stops.push(dynamo.stop);
    log(`DynamoDB Local on ${dynamo.endpoint}${o.dataDir ? ` (data in ${o.dataDir})` : ' (in memory)'}`);
    const s3 = await startS3Local({ port: o.s3Port || 0, dataDir: o.s3DataDir ?? null });
    stops.push(s3.stop);
    const bucket = `${tableName}-files`;
    await ensureBucket(s3.endpoint, bucket);
    log(`S3 (s3rver) on ${s3.endpoint}, bucket ${bucket}`);
    // WeChat Pay keys: fresh for every start, shared between the stand-in and the backend's env.
    const payKeys = await generateLocalPayKeys();
    const standIn = await startWeChatStandIn({ port: o.standInPort, host: '0.0.0.0', appid: LOCAL_APPID, secret: LOCAL_SECRET, payKeys });
    stops.push(standIn.close);

    Object.assign(process.env, {
      TABLE_NAME: tableName,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      S3_ENDPOINT: s3.endpoint,
      FILES_BUCKET: bucket,
      AWS_REGION: process.env.AWS_REGION || 'cn-north-1',
      WECHAT_API_BASE: standIn.url,
      WECHAT_APPID: LOCAL_APPID,
      WECHAT_SECRET: LOCAL_SECRET,
      SESSION_SECRET: process.env.SESSION_SECRET || 'huiyuan-local-development-only-signing-key',
      BRAND_TIME_ZONE: 'Asia/Shanghai',
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL || 'WARN',
      // The notify URL is set again below once the API's port is known.
      ...payBackendEnv(payKeys, { apiBase: standIn.url, notifyUrl: localNotifyUrl(`http://127.0.0.1:${o.apiPort || 3000}`) }),
    });
    installLocalWorkers();
    const created = await ensureTable(dynamo.endpoint, tableName);
    log(`table ${tableName} ${created}`);
    const seeded = await seedDemoBrand();
    log(`demo brand: ${seeded.written ? `${seeded.written} items written` : 'already present'}`);
    // The table's stream to its consumer (daily figures, repurchase intervals, incremental facts), every second.
    const stopPoller = startStreamPoller(Number(process.env.STREAM_POLL_MS || 1000), log);
    stops.push(async () => stopPoller());

    const api = await startApiServer({ port: o.apiPort, log: process.env.HUIYUAN_LOG_REQUESTS ? log : undefined });
    stops.push(api.close);
    // WeChat's message push (消息推送) goes to our push URL, signed with the same Token the API checks.
    standIn.push.url = `${api.url}/wechat/push`;
    standIn.push.token = config().wechat.pushToken;
    // WeChat Pay notifications (payments and refunds) go to the local API gateway.
    process.env.WECHATPAY_NOTIFY_URL = localNotifyUrl(api.url);
    let h5Url: string | null = null;
    if (o.serveH5 !== false) {
      const h5 = await startH5Server({
        port: o.h5Port,
        dir: join(ROOT, 'miniapp', 'dist', 'h5'),
        runtime: { apiBase: api.url, wechatStandIn: standIn.url },
      });
      stops.push(h5.close);
      h5Url = h5.url;
      // The API answers CORS for the H5 build's origin only (issue 20), by either loopback name.
      const port = new URL(h5.url).port;
      api.allowOrigins([`http://localhost:${port}`, `http://127.0.0.1:${port}`]);
    }
    return { urls: { api: api.url, h5: h5Url, wechat: standIn.url, dynamodb: dynamo.endpoint, s3: s3.endpoint }, tableName, bucket, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
