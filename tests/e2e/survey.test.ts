import type { Browser } from 'playwright-core';
import { startLocalStack, type Stack } from '../../infra/local/stack';
import { expectText, fill, launch, registerWithPhone, shot, signIn, tap } from './browser';

/**
 * Questionnaires (issue 19): the admin builds a survey (a single choice whose options give tags and fill the
 * profile fact 肤质, and an optional text question) and publishes it; a member sees it on her home with its
 * points, answers it on the page and gets the points; the admin reads the results and segments by the tag
 * her answer gave, and the segment preview counts her.
 */
let stack: Stack;
let browser: Browser;
const errors: string[] = [];

beforeAll(async () => {
  stack = await startLocalStack({ apiPort: 0, h5Port: 0, standInPort: 0, dynamoPort: 0, dataDir: null, tableName: 'huiyuan-e2e-surveys' });
  browser = await launch();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

test('a member answers a questionnaire and the admin segments by the resulting tag', async () => {
  const h5 = stack.urls.h5!;
  const admin = await signIn(browser, h5, 'demo-admin', errors);
  await tap(admin, 'home-admin');
  await tap(admin, 'admin-link-surveys');
  await admin.locator('#survey-builder').first().waitFor();
  // Saving the empty form names what is missing.
  await tap(admin, 'survey-save');
  await admin.locator('#survey-save-error').first().waitFor();

  await fill(admin, 'survey-title', '肤质小调查');
  await fill(admin, 'survey-intro', '两道题，答完送积分');
  await fill(admin, 'survey-points', '20');
  await fill(admin, 'survey-q0-title', '您的肤质是？');
  await fill(admin, 'survey-q0-fact', '肤质');
  await fill(admin, 'survey-q0-opt0-label', '干性');
  await fill(admin, 'survey-q0-opt0-tag', '干皮');
  await fill(admin, 'survey-q0-opt1-label', '油性');
  await fill(admin, 'survey-q0-opt1-tag', '油皮');
  await tap(admin, 'survey-add-question');
  await tap(admin, 'survey-q1-kind-text');
  await fill(admin, 'survey-q1-title', '还想告诉我们什么');
  await tap(admin, 'survey-q1-required');
  await tap(admin, 'survey-save');
  await expectText(admin, '#surveys-done', '草稿已保存');
  const row = admin.locator('#survey-list .list-row[data-state="draft"]', { hasText: '肤质小调查' }).first();
  await row.waitFor();
  const surveyId = (await row.getAttribute('id'))!.replace('survey-row-', '');
  expect(surveyId).toMatch(/^sv_/);
  await tap(admin, `survey-publish-${surveyId}`);
  await expectText(admin, '#surveys-done', '已发布');
  await expectText(admin, `#survey-row-${surveyId}`, '进行中');
  await shot(admin, 'survey-01-admin-builds-and-publishes');

  const member = await signIn(browser, h5, 'e2e-rose', errors);
  await registerWithPhone(member, '13712340077');
  await expectText(member, '#home-surveys', '填写即得 20 积分');
  await shot(member, 'survey-02-member-home-entry');
  await tap(member, 'home-surveys');
  await member.locator('#survey-q1').first().waitFor();
  // Submitting with nothing chosen is refused on the page.
  await tap(member, 'survey-submit');
  await expectText(member, '#survey-error', '请回答第 1 题');
  await tap(member, 'survey-q1-o1');
  await fill(member, 'survey-q2-text', '冬天脸上容易起皮');
  await shot(member, 'survey-03-member-answers');
  await tap(member, 'survey-submit');
  await expectText(member, '#survey-done-points', '+20 积分');
  await shot(member, 'survey-04-member-rewarded');
  // Answered: the home no longer asks; 我的 › 问卷调查 lists it as answered.
  await member.goto(`${h5}#/member/surveys/index`);
  await member.reload();
  await expectText(member, `#survey-row-${surveyId}`, '已填写');

  await admin.goto(`${h5}#/admin/surveys/results?id=${surveyId}`);
  await admin.reload();
  await admin.waitForFunction(() => document.querySelector('#results-responses')?.getAttribute('data-count') === '1', undefined, { timeout: 10_000 });
  expect(await admin.locator('#results-q0-o1').first().getAttribute('data-count')).toBe('1');
  expect(await admin.locator('#results-q0-o2').first().getAttribute('data-count')).toBe('0');
  await expectText(admin, '#results-q1-texts', '冬天脸上容易起皮');
  await shot(admin, 'survey-05-admin-results');

  await admin.goto(`${h5}#/admin/segments/index`);
  await admin.reload();
  await admin.locator('#segment-builder').first().waitFor();
  await admin.locator('#seg-tags .nut-button', { hasText: '干皮' }).first().click();
  await admin.waitForFunction(() => document.querySelector('#seg-count')?.getAttribute('data-count') === '1', undefined, { timeout: 10_000 });
  await expectText(admin, '#seg-sample', '137****0077');
  await admin.locator('#seg-count').first().scrollIntoViewIfNeeded();
  await shot(admin, 'survey-06-admin-segment-by-tag');
  expect(errors).toEqual([]);
}, 180_000);
