/**
 * `npm run bench -- import`: 100,000 generated member rows (a GBK CSV, as Excel in China saves it)
 * through the real job path: the admin routes ask for an upload, the file is PUT to a presigned URL of
 * a real S3-compatible server (s3rver), previewed, started; the worker (in-process, as the local
 * stack runs it) streams it from S3 and writes the members into DynamoDB Local, checkpointing per chunk.
 *
 * Measured in one run:
 *   rows, seconds, rowsPerSec   the job, from start to done (the row count pass included)
 *   peakMB                      the process's peak RSS while the job runs (sampled every 50 ms; goal ≤ 256;
 *                               s3rver and DynamoDB Local run in their own processes)
 *   peakHeapMB                  the V8 heap's peak in the same samples
 *   itemsWrittenPerRow          table items after / before, per row (index entries not counted)
 *   bareItemsPerSec, bareRowsPerSec   the same items written with bare BatchWriteItem (25 a request,
 *                               the same parallelism), no reads, no conditions: the floor of the writes
 *   bareTxRowsPerSec            the same items in bare TransactWriteItems of the same group sizes (what
 *                               the job needs for its conditional writes), no reads, no parsing
 *   ratio, ratioTx              rowsPerSec / bareRowsPerSec and rowsPerSec / bareTxRowsPerSec
 * BENCH_ROWS changes the row count; BENCH_BARE_ROWS the rows of the bare runs (default 20,000).
 */
import { ScanCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import iconv from 'iconv-lite';
import { db } from '../../functions/adapters/dynamo/client';
import { handler as importsHandler } from '../../functions/imports/http';
import { drainBackground } from '../../functions/lib/background';
import { signSession } from '../../functions/lib/session';
import { buildHttpEvent } from '../../infra/local/api-gateway';
import { ensureBucket, startS3LocalProcess } from '../../infra/local/s3';
import { installLocalWorkers } from '../../infra/local/workers';
import { batchWriteAll } from '../table';
import { benchWorld } from './harness';

const ROWS = Number(process.env.BENCH_ROWS || 100_000);
const BARE_ROWS = Number(process.env.BENCH_BARE_ROWS || 20_000);
const SURNAMES = '王李张刘陈杨黄赵吴周孙马朱胡郭何高林罗郑';
const GIVEN = ['芳', '娜', '敏', '静', '丽', '强', '磊', '洋', '艳', '军', '秀英', '桂兰', '建华', '志强'];

function csvOf(rows: number): Buffer {
  const lines = ['手机号,姓名,性别,生日,门店,等级,积分,卡号'];
  for (let i = 0; i < rows; i++) {
    const phone = `13${String(100_000_000 + i * 13).slice(-9)}`;
    const birthday = i % 5 === 0 ? '' : `19${60 + (i % 40)}/${(i % 12) + 1}/${(i % 28) + 1}`;
    lines.push([phone, `${SURNAMES[i % 20]}${GIVEN[i % 14]}`, i % 3 ? '女' : '男', birthday, i % 7 ? 'S001' : '', ['', '银卡会员', 'GOLD', ''][i % 4], i % 4 ? String((i * 37) % 20_000) : '0', i % 10 === 0 ? `HY${9_000_000 + i}` : ''].join(','));
  }
  return iconv.encode(lines.join('\r\n') + '\r\n', 'gbk');
}

async function countItems(): Promise<number> {
  const { client, table } = db();
  let n = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const r = await client.send(new ScanCommand({ TableName: table, Select: 'COUNT', ExclusiveStartKey: start }));
    n += r.Count ?? 0;
    start = r.LastEvaluatedKey;
  } while (start);
  return n;
}

/** Items shaped like the job's for one created row (phone, profile, points, ledger entry), under BARE# keys. */
function bareItems(i: number, at: string): Record<string, unknown>[] {
  const id = `BARE#${String(i).padStart(8, '0')}`;
  const phone = `19${String(100_000_000 + i).slice(-9)}`;
  return [
    { PK: `BAREPHONE#${phone}`, SK: 'PHONE', memberId: id, createdAt: at },
    { PK: id, SK: 'PROFILE', memberId: id, phone, name: '王芳', gender: 'female', birthday: '1990-01-02', tierCode: 'SILVER', tierSince: at.slice(0, 10), qualifying: {}, qrev: 0, familyRole: 'none', familyCount: 0, consentAt: at, createdAt: at, source: 'import', registrationStoreId: 'S001', importedBy: { importId: 'imp_bare', row: i }, GSI2PK: `BAREMEMBERS#${i % 16}`, GSI2SK: id },
    { PK: id, SK: 'POINTS', memberId: id, buckets: [{ expiresOn: '2027-12-31', availableOn: at.slice(0, 10), points: 1234 }], debt: 0, balance: 1234, rev: 1, earnedTotal: 0, updatedAt: at },
    { PK: id, SK: `LEDGER#${at}#0abc`, entryId: '0abc', memberId: id, type: 'adjust', points: 1234, balanceAfter: 1234, createdAt: at, description: '期初积分导入', source: { kind: 'import', id: 'imp_bare' }, note: `导入第 ${i} 行` },
  ];
}

