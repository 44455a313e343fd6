import type { Browser } from 'playwright-core';
import { setClock } from '../../functions/lib/clock';
import { startLocalStack, type Stack } from '../../infra/local/stack';
import { expectText, fill, launch, registerWithPhone, shot, signIn, tap } from './browser';

/**
 * The campaign journey: a member accepts offers when she claims a coupon; a marketer saves a
 * segment and makes a campaign with a coupon; she cannot approve it herself; a second admin
 * approves and runs it; the member's message is in the WeChat stand-in's log and the coupon in her
 * wallet; the results count her.
 */
let stack: Stack;
let browser: Browser;
const errors: string[] = [];

/**
 * The backend's clock at the next 12:00 in Shanghai (never before the real time), so the run never
 * falls in the care settings' quiet hours (21:00-09:00) whenever the suite runs.
 */
function nextNoon(): Date {
  const real = Date.now();
  const day = new Date(real + 8 * 3_600_000).toISOString().slice(0, 10);
  const noon = new Date(`${day}T04:00:00.000Z`).getTime();
  return new Date(noon >= real ? noon : noon + 86_400_000);
}
const now = nextNoon();

beforeAll(async () => {
  setClock({ now: () => now });
  stack = await startLocalStack({ apiPort: 0, h5Port: 0, standInPort: 0, dynamoPort: 0, dataDir: null, tableName: 'huiyuan-e2e-campaigns' });
  browser = await launch();
}, 240_000);

afterAll(async () => {
  setClock(null);
  await browser?.close();
  await stack?.stop();
});

