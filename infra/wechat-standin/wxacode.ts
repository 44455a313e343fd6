/**
 * 获取不限制的小程序码 as the stand-in answers it: `POST /wxa/getwxacodeunlimit?access_token=` with a JSON body
 * {scene, page?, check_path?, env_version?, width?, ...}. Success is the image itself (binary, image/png here);
 * a failure is WeChat's JSON {errcode, errmsg}. WeChat draws a round mini-program code; the stand-in draws an
 * ordinary QR (qrcode-generator) carrying `wxacode:<env>:<page>?scene=<scene>`, so a test can read back what
 * a code was made for, and remembers each code made (`GET /__dev/wxacodes`).
 */
import { deflateSync } from 'node:zlib';
import qrcode from 'qrcode-generator';

/** A code the stand-in made. */
export interface MadeWxaCode {
  scene: string;
  page: string;
  envVersion: string;
  width: number;
  at: number;
}

/** Visible characters a scene may hold (WeChat: digits, letters and !#$&'()*+,/:;=?@-._~), 1 to 32 of them. */
const SCENE = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/;
/** A page path as WeChat takes it: no leading slash, no query. */
const PAGE = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;

export const WXACODE_ERR = {
  badScene: { errcode: 40169, errmsg: 'invalid length for scene, or the data is not json string' },
  badPage: { errcode: 41030, errmsg: 'invalid page rid' },
  badEnv: { errcode: 40097, errmsg: 'invalid args' },
};

export type WxaCodeAnswer = { image: Buffer; made: MadeWxaCode } | { error: { errcode: number; errmsg: string } };

/**
 * Checks a request as WeChat does and makes the image. `pages`: the mini-program's pages; with check_path
 * (the default) the page must be one of them (WeChat: a page of the released version), else 41030.
 */
export function makeWxaCode(body: Record<string, unknown>, pages: ReadonlySet<string> | null, now: number): WxaCodeAnswer {
  const scene = body.scene;
  if (typeof scene !== 'string' || !SCENE.test(scene)) return { error: WXACODE_ERR.badScene };
  const page = body.page === undefined ? 'pages/index/index' : body.page;
  if (typeof page !== 'string' || !PAGE.test(page)) return { error: WXACODE_ERR.badPage };
  if (body.check_path !== false && pages && !pages.has(page)) return { error: WXACODE_ERR.badPage };
  const envVersion = body.env_version === undefined ? 'release' : body.env_version;
  if (envVersion !== 'release' && envVersion !== 'trial' && envVersion !== 'develop') return { error: WXACODE_ERR.badEnv };
  const asked = typeof body.width === 'number' && Number.isFinite(body.width) ? body.width : 430;
  const width = Math.min(1280, Math.max(280, Math.round(asked)));
  const made = { scene, page, envVersion, width, at: now };
  return { image: qrPng(`wxacode:${envVersion}:${page}?scene=${scene}`, width), made };
}

/** A QR of `text` as a greyscale PNG about `width` pixels wide (whole pixels per module, 4 modules of margin). */
export function qrPng(text: string, width: number): Buffer {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  const n = qr.getModuleCount();
  const modules = n + 8;
  const scale = Math.max(1, Math.floor(width / modules));
  const size = modules * scale;
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(size + 1, 0xff);
    row[0] = 0; // filter: none
    const my = Math.floor(y / scale) - 4;
    for (let x = 0; x < size; x++) {
      const mx = Math.floor(x / scale) - 4;
      if (my >= 0 && my < n && mx >= 0 && mx < n && qr.isDark(my, mx)) row[x + 1] = 0;
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
