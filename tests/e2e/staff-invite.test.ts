import type { Browser, Page } from 'playwright-core';
import { grantRole } from '../../functions/adapters/dynamo/identity-repo';
import { issueMemberCode, register } from '../../functions/members/members';
import type { Session } from '../../functions/lib/session';
import { startLocalStack, type Stack } from '../../infra/local/stack';
import { expectText, fill, launch, shot, signIn, tap } from './browser';

/**
 * Stores and staff in Chromium at 390 × 844 (issue 16): an admin opens 门店与员工 and invites a clerk for
 * 旗舰店 (QR code, code, 24 h); the invited person opens the invite link, sees the store and the validity,
 * taps 成为店员 and records a sale at the till; the admin removes her; her next till action is refused
 * (403, worded in Chinese). The role cache TTL is set to 1 s for this stack; the removal also drops the
 * API process's cached roles, so the refusal is immediate here.
 */
let stack: Stack;
let browser: Browser;
const errors: string[] = [];
const savedTtl = process.env.ROLE_CACHE_SECONDS;
const shopper: Session = { openid: 'e2e-invite-shopper', memberId: null, roles: ['member'], storeId: null };

beforeAll(async () => {
  process.env.ROLE_CACHE_SECONDS = '1';
  stack = await startLocalStack({ apiPort: 0, h5Port: 0, standInPort: 0, dynamoPort: 0, dataDir: null, tableName: 'huiyuan-e2e-staff-invite' });
  browser = await launch();
  const res = await fetch(`${stack.urls.wechat}/__dev/phone-code`, { method: 'POST', body: JSON.stringify({ phone: '13712340099' }) });
  await register(shopper, ((await res.json()) as { code: string }).code);
  await grantRole('e2e-manager', { role: 'manager', storeId: 'S001' }, 'e2e');
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (savedTtl === undefined) delete process.env.ROLE_CACHE_SECONDS;
  else process.env.ROLE_CACHE_SECONDS = savedTtl;
});

async function openAt(page: Page, path: string) {
  await page.goto(`${stack.urls.h5!}#/${path}`);
  await page.reload();
}

/** The row index of a person in the open staff list of store row 0. */
async function staffRow(admin: Page, openid: string): Promise<number> {
  const row = admin.locator(`.staff-row[data-openid="${openid}"]`).first();
  await row.waitFor({ timeout: 15_000 });
  return Number((await row.getAttribute('id'))!.replace(/^.*-row-/, ''));
}

async function sell(clerk: Page, amountYuan: string) {
  await fill(clerk, 'staff-member-code', (await issueMemberCode(shopper)).code);
  await fill(clerk, 'staff-line-sku', 'SKU-SCARF-1');
  await fill(clerk, 'staff-line-name', '羊绒围巾');
  await fill(clerk, 'staff-line-qty', '1');
  await fill(clerk, 'staff-line-price', amountYuan);
  await tap(clerk, 'staff-preview');
}

