/**
 * What other capabilities may ask of WeChat itself: a printed mini-program code (小程序码) for a poster. The code
 * is made once per page and scene (WeChat's getwxacodeunlimit: permanent, unlimited in number, 5,000 a minute)
 * and kept in S3 under a key derived from them; later asks answer a fresh link to the same image.
 */
import { createHash } from 'node:crypto';
import { fileSize, presignDownload, putFile } from '../adapters/s3/files';
import { wechat } from '../adapters/wechat/client';

/** A link to a poster code's image lives an hour: the page shows or saves it at once. */
const LINK_SECONDS = 3600;

/** Which version of the mini-program the codes open: `release` in production; trial and develop skip the page check. */
const envVersion = (): 'release' | 'trial' | 'develop' => {
  const v = process.env.WXACODE_ENV_VERSION;
  return v === 'trial' || v === 'develop' ? v : 'release';
};

export async function posterCode(p: { page: string; scene: string }): Promise<{ url: string; page: string; scene: string; expiresAt: string }> {
  const env = envVersion();
  const key = `wxacodes/${createHash('sha256').update(`${env}\n${p.page}\n${p.scene}`).digest('hex').slice(0, 40)}.png`;
  if ((await fileSize(key)) === null) {
    const { image, contentType } = await wechat.getUnlimitedCode({ scene: p.scene, page: p.page, width: 430, envVersion: env, checkPath: env === 'release' });
    await putFile(key, image, contentType);
  }
  const url = await presignDownload(key, LINK_SECONDS);
  return { url, page: p.page, scene: p.scene, expiresAt: new Date(Date.now() + LINK_SECONDS * 1000).toISOString() };
}
