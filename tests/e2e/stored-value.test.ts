import type { Browser } from 'playwright-core';
import { startLocalStack, type Stack } from '../../infra/local/stack';
import { confirmPaySheet, expectText, fill, launch, registerWithPhone, shot, signIn, tap } from './browser';

/**
 * Stored value as people use it (issue 17): an admin offers 充 ¥500 送 ¥50 (through the API); a member
 * opens 储值 from her home, recharges through the H5 pay sheet (the stand-in pays the order and sends
 * the signed notification, which credits her), pays ¥120 at the till from her balance (余额支付, split
 * between principal and bonus), and sees her history. Needs the boundary part (stand-in /__dev/pay and
 * platform/pay.ts) and the payments part (notify and status routes): run after the merge.
 * Screenshots go to test-results/e2e/ (git-ignored).
 */
let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await startLocalStack({ apiPort: 0, h5Port: 0, standInPort: 0, dynamoPort: 0, dataDir: null, tableName: 'huiyuan-e2e-stored-value' });
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

test('a member recharges ¥500 (+¥50), pays ¥120 at the till from her balance, and sees her history', async () => {
  const errors: string[] = [];
  const h5 = stack.urls.h5!;

  const admin = await apiToken('demo-admin');
  const created = await fetch(`${stack.urls.api}/admin/recharge-packages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
    body: JSON.stringify({ name: '充 500 送 50', amountFen: 50_000, bonusFen: 5_000 }),
  });
  expect(created.status).toBe(201);

  // The member: registers, opens 储值 from her home's entries.
  const member = await signIn(browser, h5, 'e2e-sv-member', errors);
  await registerWithPhone(member, '13755550171');
  await tap(member, 'home-stored-value-link');
  await expectText(member, '#sv-total', '¥0.00');
  await expectText(member, '#sv-package-0', '送 ¥50.00');
  await tap(member, 'sv-package-0');
  await tap(member, 'sv-recharge');
  await confirmPaySheet(member);
  await expectText(member, '#sv-note', '充值成功');
  await expectText(member, '#sv-total', '¥550.00');
  await expectText(member, '#sv-principal', '¥500.00');
  await expectText(member, '#sv-bonus', '¥50.00');
  await shot(member, 'stored-value-01-recharged');

  // Her member code for the till.
  await member.goto(`${h5}#/pages/code/index`);
  await member.waitForFunction(() => /^\d{18}$/.test(document.querySelector('#code-digits')?.getAttribute('data-code') ?? ''));
  const code = (await member.locator('#code-digits').first().getAttribute('data-code'))!;

  // The till: ¥120, paid from her balance.
  const clerk = await signIn(browser, h5, 'demo-staff', errors);
  await clerk.goto(`${h5}#/staff/checkout/index`);
  await clerk.locator('#staff-member-code').first().waitFor();
  await fill(clerk, 'staff-member-code', code);
  await fill(clerk, 'staff-line-sku', 'SKU-1001');
  await fill(clerk, 'staff-line-name', '真丝睡衣');
  await fill(clerk, 'staff-line-qty', '1');
  await fill(clerk, 'staff-line-price', '120.00');
  await fill(clerk, 'staff-amount', '120.00');
  await tap(clerk, 'staff-preview');
  await expectText(clerk, '#staff-balance-amount', '储值余额 ¥550.00');
  await tap(clerk, 'staff-balance-toggle');
  await tap(clerk, 'staff-submit');
  await expectText(clerk, '#staff-result-balance', '余额支付 ¥120.00');
  await expectText(clerk, '#staff-result-balance', '本金 ¥109.09，赠送 ¥10.91');
  await expectText(clerk, '#staff-result-balance', '余额剩余 ¥430.00');
  await shot(clerk, 'stored-value-02-till');

  // Her history: the recharge and the purchase, principal and bonus apart.
  await member.goto(`${h5}#/member/stored-value/index`);
  await member.reload();
  await expectText(member, '#sv-total', '¥430.00');
  await expectText(member, '#sv-history', '门店消费');
  await expectText(member, '#sv-history', '-¥120.00');
  await expectText(member, '#sv-history', '+¥550.00');
  await expectText(member, '#sv-history', '赠送 -¥10.91');

  // The refund quote states its rule (spent since the recharge: remaining principal minus bonus spent).
  await tap(member, 'sv-refund-quote');
  await expectText(member, '#sv-quote', '退还剩余本金减去已使用的赠送金额');
  await expectText(member, '#sv-quote-amount', '¥380.00');
  await shot(member, 'stored-value-03-history');

  // The admin: the payment on 支付与退款, the package and the outstanding liability on 储值管理.
  const desk = await signIn(browser, h5, 'demo-admin', errors);
  await desk.goto(`${h5}#/admin/payments/index`);
  await expectText(desk, '#payments-list', '已支付');
  await expectText(desk, '#payments-list', '¥500.00');
  await shot(desk, 'stored-value-04-admin-payments');
  await desk.goto(`${h5}#/admin/stored-value/index`);
  await expectText(desk, '#sv-admin-list', '充 500 送 50');
  await expectText(desk, '#sv-admin-outstanding', '¥');
  await shot(desk, 'stored-value-05-admin-liability');
  expect(errors).toEqual([]);
}, 240_000);
