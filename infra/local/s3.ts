import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutBucketCorsCommand, S3Client } from '@aws-sdk/client-s3';
import { freePort } from './dynamo';

/** s3rver's built-in account: it checks request signatures against these. */
export const LOCAL_S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface S3Local {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * A real S3-compatible HTTP server (s3rver) on 127.0.0.1: presigned PUT and GET, multipart, CORS, exactly
 * the calls the handlers make in AWS. `dataDir` keeps objects on disk (npm start); null uses a temporary
 * directory removed on stop (tests, benches).
 */
export async function startS3Local(opts: { port?: number; dataDir?: string | null } = {}): Promise<S3Local> {
  // Loaded here: s3rver is a development dependency and never part of a Lambda bundle.
  const { default: S3rver } = await import('s3rver');
  const port = opts.port || (await freePort());
  const directory = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'huiyuan-s3-'));
  mkdirSync(directory, { recursive: true });
  const server = new S3rver({ address: '127.0.0.1', port, silent: true, directory });
  await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: async () => {
      await server.close().catch(() => {});
      if (!opts.dataDir) rmSync(directory, { recursive: true, force: true });
    },
  };
}

/**
 * Creates the files bucket if it is missing, with the CORS rule the H5 page needs to PUT to a presigned
 * URL (in AWS the bucket and its CORS come from serverless.yml).
 */
export async function ensureBucket(endpoint: string, bucket: string): Promise<void> {
  const s3 = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: LOCAL_S3_CREDENTIALS });
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (e) {
    const name = (e as { name?: string }).name;
    if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw e;
  }
  await s3.send(
    new PutBucketCorsCommand({
      Bucket: bucket,
      CORSConfiguration: {
        CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET', 'PUT', 'HEAD'], AllowedHeaders: ['*'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 600 }],
      },
    }),
  );
  s3.destroy();
}

/**
 * The same server in a child process (benches that measure this process's memory: s3rver's buffers are
 * then not counted as ours). Ends with this process.
 */
export async function startS3LocalProcess(): Promise<S3Local> {
  const { spawn } = await import('node:child_process');
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 's3-process.ts'), String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('s3rver child did not start within 30 s')), 30_000);
    child.once('exit', (code) => reject(new Error(`s3rver child exited with ${code}`)));
    child.stdout!.on('data', (b: Buffer) => {
      if (b.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  process.once('exit', () => child.kill());
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}