test('a marketer builds a segment and a campaign with a coupon, a second admin approves, the consenting member gets the message and finds the coupon', async () => {
  const h5 = stack.urls.h5!;
  const marketer = await signIn(browser, h5, 'demo-admin', errors);
  await tap(marketer, 'home-admin');
  await tap(marketer, 'admin-link-coupons');
  await marketer.locator('#tpl-name').first().waitFor();
  // A coupon in the coupon centre (claiming it is when members are asked for offers)...
  await fill(marketer, 'tpl-name', '新人10元券');
  await tap(marketer, 'tpl-kind-amountOff');
  await fill(marketer, 'tpl-amount', '10');
  await tap(marketer, 'tpl-submit');
  await expectText(marketer, '#tpl-created', '新人10元券');
  const centreTpl = (await marketer.locator('#tpl-created').first().getAttribute('data-template-id'))!;
  // ...and the campaign's own, not in the centre.
  await fill(marketer, 'tpl-name', '双11满300减50');
  await tap(marketer, 'tpl-kind-threshold');
  await fill(marketer, 'tpl-amount', '50');
  await fill(marketer, 'tpl-threshold', '300');
  await tap(marketer, 'tpl-claimable');
  await tap(marketer, 'tpl-submit');
  await expectText(marketer, '#tpl-created', '双11满300减50');
  const campaignTpl = (await marketer.locator('#tpl-created').first().getAttribute('data-template-id'))!;

  // The member registers and claims the centre's coupon; she accepts offers (会员活动) in the sheet.
  const member = await signIn(browser, h5, 'e2e-cmp-lily', errors);
  await registerWithPhone(member, '13712340071');
  await member.locator('#consent-sheet').first().waitFor();
  await tap(member, 'consent-accept');
  await member.locator('#consent-sheet').first().waitFor({ state: 'detached' });
  await tap(member, 'home-coupons-link');
  await tap(member, 'coupons-tab-centre');
  await tap(member, `claim-${centreTpl}`);
  await expectText(member, '#claim-result', '领取成功');
  // (Pages stay mounted under the one shown on H5: the visible sheet is this page's.)
  const sheet = member.locator('#consent-sheet:visible', { hasText: '会员活动' }).first();
  await sheet.waitFor();
  await sheet.locator('#consent-accept').first().click();
  await sheet.waitFor({ state: 'detached' });
  await shot(member, 'campaigns-01-member-consented');

  // The marketer saves a segment: every 普通会员.
  await marketer.goto(`${h5}#/admin/segments/index`);
  await marketer.reload();
  await tap(marketer, 'seg-tier-MEMBER');
  await fill(marketer, 'seg-name', '双11人群');
  await tap(marketer, 'seg-save');
  await marketer.locator('#seg-saved').first().waitFor();
  const segmentId = (await marketer.locator('.segment-row[data-segment-name="双11人群"]').first().getAttribute('data-segment-id'))!;
  expect(segmentId).toBeTruthy();
  await shot(marketer, 'campaigns-02-segment');

  // The campaign: the segment, the offers template with its fields, the coupon, in an hour.
  await marketer.goto(`${h5}#/admin/campaigns/index`);
  await marketer.reload();
  await fill(marketer, 'cmp-name', '双11会员专享');
  await tap(marketer, `cmp-segment-${segmentId}`);
  await tap(marketer, 'cmp-template-tmpl-campaign');
  // The message fields are named inputs; the member's name and the coupon are inserted by chips as 【姓名】 and 【券名】.
  await fill(marketer, 'cmp-field-0', '');
  await tap(marketer, 'cmp-insert-0-name');
  await marketer.locator('#cmp-field-0 input, input#cmp-field-0').first().press('End');
  await marketer.locator('#cmp-field-0 input, input#cmp-field-0').first().pressSequentially('，双11会员专享');
  await fill(marketer, 'cmp-field-1', '送您');
  await tap(marketer, 'cmp-insert-1-coupon');
  expect(await marketer.locator('#cmp-field-1 input, input#cmp-field-1').first().inputValue()).toBe('送您【券名】');
  await tap(marketer, `cmp-coupon-${campaignTpl}`);
  // The live preview shows the message as the member will see it.
  await expectText(marketer, '#cmp-preview', '王女士，双11会员专享');
  await expectText(marketer, '#cmp-preview', '送您双11满300减50');
  await tap(marketer, 'cmp-schedule-once');
  // The backend's clock is at the next noon here, so the time is typed (the proposed one follows the browser's clock).
  const at = new Date(now.getTime() + 8 * 3_600_000 + 3_600_000).toISOString();
  await fill(marketer, 'cmp-once-date', at.slice(0, 10));
  await fill(marketer, 'cmp-once-time', at.slice(11, 16));
  await tap(marketer, 'cmp-create-submit');
  // It asks first: what will be sent, to whom, when.
  await expectText(marketer, '#cmp-confirm', '双11人群');
  await expectText(marketer, '#cmp-confirm', '双11满300减50');
  await expectText(marketer, '#cmp-confirm', '新建');
  await expectText(marketer, '#cmp-confirm', '当前 2 人');
  await marketer.locator('#cmp-confirm').first().scrollIntoViewIfNeeded();
  await shot(marketer, 'campaigns-03a-confirm');
  await tap(marketer, 'cmp-confirm-ok');
  await expectText(marketer, '#cmp-created', '待审批');
  const campaignId = (await marketer.locator('#cmp-created').first().getAttribute('data-campaign-id'))!;
  expect(campaignId).toMatch(/^cmp_/);
  // She cannot approve her own campaign: no 批准 for her, it waits for another admin.
  await expectText(marketer, `#cmp-awaiting-${campaignId}`, '另一位管理员');
  expect(await marketer.locator(`#cmp-approve-${campaignId}`).count()).toBe(0);
  await expectText(marketer, `#cmp-state-${campaignId}`, '待审批');
  await expectText(marketer, `#cmp-${campaignId}`, '创建：我');
  await shot(marketer, 'campaigns-03-marketer-cannot-approve');

  // A second admin approves and runs it now.
  const approver = await signIn(browser, h5, 'demo-approver', errors);
  await tap(approver, 'home-admin');
  await tap(approver, 'admin-link-campaigns');
  await tap(approver, `cmp-approve-${campaignId}`);
  await expectText(approver, '#cmp-action-done', '已批准');
  await expectText(approver, `#cmp-state-${campaignId}`, '已批准');
  await tap(approver, `cmp-run-${campaignId}`);
  await expectText(approver, '#cmp-action-done', '已执行');
  await expectText(approver, `#cmp-state-${campaignId}`, '已完成');
  // Targeted: she and the member imported from the store (no WeChat identity, so no consent).
  await expectText(approver, '#cmp-total-targeted', '2');
  await expectText(approver, '#cmp-total-consented', '1');
  await expectText(approver, '#cmp-total-sent', '1');
  await expectText(approver, '#cmp-total-coupons', '2');
  await shot(approver, 'campaigns-04-approved-and-run');

  // The stand-in's log: one message to her with the campaign's fields.
  const log = (await (await fetch(`${stack.urls.wechat}/__dev/messages?touser=e2e-cmp-lily`)).json()) as { messages: { template_id: string; data: Record<string, { value: string }> }[] };
  const sent = log.messages.filter((m) => m.template_id === 'tmpl-campaign');
  expect(sent).toHaveLength(1);
  expect(sent[0]!.data.thing1!.value).toContain('双11会员专享');
  expect(sent[0]!.data.thing2!.value).toBe('送您双11满300减50');

  // Her wallet has the campaign's coupon.
  await member.goto(`${h5}#/pages/coupons/index`);
  await member.reload();
  await tap(member, 'coupons-tab-wallet');
  const coupon = member.locator('.wallet-coupon', { hasText: '双11满300减50' }).first();
  await coupon.waitFor();
  expect(await coupon.getAttribute('data-state')).toBe('available');
  await shot(member, 'campaigns-05-member-wallet');
  expect(errors).toEqual([]);
}, 240_000);
