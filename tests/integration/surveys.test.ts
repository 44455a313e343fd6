/**
 * Questionnaires against DynamoDB Local: the admin builds, publishes and closes; ten concurrent submissions
 * of one member give one answer and one reward (one ledger row, balance up by the survey's points); tags
 * and profile facts written on her profile; a segment audience checked when she opens and submits; results
 * per option and text answers paged; bad answers named by field (400 from the schema, 422 against the survey).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '../../functions/adapters/dynamo/client';
import { keys } from '../../functions/adapters/dynamo/keys';
import { clearFactsCache } from '../../functions/facts/facts';
import { handler as segmentsHandler } from '../../functions/segments/http';
import { handler as surveysHandler } from '../../functions/surveys/http';
import { actors } from './actors';
import { call, setupWorld } from './support';

let world: Awaited<ReturnType<typeof setupWorld>>;
const a = actors(() => world.standIn);
let admin: string;

beforeAll(async () => {
  world = await setupWorld();
  admin = (await a.login('demo-admin')).token;
});
afterAll(async () => {
  await world.close();
});
beforeEach(() => clearFactsCache());

const sv = (token: string, method: string, path: string, body?: unknown, query?: Record<string, string>) =>
  call(surveysHandler, { method, path, token, body, ...(query ? { query } : {}) });
const seg = (method: string, path: string, body?: unknown) => call(segmentsHandler, { method, path, token: admin, body });
const profile = async (memberId: string) => {
  const { client, table } = db();
  return (await client.send(new GetCommand({ TableName: table, Key: keys.profile(memberId), ConsistentRead: true }))).Item!;
};

const skinSurvey = (over: Record<string, unknown> = {}) => ({
  title: '肤质小调查',
  intro: '两道题，答完送积分',
  points: 30,
  audience: { kind: 'all' },
  questions: [
    { kind: 'single', title: '您的肤质是？', factKey: '肤质', options: [{ label: '干性', tag: '干皮' }, { label: '油性', tag: '油皮' }, { label: '混合' }] },
    { kind: 'multiple', title: '您关心的功效', options: [{ label: '保湿', tag: '爱保湿' }, { label: '美白' }, { label: '抗老', tag: '抗老' }] },
    { kind: 'text', title: '还有什么想告诉我们', required: false },
  ],
  ...over,
});

async function published(body: unknown) {
  const c = await sv(admin, 'POST', '/admin/surveys', body);
  expect(c.status).toBe(201);
  expect(c.body.state).toBe('draft');
  const p = await sv(admin, 'POST', `/admin/surveys/${c.body.id}/publish`);
  expect(p.status).toBe(200);
  expect(p.body.state).toBe('open');
  return c.body.id as string;
}

describe('questionnaires', () => {
  test('ten concurrent submissions: one answer, one reward, tags and facts written, results counted', async () => {
    const id = await published(skinSurvey());
    const m = await a.newMember('survey-race');
    const before = (await a.myPoints(m.token)).body;

    const list = await sv(m.token, 'GET', '/members/me/surveys');
    expect(list.status).toBe(200);
    const mine = list.body.surveys.find((s: { id: string }) => s.id === id);
    expect(mine).toMatchObject({ answered: false, points: 30 });
    // Members see no tags and no fact keys.
    expect(JSON.stringify(mine)).not.toContain('干皮');

    const answers = { q1: ['o1'], q2: ['o1', 'o3'], q3: '冬天很干' };
    const all = await Promise.all(Array.from({ length: 10 }, () => sv(m.token, 'POST', `/members/me/surveys/${id}/answers`, { answers })));
    expect(all.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(all.filter((r) => r.body.replayed === false)).toHaveLength(1);
    for (const r of all) expect(r.body).toMatchObject({ surveyId: id, points: 30, tags: ['干皮', '爱保湿', '抗老'] });

    const after = (await a.myPoints(m.token)).body;
    const surveyRows = after.entries.filter((e: { source: { id: string } }) => e.source.id === `event#survey#${id}`);
    expect(surveyRows).toHaveLength(1);
    expect(surveyRows[0].points).toBe(30);
    expect(after.summary.balance).toBe(before.summary.balance + 30);

    const p = await profile(m.id);
    expect(p.memberTags).toEqual(expect.arrayContaining(['干皮', '爱保湿', '抗老']));
    expect(p.surveyFacts).toEqual({ 肤质: '干性' });
    // The admin member page shows the facts and what she answered.
    const file = await sv(admin, 'GET', `/admin/members/${m.id}/surveys`);
    expect(file.status).toBe(200);
    expect(file.body.facts).toEqual({ 肤质: '干性' });
    expect(file.body.answered).toEqual([expect.objectContaining({ surveyId: id, title: '肤质小调查', points: 30, tags: ['干皮', '爱保湿', '抗老'] })]);

    const res = await sv(admin, 'GET', `/admin/surveys/${id}/results`);
    expect(res.status).toBe(200);
    expect(res.body.responses).toBe(1);
    expect(res.body.questions[0].options.map((o: { count: number }) => o.count)).toEqual([1, 0, 0]);
    expect(res.body.questions[1].options.map((o: { count: number }) => o.count)).toEqual([1, 0, 1]);
    expect(res.body.questions[2].answered).toBe(1);

    // Answered: listed as such; other answers now are refused; the same again replays.
    const again = await sv(m.token, 'GET', '/members/me/surveys');
    expect(again.body.surveys.find((s: { id: string }) => s.id === id)).toMatchObject({ answered: true });
    const other = await sv(m.token, 'POST', `/members/me/surveys/${id}/answers`, { answers: { q1: ['o2'], q2: ['o2'] } });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('survey_answered');
  });

  test('the tag an answer gives is usable in a segment at once', async () => {
    const id = await published(skinSurvey({ title: '油皮调查', questions: [{ kind: 'single', title: '肤质', factKey: '肤质', options: [{ label: '油性', tag: '油皮问卷' }, { label: '干性' }] }] }));
    const m = await a.newMember('survey-seg-tag');
    expect((await sv(m.token, 'POST', `/members/me/surveys/${id}/answers`, { answers: { q1: ['o1'] } })).status).toBe(200);
    const preview = await seg('POST', '/admin/segments/preview', { filter: { tagsAny: ['油皮问卷'] } });
    expect(preview.status).toBe(200);
    expect(preview.body.count).toBe(1);
    expect(preview.body.sample[0].memberId).toBe(m.id);
    // Published option tags are in the catalogue for the segment builder.
    const tags = await seg('GET', '/admin/tags');
    expect(tags.body.tags.map((t: { tag: string }) => t.tag)).toContain('油皮问卷');
    // The segment's CSV carries her survey facts (问卷资料).
    const saved = await seg('POST', '/admin/segments', { name: '油皮问卷', filter: { tagsAny: ['油皮问卷'] } });
    const csv = await call(segmentsHandler, { method: 'GET', path: `/admin/segments/${saved.body.id}/export`, token: admin });
    expect(csv.status).toBe(200);
    const [header, row] = (csv.body.csv as string).trim().split('\r\n');
    expect(header!.split(',').pop()).toBe('问卷资料');
    expect(row!.split(',').pop()).toBe('肤质:油性');
    // The fact itself is a segment criterion too (肤质 is 油性), whichever question set it.
    const byFact = await seg('POST', '/admin/segments/preview', { filter: { facts: [{ key: '肤质', values: ['油性'] }] } });
    expect(byFact.status).toBe(200);
    expect(byFact.body.sample.map((x: { memberId: string }) => x.memberId)).toContain(m.id);
    const notFact = await seg('POST', '/admin/segments/preview', { filter: { facts: [{ key: '肤质', values: ['干性'] }] } });
    expect(notFact.body.sample.map((x: { memberId: string }) => x.memberId)).not.toContain(m.id);
    const bad = await seg('POST', '/admin/segments/preview', { filter: { facts: [{ key: '肤=质', values: ['油性'] }] } });
    expect([bad.status, bad.body.error.fields[0].path]).toEqual([400, 'filter.facts.0.key']);
  });

  test('a survey for a saved segment: members outside it neither see nor answer it', async () => {
    const vip = await a.newMember('survey-vip');
    const other = await a.newMember('survey-not-vip');
    const tagged = await call(segmentsHandler, { method: 'POST', path: `/staff/members/${vip.id}/tags`, token: admin, body: { add: ['问卷贵宾'] } });
    expect(tagged.status).toBe(200);
    const s = await seg('POST', '/admin/segments', { name: '问卷贵宾', filter: { tagsAny: ['问卷贵宾'] } });
    expect(s.status).toBe(200);
    const id = await published(skinSurvey({ title: '贵宾问卷', audience: { kind: 'segment', segmentId: s.body.id } }));

    const seenBy = async (token: string) => (await sv(token, 'GET', '/members/me/surveys')).body.surveys.map((x: { id: string }) => x.id);
    expect(await seenBy(vip.token)).toContain(id);
    expect(await seenBy(other.token)).not.toContain(id);
    expect((await sv(other.token, 'GET', `/members/me/surveys/${id}`)).status).toBe(403);
    const refused = await sv(other.token, 'POST', `/members/me/surveys/${id}/answers`, { answers: { q1: ['o1'], q2: ['o2'] } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('survey_not_for_member');
    expect((await sv(vip.token, 'GET', `/members/me/surveys/${id}`)).status).toBe(200);
    expect((await sv(vip.token, 'POST', `/members/me/surveys/${id}/answers`, { answers: { q1: ['o2'], q2: ['o2'] } })).status).toBe(200);

    // Membership is checked at submission time: a member tagged later may answer.
    await call(segmentsHandler, { method: 'POST', path: `/staff/members/${other.id}/tags`, token: admin, body: { add: ['问卷贵宾'] } });
    expect((await sv(other.token, 'POST', `/members/me/surveys/${id}/answers`, { answers: { q1: ['o1'], q2: ['o2'] } })).status).toBe(200);

    // A segment that does not exist is refused when building.
    const bad = await sv(admin, 'POST', '/admin/surveys', skinSurvey({ audience: { kind: 'segment', segmentId: 'seg_nosuchsegment' } }));
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('segment_not_found');
  });

  test('bad answers are named by field: 400 by the schema, 422 against the survey', async () => {
    const id = await published(skinSurvey({ title: '校验问卷' }));
    const m = await a.newMember('survey-bad');
    const post = (body: unknown) => sv(m.token, 'POST', `/members/me/surveys/${id}/answers`, body);

    const wrongType = await post({ answers: { q1: 5 } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.fields.map((f: { path: string }) => f.path).join(' ')).toContain('answers.q1');

    const unknownOption = await post({ answers: { q1: ['o9'], q2: ['o1'] } });
    expect(unknownOption.status).toBe(422);
    expect(unknownOption.body.error.code).toBe('invalid_answer');
    expect(unknownOption.body.error.fields).toEqual([expect.objectContaining({ path: 'answers.q1' })]);

    const twoForSingle = await post({ answers: { q1: ['o1', 'o2'], q2: ['o1'] } });
    expect(twoForSingle.status).toBe(422);
    expect(twoForSingle.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['answers.q1']);

    const incomplete = await post({ answers: { q1: ['o1'] } });
    expect(incomplete.status).toBe(422);
    expect(incomplete.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['answers.q2']);

    // Nothing was written by the refusals: no answer, no points.
    expect((await sv(admin, 'GET', `/admin/surveys/${id}/results`)).body.responses).toBe(0);
    expect((await post({ answers: { q1: ['o3'], q2: ['o2'] } })).status).toBe(200);
  });

  test('the builder refuses bad questions by field, a published survey cannot change, a closed one takes no answers', async () => {
    const bad = await sv(admin, 'POST', '/admin/surveys', skinSurvey({ questions: [{ kind: 'single', title: '只有一个选项', options: [{ label: '唯一' }] }] }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['questions.0.options']);

    const c = await sv(admin, 'POST', '/admin/surveys', skinSurvey({ title: '草稿' }));
    const id = c.body.id as string;
    const m = await a.newMember('survey-closed');
    // A draft is unknown to members.
    expect((await sv(m.token, 'GET', `/members/me/surveys/${id}`)).status).toBe(404);
    const edited = await sv(admin, 'PUT', `/admin/surveys/${id}`, skinSurvey({ title: '草稿二', points: 5 }));
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ title: '草稿二', points: 5 });
    expect((await sv(admin, 'POST', `/admin/surveys/${id}/publish`)).status).toBe(200);
    const late = await sv(admin, 'PUT', `/admin/surveys/${id}`, skinSurvey());
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('survey_not_draft');
    expect((await sv(admin, 'POST', `/admin/surveys/${id}/close`)).status).toBe(200);
    const closed = await sv(m.token, 'POST', `/members/me/surveys/${id}/answers`, { answers: { q1: ['o1'], q2: ['o1'] } });
    expect(closed.status).toBe(409);
    expect(closed.body.error.code).toBe('survey_not_open');
    expect((await sv(m.token, 'GET', '/members/me/surveys')).body.surveys.map((s: { id: string }) => s.id)).not.toContain(id);

    const listed = await sv(admin, 'GET', '/admin/surveys');
    expect(listed.body.surveys.find((s: { id: string }) => s.id === id)).toMatchObject({ state: 'closed', title: '草稿二' });
  });

  test('many members answering at once are all counted (the counters are shared by shards)', async () => {
    const id = await published(skinSurvey({ title: '同时作答', points: 5 }));
    const members = await Promise.all(Array.from({ length: 12 }, (_, i) => a.newMember(`survey-many-${i}`)));
    const out = await Promise.all(members.map((m, i) => sv(m.token, 'POST', `/members/me/surveys/${id}/answers`, { answers: { q1: [i % 2 ? 'o1' : 'o2'], q2: ['o1'] } })));
    expect(out.map((r) => r.status)).toEqual(Array(12).fill(200));
    const res = await sv(admin, 'GET', `/admin/surveys/${id}/results`);
    expect(res.body.responses).toBe(12);
    expect(res.body.questions[0].options.map((o: { count: number }) => o.count)).toEqual([6, 6, 0]);
    expect(res.body.questions[1].answered).toBe(12);
    expect(res.body.survey.responses).toBe(12);
  });

  test('text answers are read a page at a time, newest first', async () => {
    const id = await published(skinSurvey({ title: '留言问卷', points: 0, questions: [{ kind: 'text', title: '建议' }] }));
    const members = await Promise.all(Array.from({ length: 5 }, (_, i) => a.newMember(`survey-text-${i}`)));
    for (const [i, m] of members.entries()) expect((await sv(m.token, 'POST', `/members/me/surveys/${id}/answers`, { answers: { q1: i === 4 ? '建议4 电话13812345678' : `建议${i}` } })).status).toBe(200);
    const page1 = await sv(admin, 'GET', `/admin/surveys/${id}/texts`, undefined, { questionId: 'q1', limit: '2' });
    expect(page1.status).toBe(200);
    expect(page1.body.answers).toHaveLength(2);
    expect(page1.body.next).not.toBeNull();
    const page2 = await sv(admin, 'GET', `/admin/surveys/${id}/texts`, undefined, { questionId: 'q1', limit: '2', cursor: page1.body.next });
    const page3 = await sv(admin, 'GET', `/admin/surveys/${id}/texts`, undefined, { questionId: 'q1', limit: '2', cursor: page2.body.next });
    const seen = [...page1.body.answers, ...page2.body.answers, ...page3.body.answers].map((x: { text: string }) => x.text);
    // A phone number typed into an answer reaches the admin masked.
    expect(seen.sort()).toEqual(['建议0', '建议1', '建议2', '建议3', '建议4 电话138****5678']);
    expect(page3.body.next).toBeNull();
    // A last page that is exactly full says so (no empty page after it).
    const byFive = await sv(admin, 'GET', `/admin/surveys/${id}/texts`, undefined, { questionId: 'q1', limit: '5' });
    expect([byFive.body.answers.length, byFive.body.next]).toEqual([5, null]);
    const fourThenOne = await sv(admin, 'GET', `/admin/surveys/${id}/texts`, undefined, { questionId: 'q1', limit: '1', cursor: page2.body.next });
    expect([fourThenOne.body.answers.length, fourThenOne.body.next]).toEqual([1, null]);
    const res = await sv(admin, 'GET', `/admin/surveys/${id}/results`);
    expect(res.body.questions[0].answered).toBe(5);
    // Points 0: no ledger row.
    const pts = (await a.myPoints(members[0]!.token)).body.entries.filter((e: { source: { id: string } }) => e.source.id.includes('survey'));
    expect(pts).toHaveLength(0);
    // Not a text question.
    expect((await sv(admin, 'GET', `/admin/surveys/${id}/texts`, undefined, { questionId: 'q9' })).status).toBe(400);
  });
});
