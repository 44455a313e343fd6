import type { Browser } from 'playwright-core';
import { startLocalStack, type Stack } from '../../infra/local/stack';
import { expectText, fill, launch, registerWithPhone, shot, signIn, tap } from './browser';

/**
 * Pre-printed cards and the desk, as people use them (issue 16): an admin creates a card batch through
 * the API (the print file read through its presigned link); a member binds one of its cards in the
 * mini-program (a typo first, caught by the check digit) and sees its opening points arrive; the desk
 * finds her and freezes her; the till refuses the code she showed, in Chinese. Screenshots go to
 * test-results/e2e/ (git-ignored).
 */
let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await startLocalStack({ apiPort: 0, h5Port: 0, standInPort: 0, dynamoPort: 0, dataDir: null, tableName: 'huiyuan-e2e-cards' });
  browser = await launch();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function apiToken(openid: string): Promise<string> {
  const { code } = await (await fetch(`${stack.urls.wechat}/__dev/login-code`, { method: 'POST', body: JSON.stringify({ openid }) })).json();
  const r = await fetch(`${stack.urls.api}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
  return ((await r.json()) as { token: string }).token;
}

test('a member binds a printed card and gets its points; the desk freezes her; the till refuses her code', async () => {
  const errors: string[] = [];
  const h5 = stack.urls.h5!;

  // The admin's batch, through the API; the print file through its link.
  const admin = await apiToken('demo-admin');
  const created = await fetch(`${stack.urls.api}/admin/card-batches`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
    body: JSON.stringify({ name: '端到端测试卡', count: 3, openingPoints: 300, tierCode: null }),
  });
  expect(created.status).toBe(201);
  const { export: file } = (await created.json()) as { export: { url: string } };
  const csv = (await (await fetch(file.url)).text()).replace(/^\uFEFF/, '');
  const [cardNo, pin] = csv.split('\r\n')[1]!.split(',') as [string, string];
  expect(cardNo).toMatch(/^\d{12}$/);

  // The member: registers, opens 我的 → 实体会员卡, mistypes a digit, then binds.
  const member = await signIn(browser, h5, 'e2e-card-member', errors);
  await registerWithPhone(member, '13755550101');
  await member.goto(`${h5}#/pages/mine/index`);
  // The row's id sits on its title; the row (a NutUI Cell) takes the tap.
  await member.locator('.mine-row:has(#mine-card)').first().click();
  await member.locator('#card-no').first().waitFor();
  const typo = `${cardNo.slice(0, 6)}${(Number(cardNo[6]) + 1) % 10}${cardNo.slice(7)}`;
  await fill(member, 'card-no', typo);
  await fill(member, 'card-pin', pin);
  await tap(member, 'card-submit');
  await expectText(member, '#card-error', '卡号有误');
  await shot(member, 'cards-01-typo');
  await fill(member, 'card-no', cardNo);
  await fill(member, 'card-pin', pin);
  await tap(member, 'card-submit');
  await expectText(member, '#card-carried', '开卡积分 300 已到账');
  await expectText(member, '#card-number', `**** ${cardNo.slice(-4)}`);
  await shot(member, 'cards-02-bound');
  await member.goto(`${h5}#/pages/index/index`);
  await expectText(member, '#home-points', '300');

  // Her member code, shown before the desk freezes her.
  await tap(member, 'home-code');
  await member.waitForFunction(() => /^\d{18}$/.test(document.querySelector('#code-digits')?.getAttribute('data-code') ?? ''));
  const code = (await member.locator('#code-digits').first().getAttribute('data-code'))!;

  // The desk: finds her by her card number, freezes her with a reason.
  const desk = await signIn(browser, h5, 'demo-admin', errors);
  await desk.goto(`${h5}#/admin/desk/index`);
  await desk.locator('#desk-q').first().waitFor();
  await fill(desk, 'desk-q', cardNo);
  await tap(desk, 'desk-search-submit');
  await expectText(desk, '#desk-member', '137****0101');
  await expectText(desk, '#desk-points', '300');
  await fill(desk, 'desk-reason', '会员申请临时冻结');
  await tap(desk, 'desk-freeze');
  await expectText(desk, '#desk-done', '已冻结');
  await expectText(desk, '#desk-member', '已冻结');
  await shot(desk, 'cards-03-desk-frozen');

  // The till refuses the code she showed, in the clerk's words.
  const clerk = await signIn(browser, h5, 'demo-staff', errors);
  await clerk.goto(`${h5}#/staff/checkout/index`);
  await clerk.locator('#staff-member-code').first().waitFor();
  await fill(clerk, 'staff-member-code', code);
  await fill(clerk, 'staff-line-sku', 'SKU-1001');
  await fill(clerk, 'staff-line-name', '真丝睡衣');
  await fill(clerk, 'staff-line-qty', '1');
  await fill(clerk, 'staff-line-price', '100.00');
  await fill(clerk, 'staff-amount', '100.00');
  await tap(clerk, 'staff-submit');
  await expectText(clerk, '#staff-error', '该会员已被冻结');
  await shot(clerk, 'cards-04-till-refused');

  // And she is told when she asks for a new code (the page opened afresh).
  await member.goto(`${h5}#/pages/code/index`);
  await member.reload();
  await member.waitForFunction(() => (document.body.textContent ?? '').includes('会员账户已冻结'), undefined, { timeout: 30_000 });
  await shot(member, 'cards-05-member-frozen');
  expect(errors).toEqual([]);
}, 240_000);
