import { readFileSync } from 'node:fs';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { Browser } from 'playwright-core';
import { startLocalStack, type Stack } from '../../infra/local/stack';
import { expectText, fill, launch, registerWithPhone, shot, signIn, tap } from './browser';

/**
 * The product-code journey: an admin creates a batch (points, a 24-month warranty), prints a sample
 * sheet whose QR codes hold the codes' URLs and exports the CSV; a member types a code on H5 and sees
 * the points, then her products page with the warranty's end date; a second member trying the same
 * code is told the date it was used, and her failed attempts show up among the abuse signals.
 */
let stack: Stack;
let browser: Browser;
const errors: string[] = [];

beforeAll(async () => {
  stack = await startLocalStack({ apiPort: 0, h5Port: 0, standInPort: 0, dynamoPort: 0, dataDir: null, tableName: 'huiyuan-e2e-scan' });
  browser = await launch();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const todayShanghai = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

test('a member types a product code on H5 and sees the points and the warranty on her products page', async () => {
  const h5 = stack.urls.h5!;

  // The admin: a batch of 50 codes, 20 points each, 24 months of warranty.
  const admin = await signIn(browser, h5, 'demo-admin', errors);
  await tap(admin, 'home-admin');
  await tap(admin, 'admin-link-batches');
  await admin.locator('#batch-sku').first().waitFor();
  await fill(admin, 'batch-sku', 'SKU-KETTLE-01');
  await fill(admin, 'batch-name', '智能电水壶');
  await fill(admin, 'batch-count', '50');
  await fill(admin, 'batch-points', '20');
  await fill(admin, 'batch-warranty', '24');
  await tap(admin, 'batch-submit');
  await admin.locator('#batch-created').first().waitFor();
  const batchId = (await admin.locator('#batch-created').first().getAttribute('data-batch-id'))!;
  expect(batchId).toMatch(/^\d+$/);
  await expectText(admin, `#batch-counts-${batchId}`, '已扫 0 · 未扫 50');
  await shot(admin, 'scan-01-admin-batch');

  // The printable sample: QR codes of the codes' URLs (one decoded from the screen).
  await tap(admin, `batch-sample-${batchId}`);
  await admin.locator('#batch-sample-sheet .sample-code').first().waitFor();
  const samples = admin.locator('#batch-sample-sheet .sample-code');
  expect(await samples.count()).toBe(12);
  const code1 = (await samples.nth(0).getAttribute('data-code'))!;
  const code2 = (await samples.nth(1).getAttribute('data-code'))!;
  const url1 = (await samples.nth(0).getAttribute('data-url'))!;
  expect(code1).toMatch(/^[0-9A-HJKMNP-TV-Z]{18}$/);
  expect(url1.endsWith(`/s/${code1}`)).toBe(true);
  await shot(admin, 'scan-02-admin-sample-sheet');
  const png = PNG.sync.read(await admin.locator('#sample-qr-0').first().screenshot());
  expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(url1);

  // The CSV export: a download with the header and one line per code.
  const [download] = await Promise.all([admin.waitForEvent('download'), tap(admin, `batch-export-${batchId}`)]);
  const csv = readFileSync((await download.path())!, 'utf8').trim().split('\n');
  expect(csv[0]).toBe('serial,code,url,path');
  expect(csv).toHaveLength(51);
  expect(csv[1]).toBe(`0,${code1},${url1},pages/scan/index?c=${code1}`);
  await expectText(admin, '#batch-export-note', '已导出 50 个码');

  // The member types the first code (as printed: grouped, in lower case) on H5.
  const member = await signIn(browser, h5, 'e2e-scan-mei', errors);
  await registerWithPhone(member, '13712340051');
  await tap(member, 'home-scan-link');
  await member.locator('#scan-code-input').first().waitFor();
  const grouped = `${code1.slice(0, 4)}-${code1.slice(4, 8)}-${code1.slice(8, 12)}-${code1.slice(12)}`.toLowerCase();
  await fill(member, 'scan-code-input', grouped);
  await tap(member, 'scan-submit');
  await expectText(member, '#scan-result-points', '+20');
  await expectText(member, '#scan-result-balance', '20');
  await expectText(member, '#scan-result-product', '智能电水壶');
  const [y, m, d] = todayShanghai().split('-').map(Number) as [number, number, number];
  const until = new Date(Date.UTC(y + 2, m - 1, d - 1)).toISOString().slice(0, 10);
  await expectText(member, '#scan-result-warranty', `24 个月，至 ${until}`);
  await shot(member, 'scan-03-member-scanned');

  // Her products page: the kettle with its warranty's last day.
  await tap(member, 'scan-to-products');
  await expectText(member, '.product-row', '智能电水壶');
  await expectText(member, '.product-row', `延保 24 个月，保修至 ${until}`);
  await expectText(member, '#products-summary', '共 1 件产品，1 件在延保期内');
  await shot(member, 'scan-04-member-products');

  // Opening the mini-program from a code's link (c=<code>) scans it at once.
  await member.goto(`${h5}#/pages/scan/index?c=${code2}`);
  await member.reload();
  await expectText(member, '#scan-result-points', '+20');
  await expectText(member, '#scan-result-balance', '40');
  await member.goto(`${h5}#/pages/index/index`);
  await member.reload();
  await expectText(member, '#home-points', '40');

  // Another member with the same code: used, with the date and nobody's name; altered codes: invalid.
  const other = await signIn(browser, h5, 'e2e-scan-ning', errors);
  await registerWithPhone(other, '13712340052');
  await tap(other, 'home-scan-link');
  await fill(other, 'scan-code-input', code1);
  await tap(other, 'scan-submit');
  await expectText(other, '#scan-error', `该码已于 ${todayShanghai()} 被使用`);
  await shot(other, 'scan-05-member-code-used');
  for (let i = 0; i < 4; i++) {
    const altered = code2.slice(0, 10 + i) + (code2[10 + i] === 'Z' ? 'Y' : 'Z') + code2.slice(11 + i);
    await fill(other, 'scan-code-input', altered);
    await tap(other, 'scan-submit');
    await expectText(other, '#scan-error', '无效的防伪码');
  }
  await shot(other, 'scan-06-member-code-invalid');

  // The admin: two scanned, and the second member among the abuse signals.
  await admin.goto(`${h5}#/admin/batches/index`);
  await admin.reload();
  await expectText(admin, `#batch-counts-${batchId}`, '已扫 2 · 未扫 48');
  await admin.goto(`${h5}#/admin/abuse/index`);
  await admin.reload();
  await expectText(admin, '.abuse-row', '失败 5 次');
  await expectText(admin, '.abuse-row', '137****0052');
  await shot(admin, 'scan-07-admin-abuse');

  expect(errors).toEqual([]);
}, 240_000);
