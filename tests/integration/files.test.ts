import { fileSize, presignDownload, presignUpload, putFile, readFile } from '../../functions/adapters/s3/files';
import { setupWorld } from './support';

/**
 * Files go through a real S3-compatible server (s3rver, started by global-setup.ts): what a browser does
 * with a presigned URL (PUT an upload, GET a download) and what a job does (write, read back).
 */
let world: Awaited<ReturnType<typeof setupWorld>>;
beforeAll(async () => {
  world = await setupWorld();
});
afterAll(() => world.close());

test('a presigned upload is readable by the job; a written export downloads through a presigned link', async () => {
  const text = '手机号,姓名\n13800000001,张三\n';
  const put = await presignUpload('imports/test/upload.csv', 'text/csv', 300);
  expect(new URL(put).hostname).toBe('127.0.0.1');
  const up = await fetch(put, { method: 'PUT', headers: { 'content-type': 'text/csv' }, body: Buffer.from(text, 'utf8') });
  expect(up.status).toBe(200);
  expect((await readFile('imports/test/upload.csv')).toString('utf8')).toBe(text);
  expect(await fileSize('imports/test/upload.csv')).toBe(Buffer.byteLength(text));

  await putFile('exports/test/out.csv', '\ufeff会员,积分\n', 'text/csv; charset=utf-8');
  const get = await presignDownload('exports/test/out.csv', 24 * 3600, '会员导出.csv');
  const down = await fetch(get);
  expect(down.status).toBe(200);
  expect(Buffer.from(await down.arrayBuffer()).toString('utf8')).toBe('\ufeff会员,积分\n');
});

test('a file never uploaded has no size', async () => {
  expect(await fileSize('imports/never/there.csv')).toBeNull();
});
