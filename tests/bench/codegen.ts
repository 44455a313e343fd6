/**
 * `npm run bench -- codegen`: a batch of 100,000 product codes. Creating it writes a handful of
 * items (the batch, its scan shards, the audit entry), never one per code; the export then computes
 * every code and URL page by page through the admin route's handler and streams them to a file.
 * Figures: codes, seconds (create + export), peakMB (the process's resident memory above what it
 * used just before), itemsWritten, and the pure generator's rate.
 */
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { grantRole } from '../../functions/adapters/dynamo/identity-repo';
import { signSession } from '../../functions/lib/session';
import { handler as productsHandler } from '../../functions/products/http';
import { codeMac } from '../../functions/products/products';
import { buildHttpEvent } from '../../infra/local/api-gateway';
import { generateProductCodes, verifyProductCode } from '../../shared/domain/product-codes';
import { benchWorld } from './harness';
import { countItems } from '../table';

const CODES = Number(process.env.BENCH_CODES || 100_000);
const PAGE = 10_000;

async function call(token: string, method: string, path: string, body?: unknown, query?: Record<string, string>) {
  const event = buildHttpEvent({
    method,
    path,
    rawQueryString: query ? new URLSearchParams(query).toString() : '',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const r = await productsHandler(event);
  if (typeof r === 'string' || !r.statusCode || r.statusCode >= 300) throw new Error(`${method} ${path}: ${JSON.stringify(r)}`);
  return JSON.parse(r.body as string);
}

export async function main() {
  const { dynamo } = await benchWorld();
  const file = join(tmpdir(), `huiyuan-codegen-${process.pid}.csv`);
  try {
    // Admin routes read the caller's current role items (issue 16: revocation within 60 s): she holds the role.
    await grantRole('bench-admin', { role: 'admin' }, 'bench');
    const { token } = await signSession({ openid: 'bench-admin', memberId: null, roles: ['admin'], storeId: null }, process.env.SESSION_SECRET!, 3600);
    // The pure generator alone (no I/O).
    const mac = codeMac();
    const g0 = process.hrtime.bigint();
    let n = 0;
    for (const _ of generateProductCodes(mac, 1, CODES)) n++;
    const generatorSeconds = Number(process.hrtime.bigint() - g0) / 1e9;

    const before = await countItems();
    const baseRss = process.memoryUsage().rss;
    let peakRss = baseRss;
    const sample = () => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    };
    const timer = setInterval(sample, 5);
    const t0 = process.hrtime.bigint();
    const batch = await call(token, 'POST', '/admin/product-batches', {
      sku: 'SKU-BENCH-100K',
      name: '基准测试批次',
      count: CODES,
      points: null,
      warrantyMonths: 12,
      validFrom: new Date().toISOString(),
      validUntil: new Date(Date.now() + 365 * 86_400_000).toISOString(),
    });
    const created = process.hrtime.bigint();
    const out = createWriteStream(file);
    let offset: number | null = 0;
    let pages = 0;
    while (offset !== null) {
      const page: { csv: string; next: number | null } = await call(token, 'GET', `/admin/product-batches/${batch.id}/codes`, undefined, { offset: String(offset), limit: String(PAGE) });
      sample();
      if (!out.write(page.csv)) await new Promise<void>((r) => out.once('drain', () => r()));
      offset = page.next;
      pages++;
    }
    await new Promise<void>((r) => out.end(() => r()));
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    clearInterval(timer);
    sample();
    const itemsWritten = (await countItems()) - before;

    // Check the file: one line per code, all distinct, all verifying (after the measurement).
    const seen = new Set<string>();
    let lines = 0;
    let bad = 0;
    for await (const line of createInterface({ input: createReadStream(file) })) {
      if (lines++ === 0) continue;
      const code = line.split(',')[1]!;
      seen.add(code);
      if (lines % 97 === 0 && !verifyProductCode(mac, code).ok) bad++;
    }
    if (lines - 1 !== CODES || seen.size !== CODES || bad) throw new Error(`export wrong: ${lines - 1} lines, ${seen.size} distinct, ${bad} not verifying`);

    const figures = {
      bench: 'codegen',
      codes: CODES,
      seconds: Number(seconds.toFixed(2)),
      createSeconds: Number((Number(created - t0) / 1e9).toFixed(3)),
      exportPages: pages,
      peakMB: Number(((peakRss - baseRss) / 1_048_576).toFixed(1)),
      baseRssMB: Number((baseRss / 1_048_576).toFixed(1)),
      itemsWritten,
      generatorSeconds: Number(generatorSeconds.toFixed(2)),
      generatorCodesPerSec: Math.round(n / generatorSeconds),
    };
    console.log(`create batch of ${CODES}: ${figures.createSeconds} s, ${itemsWritten} items written`);
    console.log(`create + export (${pages} pages through the handler, to a file): ${figures.seconds} s, peak +${figures.peakMB} MB over ${figures.baseRssMB} MB`);
    console.log(`pure generator: ${figures.generatorCodesPerSec} codes/s`);
    return figures;
  } finally {
    rmSync(file, { force: true });
    await dynamo.stop();
  }
}
