import type { Browser, Page } from 'playwright-core';
import { setClock } from '../../functions/lib/clock';
import { startLocalStack, type Stack } from '../../infra/local/stack';
import { expectText, launch, registerWithPhone, shot, signIn, tap } from './browser';

/**
 * Daily check-in in Chromium over H5: a member opens 每日签到 from the home, checks in two days running
 * (the backend's clock moved a day at a time, in this process), sees +5 积分 each day, and on the third
 * day the 3-day streak reward (+10) with the day's points; the calendar marks the days; the admin opens
 * 签到设置 and sees the demo brand's streak table.
 */
let stack: Stack;
let browser: Browser;
const errors: string[] = [];

beforeAll(async () => {
  stack = await startLocalStack({ apiPort: 0, h5Port: 0, standInPort: 0, dynamoPort: 0, dataDir: null, tableName: 'huiyuan-e2e-checkin' });
  browser = await launch();
}, 240_000);

afterAll(async () => {
  setClock(null);
  await browser?.close();
  await stack?.stop();
});

/** Noon in Beijing, `daysAgo` days before today (Beijing). */
function noonBeijing(daysAgo: number): Date {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const d = new Date(`${today}T04:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() - daysAgo);
  return d;
}
const dayOf = (d: Date) => d.toISOString().slice(0, 10);

async function checkInOnPage(page: Page) {
  await page.reload();
  await page.locator('#checkin-button').first().waitFor();
  await tap(page, 'checkin-button');
  await page.locator('#checkin-result').first().waitFor();
}

test('a member checks in on the page, sees the points, and the streak reward on the third day', async () => {
  const h5 = stack.urls.h5!;
  const member = await signIn(browser, h5, 'e2e-checkin-lin', errors);
  await registerWithPhone(member, '13712340071');
  await shot(member, 'checkin-01-home-entry');

  // Two days ago: the first check-in, from the home's entry.
  const first = noonBeijing(2);
  setClock({ now: () => first });
  await tap(member, 'home-checkin-link');
  await member.locator('#checkin-button').first().waitFor();
  await expectText(member, '#checkin-streak', '0');
  await expectText(member, '#checkin-button', '签到领 5 积分');
  await expectText(member, '#checkin-next', '再签 3 天，连续 3 天可额外获得 10 积分');
  await expectText(member, '#checkin-rules', '每天可签到一次，每次获得 5 积分');
  await expectText(member, '#checkin-rules', '连续 3 天额外获得 10 积分；连续 7 天额外获得 50 积分');
  await shot(member, 'checkin-02-before');
  await tap(member, 'checkin-button');
  await expectText(member, '#checkin-result', '签到成功');
  await expectText(member, '#checkin-result-points', '+5 积分');
  await expectText(member, '#checkin-streak', '1');
  await expectText(member, '#checkin-button', '今日已签到');
  expect(await member.locator('#checkin-button').first().getAttribute('class')).toContain('disabled');
  await shot(member, 'checkin-03-checked-in');

  // Yesterday, then today: the third day in a row pays the 3-day reward with the day's points.
  setClock({ now: () => noonBeijing(1) });
  await checkInOnPage(member);
  await expectText(member, '#checkin-streak', '2');
  await expectText(member, '#checkin-next', '再签 1 天，连续 3 天可额外获得 10 积分');
  setClock({ now: () => noonBeijing(0) });
  await checkInOnPage(member);
  await expectText(member, '#checkin-result-points', '+15 积分');
  await expectText(member, '#checkin-result-reward', '含连续签到 3 天奖励 10 积分');
  await expectText(member, '#checkin-streak', '3');
  await expectText(member, '#checkin-next', '再签 4 天，连续 7 天可额外获得 50 积分');
  const today = dayOf(noonBeijing(0));
  expect(await member.locator(`#checkin-day-${today}`).first().getAttribute('data-checked')).toBe('true');
  await expectText(member, `#checkin-day-${today}`, '+15');
  await shot(member, 'checkin-04-streak-reward');

  // Her points page: 5 + 5 + 5 + 10.
  await member.goto(`${h5}#/pages/points/index`);
  await expectText(member, '#points-balance', '25');
  await shot(member, 'checkin-05-points');

  // The admin's settings page shows the streak table.
  const admin = await signIn(browser, h5, 'demo-admin', errors);
  await tap(admin, 'home-admin');
  await tap(admin, 'admin-link-checkin');
  await admin.locator('#checkin-step-days-0').first().waitFor();
  expect(await admin.locator('input#checkin-step-days-0, #checkin-step-days-0 input').first().inputValue()).toBe('3');
  expect(await admin.locator('input#checkin-step-points-1, #checkin-step-points-1 input').first().inputValue()).toBe('50');
  await shot(admin, 'checkin-06-admin-settings');
  expect(errors).toEqual([]);
}, 180_000);
