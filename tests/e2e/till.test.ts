import type { Browser, Page } from 'playwright-core';
import { CouponTemplateInput } from '../../shared/contract';
import { createComplaint } from '../../functions/complaints/complaints';
import { createCouponTemplate, issueToMembers } from '../../functions/coupons/coupons';
import { issueMemberCode, register } from '../../functions/members/members';
import type { Session } from '../../functions/lib/session';
import { startLocalStack, type Stack } from '../../infra/local/stack';
import { expectText, fill, launch, shot, signIn, tap } from './browser';

/**
 * The clerk's day at the till, at 390 × 844: the store by name and a proposed order number; two
 * coupons that do not combine (the better one is kept and the other offered); 下一单 clears the
 * form with a new number; the return desk finds the member's order and names the most that can still
 * be refunded; the store calls back a member who asked to be phoned. The member and her coupons are
 * set up through the use cases, so the test depends on the staff pages only.
 */
let stack: Stack;
let browser: Browser;
const errors: string[] = [];
const PHONE = '13712340088';
const member: Session = { openid: 'e2e-till-mia', memberId: null, roles: ['member'], storeId: null };
const admin: Session = { openid: 'demo-admin', memberId: null, roles: ['admin'], storeId: null };

beforeAll(async () => {
  stack = await startLocalStack({ apiPort: 0, h5Port: 0, standInPort: 0, dynamoPort: 0, dataDir: null, tableName: 'huiyuan-e2e-till' });
  browser = await launch();
  const res = await fetch(`${stack.urls.wechat}/__dev/phone-code`, { method: 'POST', body: JSON.stringify({ phone: PHONE }) });
  await register(member, ((await res.json()) as { code: string }).code);
  for (const t of [
    { name: '满300减50', kind: 'threshold', thresholdFen: 30_000, amountOffFen: 5_000 },
    { name: '立减20', kind: 'amountOff', amountOffFen: 2_000 },
  ]) {
    const input = CouponTemplateInput.parse({
      description: '全场通用',
      scope: { kind: 'all' },
      stores: null,
      stackable: false,
      validity: { kind: 'afterIssue', days: 30 },
      stock: 10,
      perMemberLimit: null,
      claimable: false,
      ...t,
    });
    const tpl = await createCouponTemplate(admin, input);
    await issueToMembers(admin, tpl.id, { batchId: `B-${tpl.id}`, phones: [PHONE] });
  }
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const ORDER_NUMBER = /^S001-\d{8}-\d{4}$/;
const inputValue = (page: Page, id: string) => page.locator(`input#${id}, #${id} input`).first().inputValue();

async function proposedOrderId(clerk: Page, not?: string): Promise<string> {
  await clerk.waitForFunction(
    ([re, old]) => {
      const el = (document.querySelector('input#staff-order-id') ?? document.querySelector('#staff-order-id input')) as HTMLInputElement | null;
      return !!el && new RegExp(re!).test(el.value) && el.value !== old;
    },
    [ORDER_NUMBER.source, not ?? ''],
  );
  return inputValue(clerk, 'staff-order-id');
}

const couponId = (clerk: Page, name: string) =>
  clerk.locator('.staff-coupon', { hasText: name }).first().getAttribute('id').then((id) => id!.replace(/^staff-coupon-/, ''));

test('the till: store name, proposed order number, the better of two coupons, 下一单, returns, a call-back', async () => {
  const h5 = stack.urls.h5!;
  const clerk = await signIn(browser, h5, 'demo-staff', errors);
  // Signed in once the session is stored (whatever the home page then shows).
  await clerk.waitForFunction(() => Object.keys(localStorage).some((k) => k.includes('huiyuan.session')));
  await clerk.goto(`${h5}#/staff/checkout/index`);
  await clerk.reload();
  await expectText(clerk, '#staff-store-name', '旗舰店');
  const firstOrder = await proposedOrderId(clerk);

  // Two coupons that do not combine: the second tap proposes the better one for this ¥400 basket.
  await fill(clerk, 'staff-member-code', (await issueMemberCode(member)).code);
  await fill(clerk, 'staff-line-sku', 'SKU-COAT-1');
  await fill(clerk, 'staff-line-name', '羊毛大衣');
  await fill(clerk, 'staff-line-qty', '1');
  await fill(clerk, 'staff-line-price', '400.00');
  await tap(clerk, 'staff-preview');
  await expectText(clerk, '#staff-member-line', '普通会员');
  await expectText(clerk, '#staff-member-stage', '新会员');
  const [big, small] = [await couponId(clerk, '满300减50'), await couponId(clerk, '立减20')];
  await tap(clerk, `staff-coupon-${small}`);
  await expectText(clerk, '#staff-discount', '¥20.00');
  await tap(clerk, `staff-coupon-${big}`);
  await expectText(clerk, '#staff-coupon-proposal', '不能同时使用');
  await expectText(clerk, '#staff-coupon-proposal', '已为本单选用「满300减50」');
  await expectText(clerk, '#staff-discount', '¥50.00');
  await expectText(clerk, '#staff-payable', '350.00');
  expect(await clerk.locator(`#staff-coupon-${big}`).first().getAttribute('data-ticked')).toBe('true');
  expect(await clerk.locator(`#staff-coupon-${small}`).first().getAttribute('data-ticked')).toBe('false');
  await shot(clerk, 'till-coupon-rule');

  await tap(clerk, 'staff-submit');
  await expectText(clerk, '#staff-result', '满300减50');
  await expectText(clerk, '#staff-result-points', '350');
  await expectText(clerk, '#staff-result', firstOrder);

  // 下一单: everything cleared, a fresh order number from the store's sequence.
  await tap(clerk, 'staff-next-order');
  const nextOrder = await proposedOrderId(clerk, firstOrder);
  expect(Number(nextOrder.slice(-4))).toBeGreaterThan(Number(firstOrder.slice(-4)));
  for (const id of ['staff-member-code', 'staff-line-sku', 'staff-line-name', 'staff-line-price', 'staff-amount']) expect(await inputValue(clerk, id)).toBe('');
  expect(await inputValue(clerk, 'staff-line-qty')).toBe('1');
  expect(await clerk.locator('#staff-result').count()).toBe(0);
  expect(await clerk.locator('#staff-preview-card').count()).toBe(0);
  await shot(clerk, 'till-next-order');

  // Returns: her recent orders by phone, with what can still be refunded; the over-refund names the most.
  await tap(clerk, 'staff-returns-link');
  await tap(clerk, 'return-search-by-phone');
  await fill(clerk, 'return-search-input', PHONE);
  await tap(clerk, 'return-search');
  await expectText(clerk, `#return-order-${firstOrder}`, '还可退 ¥350.00');
  expect(await inputValue(clerk, 'return-order-id')).toBe(firstOrder);
  await fill(clerk, 'return-amount', '400');
  await tap(clerk, 'return-submit');
  await expectText(clerk, '#return-error', '最多还可退 ¥350.00');
  await shot(clerk, 'till-return-limit');
  await fill(clerk, 'return-amount', '100');
  await tap(clerk, 'return-submit');
  await expectText(clerk, '#return-result-refund', '¥100.00');
  await expectText(clerk, `#return-order-${firstOrder}`, '还可退 ¥250.00');
  await expectText(clerk, `#return-order-${firstOrder}`, '已退 ¥100.00');
  await shot(clerk, 'till-returns');

  // She asked to be phoned back: masked until the clerk taps 查看号码.
  const complaint = await createComplaint(member, {
    requestId: 'e2e-till-callback',
    category: 'store',
    text: '大衣的扣子掉了，请店里给我回个电话。',
    storeId: 'S001',
    contact: { method: 'phone', phone: PHONE },
  });
  await clerk.goto(`${h5}#/staff/complaints/index`);
  await clerk.reload();
  await tap(clerk, `staff-complaint-${complaint.id}`);
  await expectText(clerk, '#complaint-callback-phone', '137****0088');
  await tap(clerk, 'complaint-callback-reveal');
  await expectText(clerk, '#complaint-callback-phone', PHONE);
  await shot(clerk, 'till-complaint-callback');

  // Signed out, the till says why it asks for sign-in instead of showing an unbound store.
  const visitor = await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' })).newPage();
  visitor.on('pageerror', (e) => errors.push(`visitor: ${e.message}`));
  await visitor.goto(`${h5}#/staff/checkout/index`);
  await expectText(visitor, '#role-gate', '请先登录');
  expect(await visitor.locator('#staff-member-code').count()).toBe(0);
  await shot(visitor, 'till-signed-out');
  expect(errors).toEqual([]);
}, 240_000);
