import type { Browser } from 'playwright-core';
import { startLocalStack, type Stack } from '../../infra/local/stack';
import { expectText, fill, launch, registerWithPhone, shot, signIn, tap } from './browser';

/**
 * The complaint journey: a member files a complaint about a store; the store's clerk sees it on
 * the store's list; the service desk (admin) finds it on the desk, replies and resolves it; the
 * member sees the reply and the resolution on her timeline and rates it.
 */
let stack: Stack;
let browser: Browser;
const errors: string[] = [];

beforeAll(async () => {
  stack = await startLocalStack({ apiPort: 0, h5Port: 0, standInPort: 0, dynamoPort: 0, dataDir: null, tableName: 'huiyuan-e2e-complaints' });
  browser = await launch();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

test('a member files a complaint, the desk replies and resolves it, the member sees the timeline and rates it', async () => {
  const h5 = stack.urls.h5!;

  // The member files a complaint about store S001 and asks to be called back.
  const member = await signIn(browser, h5, 'e2e-cmp-lin', errors);
  await registerWithPhone(member, '13712340061');
  await tap(member, 'home-complaints-link');
  await member.locator('#complaints-new').first().waitFor();
  await expectText(member, '#complaints-empty', '还没有投诉记录');
  await tap(member, 'complaints-new');
  await member.locator('#complaint-submit').first().waitFor();
  await tap(member, 'complaint-cat-store');
  await fill(member, 'complaint-text', '周六下午在旗舰店结账排队半小时，店员态度冷淡');
  await expectText(member, '#complaint-store-S001', '旗舰店');
  await tap(member, 'complaint-store-S001');
  await tap(member, 'complaint-contact-phone');
  await fill(member, 'complaint-phone', '13712340061');
  await shot(member, 'complaints-01-member-form');
  await tap(member, 'complaint-submit');
  await expectText(member, '#complaint-state', '待受理');
  await expectText(member, '#complaint-timeline', '会员提交投诉');
  const id = (await member.locator('#complaint-facts').first().getAttribute('data-complaint-id'))!;
  expect(id).toMatch(/^C\d{8}[0-9A-Z]{6}$/);
  await shot(member, 'complaints-02-member-filed');

  // The clerk of S001 sees it on the store's list.
  const clerk = await signIn(browser, h5, 'demo-staff', errors);
  await tap(clerk, 'home-staff');
  await tap(clerk, 'staff-complaints-link');
  await expectText(clerk, `#staff-complaint-${id}`, '待受理');
  await tap(clerk, `staff-complaint-${id}`);
  await expectText(clerk, '#staff-complaint-detail', '137****0061');
  await shot(clerk, 'complaints-03-staff-list');

  // The desk: filter new complaints, open it, reply (which starts it), then resolve.
  const desk = await signIn(browser, h5, 'demo-admin', errors);
  await tap(desk, 'home-admin');
  await tap(desk, 'admin-link-complaints');
  await desk.locator(`#desk-row-${id}`).first().waitFor();
  await tap(desk, 'desk-state-new');
  await expectText(desk, `#desk-row-${id}`, '待受理');
  await shot(desk, 'complaints-04-desk-list');
  await tap(desk, `desk-row-${id}`);
  await desk.locator('#desk-reply-text').first().waitFor();
  // An admin without the phones permission sees the call-back number masked (issue 16).
  await expectText(desk, '#complaint-facts', '137****0061');
  expect(await desk.locator('#complaint-facts').first().textContent()).not.toContain('13712340061');
  await fill(desk, 'desk-reply-text', '非常抱歉，店长已约谈当班店员，并为您补发一张 20 元礼券');
  await tap(desk, 'desk-reply-submit');
  await expectText(desk, '#complaint-state', '处理中');
  await expectText(desk, '#complaint-timeline', '客服回复');
  await tap(desk, 'desk-resolve');
  await expectText(desk, '#complaint-state', '已解决');
  await desk.locator('#desk-close').first().waitFor();
  await shot(desk, 'complaints-05-desk-resolved');

  // The member sees the reply and the resolution, then rates it.
  await member.reload();
  await expectText(member, '#complaint-state', '已解决');
  await expectText(member, '#complaint-timeline', '非常抱歉，店长已约谈当班店员');
  await expectText(member, '#complaint-timeline', '客服已解决');
  const events = await member.locator('#complaint-timeline .timeline-event').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-type')}/${e.getAttribute('data-by')}`));
  expect(events).toEqual(['created/member', 'replied/admin', 'resolved/admin']);
  await member.locator('#complaint-reopen').first().waitFor();
  await shot(member, 'complaints-06-member-timeline');
  await tap(member, 'rating-star-4');
  await fill(member, 'rating-comment', '处理很及时');
  await tap(member, 'rating-submit');
  await expectText(member, '#complaint-rating', '★★★★☆ 处理很及时');
  await expectText(member, '#complaint-timeline', '会员评价');
  expect(await member.locator('#complaint-rate').count()).toBe(0);
  await shot(member, 'complaints-07-member-rated');

  // Her list shows the state; the desk sees the rating.
  await member.goto(`${h5}#/member/complaints/index`);
  await member.reload();
  await expectText(member, `#complaint-row-${id}`, '已解决');
  await desk.goto(`${h5}#/admin/complaints/index`);
  await desk.reload();
  await tap(desk, `desk-row-${id}`);
  await expectText(desk, '#complaint-rating', '处理很及时');

  expect(errors).toEqual([]);
}, 240_000);
