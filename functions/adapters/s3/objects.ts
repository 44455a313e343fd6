/**
 * Objects of the analytics files (issue 18: member facts as Parquet, manifests) in the files bucket: write,
 * read, list a prefix and delete. Locally the endpoint is s3rver, as for the other files.
 */
import { createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
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
      ...(endpoint ? { endpoint, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } } : {}),
      maxAttempts: 3,
    });
    clients.set(cacheKey, client);
  }
  return { client, bucket };
}

/** The bucket the analytics files live in (Athena's table LOCATION is s3://<bucket>/analytics/...). */
export const analyticsBucket = () => s3().bucket;

export interface StoredObject {
  key: string;
  etag: string;
  size: number;
  lastModified: number;
}

export async function putObject(key: string, body: Uint8Array | string, contentType: string): Promise<void> {
  const { client, bucket } = s3();
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
}

/** A small object's text, or null when there is none. */
export async function getText(key: string): Promise<string | null> {
  const { client, bucket } = s3();
  try {
    const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return await res.Body!.transformToString('utf8');
  } catch (e) {
    const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 404 || (e as { name?: string }).name === 'NoSuchKey') return null;
    throw e;
  }
}

/** Downloads an object to a local file (written beside it, then renamed: a reader never sees half a file). */
export async function downloadTo(key: string, path: string): Promise<void> {
  const { client, bucket } = s3();
  const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const part = `${path}.${process.pid}.${Date.now()}.part`;
  await pipeline(res.Body as Readable, createWriteStream(part));
  await rename(part, path);
}

/** Every object under a prefix (paged by 1,000). */
export async function listObjects(prefix: string): Promise<StoredObject[]> {
  const { client, bucket } = s3();
  const out: StoredObject[] = [];
  let token: string | undefined;
  do {
    const res = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const o of res.Contents ?? []) {
      if (!o.Key) continue;
      out.push({ key: o.Key, etag: (o.ETag ?? '').replace(/"/g, ''), size: o.Size ?? 0, lastModified: o.LastModified?.getTime() ?? 0 });
    }
    token = res.IsTruncated ? res.NextContinuationToken : undefined;
  } while (token);
  return out;
}

/** Deletes objects, 1,000 per request. */
export async function deleteObjects(keys: readonly string[]): Promise<void> {
  const { client, bucket } = s3();
  for (let i = 0; i < keys.length; i += 1000) {
    const chunk = keys.slice(i, i + 1000);
    await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: chunk.map((Key) => ({ Key })), Quiet: true } }));
  }
}
