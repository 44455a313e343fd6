import type { Browser } from 'playwright-core';
import { startLocalStack, type Stack } from '../../infra/local/stack';
import { expectText, fill, launch, registerWithPhone, shot, signIn, tap } from './browser';

/**
 * Care-message consent: a new member is asked on the home page right after registering and
 * accepts; in her message preferences she sees the acceptances counted, turns birthday greetings
 * off (kept after a reload) and is then no longer asked for them; an admin changes the weekly cap
 * in the care settings and runs a job.
 */
let stack: Stack;
let browser: Browser;
const errors: string[] = [];

beforeAll(async () => {
  stack = await startLocalStack({ apiPort: 0, h5Port: 0, standInPort: 0, dynamoPort: 0, dataDir: null, tableName: 'huiyuan-e2e-care' });
  browser = await launch();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

test('a member accepts care messages after registering, turns one kind off in her preferences; an admin changes the care settings and runs a job', async () => {
  const h5 = stack.urls.h5!;
  const member = await signIn(browser, h5, 'e2e-care-lin', errors);
  await registerWithPhone(member, '13712340061');
  await member.locator('#consent-sheet').first().waitFor();
  await expectText(member, '#consent-sheet', '生日祝福');
  await shot(member, 'care-01-consent-sheet');
  await tap(member, 'consent-accept');
  await member.locator('#consent-sheet').first().waitFor({ state: 'detached' });

  await tap(member, 'home-profile');
  await tap(member, 'profile-preferences');
  await expectText(member, '#pref-birthday', '可接收 1 条');
  await expectText(member, '#pref-birthday-state', '已开启');
  await tap(member, 'pref-birthday');
  await expectText(member, '#pref-birthday-state', '已关闭');
  await member.reload();
  await expectText(member, '#pref-birthday-state', '已关闭');
  await expectText(member, '#pref-pointsExpiring-state', '已开启');

  // Asked again from the preferences page: birthday greetings are no longer among the templates.
  await tap(member, 'pref-subscribe');
  await member.locator('#consent-sheet').first().waitFor();
  expect(await member.locator('#consent-item-birthday').count()).toBe(0);
  await expectText(member, '#consent-sheet', '会员等级变动');
  await tap(member, 'consent-accept');
  await expectText(member, '#pref-tier', '可接收 1 条');
  await expectText(member, '#pref-pointsExpiring', '可接收 2 条');
  await shot(member, 'care-02-preferences');

  const admin = await signIn(browser, h5, 'demo-admin', errors);
  await tap(admin, 'home-admin');
  await tap(admin, 'admin-link-care');
  await admin.locator('#care-save').first().waitFor();
  await fill(admin, 'care-cap', '4');
  await tap(admin, 'care-save');
  // Saving asks first, with the change before → after.
  await expectText(admin, '#care-confirm', '每位会员每周最多');
  await tap(admin, 'care-confirm-ok');
  await expectText(admin, '#care-saved', '已保存');
  await tap(admin, 'care-run-birthday');
  await expectText(admin, '#care-run-result', '目标');
  await shot(admin, 'care-03-admin');
  expect(errors).toEqual([]);
}, 180_000);
