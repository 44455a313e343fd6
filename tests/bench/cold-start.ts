/**
 * `npm run bench -- cold-start`: the module-init time of each function bundle that `npm run package`
 * produces, against a bundle holding only the DynamoDB document client, in the same run.
 *
 * Each zip from `serverless package` is extracted; each distinct bundle is then required in a fresh
 * Node process (what Lambda's init phase does with the handler file) and the time of that require is
 * taken, alternated with the bare bundle so that the machine's load hits both alike, for several
 * rounds; the figures are medians. The bare bundle is built with serverless.yml's esbuild settings
 * (bundled, minified, target node20, `@aws-sdk/*` left out and resolved from node_modules as the
 * Lambda runtime would); it imports the document client and builds it on first call, as our adapter does.
 * (No DynamoDB is involved.)
 *
 * COLD_START_ROUNDS (default 7) sets the rounds; COLD_START_PACKAGE_DIR reuses the zips of an earlier
 * `serverless package --package DIR` instead of packaging again.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { load } from 'js-yaml';
import JSZip from 'jszip';
import { ROOT, packageFunctions } from '../build/measure';

const PROBE = `
const file = process.argv[1];
const t0 = process.hrtime.bigint();
require(file);
const t1 = process.hrtime.bigint();
process.stdout.write(String(Number(t1 - t0) / 1e6));
`;

const BARE = `
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

let client: DynamoDBDocumentClient | undefined;
export const handler = async () => {
  client ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
  return { statusCode: 200, body: '' };
};
`;

interface Sls {
  functions: Record<string, { handler: string }>;
  custom: { esbuild: { target: string; platform: 'node'; minify: boolean; exclude: string[] } };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Milliseconds of `require(file)` in a fresh Node process. */
function initMs(dir: string, file: string): number {
  const out = execFileSync(process.execPath, ['-e', PROBE, file], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, AWS_REGION: 'cn-north-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } as Record<string, string | undefined> as NodeJS.ProcessEnv,
  });
  return Number(out);
}

async function unzipTo(zipFile: string, dir: string) {
  const zip = await JSZip.loadAsync(readFileSync(zipFile));
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    const target = join(dir, entry.name);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, await entry.async('nodebuffer'));
  }
}

export async function main() {
  const rounds = Number(process.env.COLD_START_ROUNDS || 7);
  const sls = load(readFileSync(join(ROOT, 'serverless.yml'), 'utf8')) as Sls;
  const work = mkdtempSync(join(tmpdir(), 'huiyuan-cold-'));
  // Bundles require '@aws-sdk/*' as the Lambda runtime provides it: here from the project's node_modules.
  symlinkSync(join(ROOT, 'node_modules'), join(work, 'node_modules'), 'dir');

  let packageDir = process.env.COLD_START_PACKAGE_DIR;
  if (!packageDir) {
    console.log('packaging (serverless package)…');
    packageDir = packageFunctions().dir;
  }
  try {
    return await measure(sls, work, packageDir, rounds);
  } finally {
    rmSync(work, { recursive: true, force: true });
    if (!process.env.COLD_START_PACKAGE_DIR) rmSync(packageDir, { recursive: true, force: true });
  }
}

async function measure(sls: Sls, work: string, packageDir: string, rounds: number) {

  // One entry per distinct bundle: functions sharing a handler file share a zip's content.
  const bundles = new Map<string, { file: string; functions: string[]; zipKB: number }>();
  const bundleOf: Record<string, string> = {};
  for (const [fn, def] of Object.entries(sls.functions)) {
    const zipFile = join(packageDir, `${fn}.zip`);
    const bytes = readFileSync(zipFile);
    const handlerFile = def.handler.slice(0, def.handler.lastIndexOf('.'));
    const key = `${createHash('sha256').update(bytes).digest('hex')}:${handlerFile}`;
    bundleOf[fn] = key;
    const known = bundles.get(key);
    if (known) {
      known.functions.push(fn);
      continue;
    }
    const dir = join(work, 'fn', fn);
    await unzipTo(zipFile, dir);
    bundles.set(key, { file: join(dir, `${handlerFile}.js`), functions: [fn], zipKB: bytes.length / 1024 });
  }

  const es = sls.custom.esbuild;
  writeFileSync(join(work, 'bare.ts'), BARE);
  await build({
    entryPoints: [join(work, 'bare.ts')],
    outfile: join(work, 'bare', 'bare.js'),
    bundle: true,
    minify: es.minify,
    sourcemap: false,
    target: es.target,
    platform: es.platform,
    external: es.exclude,
    logLevel: 'silent',
  });
  const bareFile = join(work, 'bare', 'bare.js');

  // Warm the file cache, then alternate: the bare bundle, one function bundle, the bare bundle, …
  initMs(work, bareFile);
  for (const b of bundles.values()) initMs(work, b.file);
  const bare: number[] = [];
  const ours = new Map<string, number[]>([...bundles.keys()].map((k) => [k, []]));
  for (let r = 0; r < rounds; r++) {
    for (const [key, b] of bundles) {
      bare.push(initMs(work, bareFile));
      ours.get(key)!.push(initMs(work, b.file));
    }
    process.stdout.write(`round ${r + 1}/${rounds}\n`);
  }

  const bareInitMs = Number(median(bare).toFixed(1));
  const rows = Object.keys(sls.functions).map((fn) => {
    const b = bundles.get(bundleOf[fn]!)!;
    const ms = median(ours.get(bundleOf[fn]!)!);
    return { fn, zipKB: b.zipKB, ms: Number(ms.toFixed(1)), ratio: Number((ms / median(bare)).toFixed(2)) };
  });
  const w = Math.max(...rows.map((r) => r.fn.length), 'function'.length);
  console.log(`${'function'.padEnd(w)}  zip KB  init ms  ratio`);
  for (const r of rows) {
    console.log(`${r.fn.padEnd(w)}  ${r.zipKB.toFixed(1).padStart(6)}  ${r.ms.toFixed(1).padStart(7)}  ${r.ratio.toFixed(2).padStart(5)}`);
  }
  console.log(`${'bare (document client only)'.padEnd(w)}  ${''.padStart(6)}  ${bareInitMs.toFixed(1).padStart(7)}  1.00`);
  const checkout = rows.find((r) => r.fn === 'checkout')!;
  const worst = rows.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  console.log(`median of ${rounds} rounds; checkout ${checkout.ms} ms vs bare ${bareInitMs} ms: ratio ${checkout.ratio}; worst ${worst.fn} ${worst.ratio}`);
  return {
    bench: 'cold-start',
    rounds,
    checkoutInitMs: checkout.ms,
    bareInitMs,
    ratio: checkout.ratio,
    worstFunction: worst.fn,
    worstRatio: worst.ratio,
    functions: Object.fromEntries(rows.map((r) => [r.fn, { initMs: r.ms, ratio: r.ratio }])),
  };
}
