import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import type { Browser } from 'playwright-core';
import { startLocalStack, type Stack } from '../../infra/local/stack';
import { expectText, launch, shot, signIn, tap } from './browser';

/**
 * Member import (issue 16): an admin picks a small GBK CSV with one bad row on the import page, the
 * page uploads it to S3 through a presigned URL, shows the proposed column mapping with the first rows,
 * starts the job, follows its progress to the end with the counters, and the error-file link downloads
 * a CSV naming the bad row and why.
 */
let stack: Stack;
let browser: Browser;
const errors: string[] = [];

beforeAll(async () => {
  stack = await startLocalStack({ apiPort: 0, h5Port: 0, standInPort: 0, dynamoPort: 0, dataDir: null, tableName: 'huiyuan-e2e-import' });
  browser = await launch();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

test('an admin uploads a CSV, maps the columns, starts the import, sees it finish with the counts and downloads the failed rows', async () => {
  const admin = await signIn(browser, stack.urls.h5!, 'demo-admin', errors);
  await tap(admin, 'home-admin');
  await tap(admin, 'admin-link-import');
  await admin.locator('#import-pick').first().waitFor();

  const csv = '手机号,姓名,性别,生日,积分\r\n13822220001,林小雨,女,1990/3/4,300\r\n12345,坏号码,女,,\r\n13822220002,周先生,男,19850607,0\r\n';
  const chooser = admin.waitForEvent('filechooser');
  await tap(admin, 'import-pick');
  await (await chooser).setFiles({ name: '门店会员.csv', mimeType: 'text/csv', buffer: iconv.encode(csv, 'gbk') });

  await admin.locator('#import-mapping').first().waitFor({ timeout: 20_000 });
  await expectText(admin, '#import-preview', '林小雨');
  await expectText(admin, '#import-preview', '周先生');
  // Proposed from the header: 手机号 is column 1, and so on; 门店 has no column.
  expect(await admin.locator('#import-map-phone-0').first().getAttribute('class')).toMatch(/active|primary/);
  await shot(admin, 'import-01-mapping');

  await tap(admin, 'import-start');
  await admin.locator('#import-progress[data-state="done"]').first().waitFor({ timeout: 30_000 });
  await expectText(admin, '#import-count-created', '2');
  await expectText(admin, '#import-count-failed', '1');
  await expectText(admin, '#import-count-processed', '3');
  await expectText(admin, '#import-done', '导入完成');
  await shot(admin, 'import-02-done');

  const download = admin.waitForEvent('download');
  await tap(admin, 'import-error-file');
  const file = readFileSync((await (await download).path())!);
  expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = file.toString('utf8');
  expect(text).toContain('行号,手机号,字段,值,原因');
  expect(text).toContain('3,12345,手机号,12345,不是有效的中国大陆手机号');

  // The import is listed with its counts.
  await expectText(admin, '#import-list', '门店会员.csv');
  await expectText(admin, '#import-list', '新建 2');
  expect(errors).toEqual([]);
}, 180_000);
