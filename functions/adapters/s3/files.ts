/**
 * Files in S3 (imports, exports, members' data copies): the one place that talks to S3. Uploads and
 * downloads by people go through presigned URLs, so a file's bytes never pass through an API Lambda.
 * Locally the endpoint is s3rver (infra/local/s3.ts); in AWS it is unset and the bucket comes from
 * serverless.yml.
 */
import type { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { config } from '../../lib/config';

const clients = new Map<string, S3Client>();

function s3(): { client: S3Client; bucket: string } {
  const c = config();
  const { bucket, endpoint } = c.files;
  const cacheKey = `${endpoint ?? 'aws'}|${c.region}`;
  let client = clients.get(cacheKey);
  if (!client) {
    client = new S3Client({
      region: c.region,
      ...(endpoint
        ? { endpoint, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } }
        : {}),
      maxAttempts: 3,
    });
    clients.set(cacheKey, client);
  }
  return { client, bucket };
}

/** Writes a whole object (exports, error files, data copies). */
export async function putFile(key: string, body: string | Uint8Array | Buffer | Readable, contentType: string): Promise<void> {
  const { client, bucket } = s3();
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
}

/** An object's bytes as a stream (the import job reads uploads this way, never whole into memory). */
export async function readFileStream(key: string): Promise<Readable> {
  const { client, bucket } = s3();
  const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return res.Body as Readable;
}

/** An object's bytes, for small files (a preview's first rows, a test). */
export async function readFile(key: string): Promise<Buffer> {
  const stream = await readFileStream(key);
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}

/** The object's size, or null when it does not exist (an upload that never happened). */
export async function fileSize(key: string): Promise<number | null> {
  const { client, bucket } = s3();
  try {
    const res = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return res.ContentLength ?? 0;
  } catch (e) {
    const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 404 || (e as { name?: string }).name === 'NotFound') return null;
    throw e;
  }
}

const presigner = () => import('@aws-sdk/s3-request-presigner');

/** A URL the browser PUTs the file to (with this content type), valid `ttlSeconds`. */
export async function presignUpload(key: string, contentType: string, ttlSeconds = 900): Promise<string> {
  const { client, bucket } = s3();
  const { getSignedUrl } = await presigner();
  return getSignedUrl(client, new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: contentType }), { expiresIn: ttlSeconds });
}

/** A download URL valid `ttlSeconds` (at most 7 days, S3's limit), saved under `fileName` when given. */
export async function presignDownload(key: string, ttlSeconds: number, fileName?: string): Promise<string> {
  const { client, bucket } = s3();
  const { getSignedUrl } = await presigner();
  const disposition = fileName ? `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}` : undefined;
  return getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: key, ResponseContentDisposition: disposition }), {
    expiresIn: Math.min(ttlSeconds, 7 * 24 * 3600),
  });
}
