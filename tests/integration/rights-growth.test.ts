/**
 * Members' data rights over what growth keeps of her (issue 19): her data copy holds her check-in days, her
 * referrals (other people masked), her questionnaire answers in words and her ratings of the service; her
 * erasure removes her questionnaire facts, choices and texts and her comments, while the brand's sums (the
 * survey's results, the clerk's rating) stay as they were.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '../../functions/adapters/dynamo/client';
import { keys } from '../../functions/adapters/dynamo/keys';
import { drainBackground } from '../../functions/lib/background';
import { setClock } from '../../functions/lib/clock';
import { registerMember } from '../../functions/members/http';
import { erase } from '../../functions/rights/scheduled';
import { DATA_COPY_SECTIONS } from '../../shared/domain/data-copy';
import { actors } from './actors';
import { call, callRoute, phoneCode, setupWorld, uniquePhone } from './support';

let world: Awaited<ReturnType<typeof setupWorld>>;
const a = actors(() => world.standIn);
let admin: string;
let clerk: string;
const DAY = 86_400_000;

beforeAll(async () => {
  world = await setupWorld();
  admin = (await a.login('demo-admin')).token;
  clerk = (await a.login('demo-staff')).token;
}, 60_000);
afterAll(async () => {
  setClock(null);
  await world.close();
});

const item = async (key: { PK: string; SK: string }) => {
  const { client, table } = db();
  return (await client.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item ?? null;
};

test('her data copy holds her growth data; her erasure removes what she wrote and chose, the sums stay', async () => {
  // Referrals on; a published questionnaire with a fact, a tag and a text question.
  const s0 = await callRoute('GET', '/admin/referral-settings', admin);
  const put = await callRoute('PUT', '/admin/referral-settings', admin, {
    rev: s0.body.rev,
    settings: { ...s0.body.settings, enabled: true, referrer: { points: 100, couponTemplateId: null }, referee: { points: 50, couponTemplateId: null }, rulesText: '好友注册并完成首笔消费，退货期后双方获得奖励。' },
  });
  expect(put.status).toBe(200);
  const created = await callRoute('POST', '/admin/surveys', admin, {
    title: '护肤习惯调查',
    intro: '',
    points: 20,
    audience: { kind: 'all' },
    questions: [
      { kind: 'single', title: '您的肤质是？', factKey: '肤质', options: [{ label: '干性', tag: '干皮' }, { label: '油性' }] },
      { kind: 'text', title: '还有什么想告诉我们', required: false },
    ],
  });
  expect(created.status).toBe(201);
  const surveyId = created.body.id as string;
  expect((await callRoute('POST', `/admin/surveys/${surveyId}/publish`, admin)).status).toBe(200);

  // A invites B; B registers through her code, checks in, answers, buys and rates the service.
  const inviter = await a.newMember('rg-inviter');
  const code = (await callRoute('GET', '/members/me/referral', inviter.token)).body.code as string;
  expect(code).toMatch(/^[A-Z0-9]{8}$/);
  const s = await a.login('rg-member');
  const phone = uniquePhone();
  const reg = await call(registerMember, { path: '/members', token: s.token, body: { phoneCode: await phoneCode(world.standIn, phone), consent: true, referralCode: code } });
  expect(reg.status).toBe(200);
  const member = { id: reg.body.id as string, token: s.token, phone, openid: 'rg-member' };
  expect((await callRoute('POST', '/members/me/check-in', member.token)).status).toBe(200);
  const answered = await callRoute('POST', `/members/me/surveys/${surveyId}/answers`, member.token, { answers: { q1: ['o1'], q2: '冬天脸很干，电话13912345678' } });
  expect(answered.status).toBe(200);
  const bought = await a.buy(clerk, member, 8_800);
  const rated = await callRoute('POST', '/members/me/service-rating', member.token, { storeId: 'S001', orderId: bought.orderId, stars: 5, comment: '导购很专业' });
  expect(rated.status).toBe(200);
  const resultsBefore = (await callRoute('GET', `/admin/surveys/${surveyId}/results`, admin)).body;

  // Her data copy.
  expect((await callRoute('POST', '/members/me/data-export', member.token)).status).toBe(202);
  await drainBackground();
  const ready = await callRoute('GET', '/members/me/data-export', member.token);
  expect(ready.body.state).toBe('ready');
  const doc = await (await fetch(ready.body.url)).json();
  for (const section of Object.values(DATA_COPY_SECTIONS)) expect(doc).toHaveProperty([section]);
  expect(doc[DATA_COPY_SECTIONS.profile].问卷资料).toEqual({ 肤质: '干性' });
  expect(doc[DATA_COPY_SECTIONS.checkIns].签到日期).toHaveLength(1);
  expect(doc[DATA_COPY_SECTIONS.checkIns].当前连续签到天数).toBe(1);
  const refs = doc[DATA_COPY_SECTIONS.referrals];
  // The inviter is masked: her phone's middle digits never appear.
  expect(refs.邀请我的会员).toContain(`${inviter.phone.slice(0, 3)}****${inviter.phone.slice(-4)}`);
  expect(JSON.stringify(doc)).not.toContain(inviter.phone);
  expect(refs.我邀请的好友).toEqual([]);
  expect(doc[DATA_COPY_SECTIONS.surveys]).toEqual([
    {
      问卷: '护肤习惯调查',
      提交时间: expect.any(String),
      回答: [
        { 问题: '您的肤质是？', 回答: '干性' },
        { 问题: '还有什么想告诉我们', 回答: '冬天脸很干，电话13912345678' },
      ],
    },
  ]);
  expect(doc[DATA_COPY_SECTIONS.ratings]).toEqual([{ 门店: expect.any(String), 订单号: bought.orderId, 评分: '5 星', 评价: '导购很专业', 时间: expect.any(String) }]);
  // The inviter's copy lists her friend, masked.
  expect((await callRoute('POST', '/members/me/data-export', inviter.token)).status).toBe(202);
  await drainBackground();
  const hers = await (await fetch((await callRoute('GET', '/members/me/data-export', inviter.token)).body.url)).json();
  expect(hers[DATA_COPY_SECTIONS.referrals].我的邀请码).toBe(code);
  expect(hers[DATA_COPY_SECTIONS.referrals].我邀请的好友).toEqual([{ 好友: expect.stringContaining(`${phone.slice(0, 3)}****${phone.slice(-4)}`), 注册时间: expect.any(String), 状态: '已注册，待首次消费' }]);
  expect(JSON.stringify(hers)).not.toContain(phone);

  // Her erasure, 15 days after she asks.
  expect((await callRoute('POST', '/members/me/deletion', member.token, { confirm: true })).status).toBe(200);
  const t0 = Date.now();
  setClock({ now: () => new Date(t0 + 16 * DAY) });
  expect((await erase()).erased).toBeGreaterThanOrEqual(1);
  const profile = await item(keys.profile(member.id));
  expect(profile?.surveyFacts).toBeUndefined();
  expect(profile?.memberTags).toBeUndefined();
  const answer = await item(keys.surveyAnswer(surveyId, member.id));
  expect(answer).toMatchObject({ erasedAt: expect.any(String) });
  expect(answer?.answers).toBeUndefined();
  expect(JSON.stringify(answer)).not.toContain('冬天');
  // Her text answer is gone from the admin's list too.
  const texts = await callRoute('GET', `/admin/surveys/${surveyId}/texts`, admin, undefined, { questionId: 'q2' });
  expect(texts.status).toBe(200);
  expect(texts.body.answers).toEqual([]);
  const rating = await item(keys.serviceRating('S001', bought.orderId));
  expect(rating).toMatchObject({ stars: 5 });
  expect(rating?.comment).toBeUndefined();
  // The brand's sums stay: the results count her answer as before; the clerk keeps her five stars.
  expect((await callRoute('GET', `/admin/surveys/${surveyId}/results`, admin)).body).toEqual(resultsBefore);
  // A second run changes nothing.
  expect((await erase()).erased).toBe(0);
}, 90_000);