test('an admin invites a clerk, she joins from the link and sells, is removed, and her next till action is refused', async () => {
  const h5 = stack.urls.h5!;

  // The admin invites a clerk for 旗舰店.
  const admin = await signIn(browser, h5, 'demo-admin', errors);
  await openAt(admin, 'admin/index/index');
  await tap(admin, 'admin-link-stores');
  await expectText(admin, '#store-0', '旗舰店');
  await tap(admin, 'store-staff-0');
  await tap(admin, 'store-invite-clerk-0');
  await expectText(admin, '#invite-validity', '24 小时内有效');
  const card = admin.locator('#invite-card').first();
  const code = (await card.getAttribute('data-code'))!;
  const link = (await card.getAttribute('data-path'))!;
  expect(link).toBe(`/staff/join/index?code=${code}`);
  expect((await admin.locator('#invite-code').first().textContent())!.replace('-', '')).toBe(code);
  await shot(admin, 'staff-invite-admin');

  // The invited person opens the link, sees the store and the validity, and joins.
  const clerk = await signIn(browser, h5, 'e2e-new-clerk', errors);
  await openAt(clerk, link.slice(1));
  await expectText(clerk, '#join-card', '加入「旗舰店」');
  await expectText(clerk, '#join-validity', '24 小时内有效');
  await shot(clerk, 'staff-invite-join');
  await tap(clerk, 'join-submit');
  await expectText(clerk, '#join-done', '你已成为「旗舰店」的店员');
  await tap(clerk, 'join-go-till');
  await expectText(clerk, '#staff-store-name', '旗舰店');

  // She works the till.
  await sell(clerk, '199.00');
  await expectText(clerk, '#staff-payable', '199.00');
  await tap(clerk, 'staff-submit');
  await expectText(clerk, '#staff-result-points', '199');
  await shot(clerk, 'staff-invite-sale');

  // The same invite again, by someone else: used, explained in Chinese.
  const late = await signIn(browser, h5, 'e2e-late-clerk', errors);
  await openAt(late, link.slice(1));
  await expectText(late, '#join-state', '已经被使用过了');
  await shot(late, 'staff-invite-used');

  // The admin removes her (the list shows her by then).
  await tap(admin, 'store-staff-0'); // close…
  await tap(admin, 'store-staff-0'); // …and open again: a fresh list
  const i = await staffRow(admin, 'e2e-new-clerk');
  await tap(admin, `staff-remove-${i}`);
  await tap(admin, `staff-remove-ok-${i}`);
  await admin.locator('.staff-row[data-openid="e2e-new-clerk"]').first().waitFor({ state: 'detached', timeout: 15_000 });
  await shot(admin, 'staff-invite-removed');

  // Her next till action: refused, in Chinese.
  await tap(clerk, 'staff-next-order');
  await sell(clerk, '88.00');
  await expectText(clerk, '#staff-error', '无权为该门店收银');
  await shot(clerk, 'staff-invite-refused');

  expect(errors).toEqual([]);
}, 240_000);

test('a manager invites from 门店团队, a clerk joins with the typed code, the manager removes her', async () => {
  const h5 = stack.urls.h5!;
  const manager = await signIn(browser, h5, 'e2e-manager', errors);
  await openAt(manager, 'pages/index/index');
  await tap(manager, 'home-team');
  await expectText(manager, '#team-store', '旗舰店');
  // The store's registration poster code (小程序码), made on a tap and shown.
  await tap(manager, 'team-poster-make');
  await manager.waitForFunction(() => {
    const img = document.querySelector('#team-poster-image img') as HTMLImageElement | null;
    return !!img && img.complete && img.naturalWidth > 0;
  });
  expect(await manager.locator('#team-poster').first().getAttribute('data-scene')).toBe('store=S001');
  await shot(manager, 'staff-invite-store-poster');
  await tap(manager, 'team-invite');
  await expectText(manager, '#invite-validity', '24 小时内有效');
  const grouped = (await manager.locator('#invite-code').first().textContent())!.trim();
  await shot(manager, 'staff-invite-manager');

  const clerk = await signIn(browser, h5, 'e2e-typed-clerk', errors);
  await openAt(clerk, 'staff/join/index');
  await fill(clerk, 'join-code', grouped.toLowerCase());
  await tap(clerk, 'join-code-submit');
  await expectText(clerk, '#join-card', '加入「旗舰店」');
  await tap(clerk, 'join-submit');
  await expectText(clerk, '#join-done', '你已成为「旗舰店」的店员');

  await openAt(manager, 'staff/team/index');
  const row = manager.locator('.staff-row[data-openid="e2e-typed-clerk"]').first();
  await row.waitFor({ timeout: 15_000 });
  const i = Number((await row.getAttribute('id'))!.replace(/^.*-row-/, ''));
  // The manager herself is listed without 移除.
  const own = manager.locator('.staff-row[data-openid="e2e-manager"]').first();
  expect(await own.locator('[id^="staff-remove-"]').count()).toBe(0);
  await tap(manager, `staff-remove-${i}`);
  await tap(manager, `staff-remove-ok-${i}`);
  await expectText(manager, '#team-notice', '已移除');
  await shot(manager, 'staff-invite-manager-removed');

  await openAt(clerk, 'staff/checkout/index');
  await sell(clerk, '66.00');
  await expectText(clerk, '#staff-error', '无权为该门店收银');
  expect(errors).toEqual([]);
}, 240_000);