export async function main() {
  const { dynamo } = await benchWorld();
  const s3 = await startS3LocalProcess();
  process.env.S3_ENDPOINT = s3.endpoint;
  process.env.FILES_BUCKET = 'bench-files';
  await ensureBucket(s3.endpoint, 'bench-files');
  installLocalWorkers();
  try {
    const { token } = await signSession({ openid: 'demo-admin', memberId: null, roles: ['admin'], storeId: null }, process.env.SESSION_SECRET!, 3600);
    const api = async (method: string, path: string, body?: unknown) => {
      const r = (await importsHandler(buildHttpEvent({ method, path, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? null : JSON.stringify(body) }))) as { statusCode: number; body: string };
      if (r.statusCode !== 200) throw new Error(`${method} ${path}: ${r.statusCode} ${r.body}`);
      return JSON.parse(r.body);
    };

    const file = csvOf(ROWS);
    console.log(`generated ${ROWS} rows, ${(file.length / 1024 / 1024).toFixed(1)} MB of GBK CSV`);
    const up = await api('POST', '/admin/imports', { fileName: 'bench.csv', format: 'csv' });
    const put = await fetch(up.uploadUrl, { method: 'PUT', headers: { 'content-type': up.contentType }, body: new Uint8Array(file) });
    if (put.status !== 200) throw new Error(`upload: ${put.status}`);
    const preview = await api('GET', `/admin/imports/${up.importId}/preview`);
    console.log(`preview: ${preview.encoding}, mapping ${JSON.stringify(preview.mapping)}`);

    const itemsBefore = await countItems();
    // Memory while the job runs: the upload buffer is dropped first so it does not count.
    (file as unknown as { fill: (n: number) => void }).fill(0);
    global.gc?.();
    const base = process.memoryUsage();
    let peakRss = base.rss;
    let peakHeap = base.heapUsed;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }, 50);
    const t0 = process.hrtime.bigint();
    await api('POST', `/admin/imports/${up.importId}/start`, { mapping: preview.mapping });
    let last = '';
    const progress = setInterval(() => {
      api('GET', `/admin/imports/${up.importId}`)
        .then((s) => {
          const line = `  ${s.counts.processed}/${s.counts.total ?? '?'} processed, ${s.counts.created} created, ${s.counts.failed} failed`;
          if (line !== last) console.log(line);
          last = line;
        })
        .catch(() => {});
    }, 10_000);
    await drainBackground();
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    clearInterval(sampler);
    clearInterval(progress);
    const status = await api('GET', `/admin/imports/${up.importId}`);
    if (status.state !== 'done' || status.counts.created !== ROWS) throw new Error(`import ended ${status.state}: ${JSON.stringify(status.counts)}`);
    const written = (await countItems()) - itemsBefore;
    const rowsPerSec = ROWS / seconds;
    console.log(`import: ${ROWS} rows in ${seconds.toFixed(1)} s = ${rowsPerSec.toFixed(0)} rows/s; peak RSS ${(peakRss / 1048576).toFixed(0)} MB (before the job ${(base.rss / 1048576).toFixed(0)} MB), peak heap ${(peakHeap / 1048576).toFixed(0)} MB; ${written} items (${(written / ROWS).toFixed(2)} per row)`);

    // The same items, bare: BatchWriteItem (no conditions), then TransactWriteItems in groups as the job packs them.
    const at = new Date().toISOString();
    const items = Array.from({ length: BARE_ROWS }, (_, i) => bareItems(i, at)).flat();
    const tb = process.hrtime.bigint();
    await batchWriteAll(items, 4);
    const bareSeconds = Number(process.hrtime.bigint() - tb) / 1e9;
    const perGroup = 25; // 4 items a row: 100 items a transaction
    const { client, table } = db();
    const txItems = Array.from({ length: BARE_ROWS }, (_, i) => bareItems(BARE_ROWS + i, at));
    const groups: Record<string, unknown>[][][] = [];
    for (let i = 0; i < txItems.length; i += perGroup) groups.push(txItems.slice(i, i + perGroup));
    let next = 0;
    const tt = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < groups.length) {
          const g = groups[next++]!;
          await client.send(new TransactWriteCommand({ TransactItems: g.flat().map((Item) => ({ Put: { TableName: table, Item, ConditionExpression: 'attribute_not_exists(PK)' } })) }));
        }
      }),
    );
    const txSeconds = Number(process.hrtime.bigint() - tt) / 1e9;
    const bareRowsPerSec = BARE_ROWS / bareSeconds;
    const bareTxRowsPerSec = BARE_ROWS / txSeconds;
    console.log(`bare BatchWriteItem: ${BARE_ROWS} rows (${items.length} items) in ${bareSeconds.toFixed(1)} s = ${bareRowsPerSec.toFixed(0)} rows/s`);
    console.log(`bare TransactWriteItems (25 rows a transaction): ${BARE_ROWS} rows in ${txSeconds.toFixed(1)} s = ${bareTxRowsPerSec.toFixed(0)} rows/s`);
    return {
      bench: 'import',
      rows: ROWS,
      seconds: Number(seconds.toFixed(1)),
      rowsPerSec: Math.round(rowsPerSec),
      peakMB: Math.round(peakRss / 1048576),
      peakHeapMB: Math.round(peakHeap / 1048576),
      itemsWrittenPerRow: Number((written / ROWS).toFixed(2)),
      bareRows: BARE_ROWS,
      bareItemsPerSec: Math.round(items.length / bareSeconds),
      bareRowsPerSec: Math.round(bareRowsPerSec),
      bareTxRowsPerSec: Math.round(bareTxRowsPerSec),
      ratio: Number((rowsPerSec / bareRowsPerSec).toFixed(2)),
      ratioTx: Number((rowsPerSec / bareTxRowsPerSec).toFixed(2)),
    };
  } finally {
    await s3.stop();
    await dynamo.stop();
  }
}
