import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '../../functions/adapters/dynamo/client';
import { grantRole } from '../../functions/adapters/dynamo/identity-repo';
import { keys } from '../../functions/adapters/dynamo/keys';
import { getCampaign } from '../../functions/adapters/dynamo/campaign-repo';
import { executeRun, runDueCampaigns } from '../../functions/campaigns/campaigns';
import { handler as campaignsHandler } from '../../functions/campaigns/http';
import { handler as careHandler } from '../../functions/care/http';
import { handler as couponsHandler } from '../../functions/coupons/http';
import { handler as segmentsHandler } from '../../functions/segments/http';
import { setClock } from '../../functions/lib/clock';
import { actors } from './actors';
import { call, devPost, setupWorld } from './support';

let world: Awaited<ReturnType<typeof setupWorld>>;
const a = actors(() => world.standIn);
let marketer: string;
let approver: string;
let clerk: string;

/**
 * The next noon in Shanghai (outside the care settings' quiet hours 21:00-09:00), never before the
 * real time: session tokens are signed at the moved clock and checked against the real one.
 */
function nextNoon(): Date {
  const real = Date.now();
  const localDay = new Date(real + 8 * 3_600_000).toISOString().slice(0, 10);
  const noon = new Date(`${localDay}T04:00:00.000Z`).getTime();
  return new Date(noon >= real ? noon : noon + 86_400_000);
}
let now = nextNoon();
const TEMPLATE = 'tmpl-campaign';

beforeAll(async () => {
  world = await setupWorld();
  setClock({ now: () => now });
  await grantRole('o-approver', { role: 'admin' }, 'test');
  marketer = (await a.login('demo-admin')).token;
  approver = (await a.login('o-approver')).token;
  clerk = (await a.login('demo-staff')).token;
});
afterAll(async () => {
  setClock(null);
  await world.close();
});

const campaigns = (token: string, method: string, path: string, body?: unknown, query?: Record<string, string>) =>
  call(campaignsHandler, { method, path, token, body, ...(query ? { query } : {}) });
const segments = (token: string, method: string, path: string, body?: unknown) => call(segmentsHandler, { method, path, token, body });

/** A member who accepts the campaign template in WeChat's sheet, and reports it. */
let consentSeq = 0;
async function consent(openid: string, token: string, times = 1) {
  for (let i = 0; i < times; i++, consentSeq++) {
    await devPost(world.standIn, '/__dev/subscribe', { openid, templateIds: [TEMPLATE] });
    const r = await call(careHandler, { path: '/members/me/subscriptions', token, body: { requestId: `consent-${consentSeq}-abcdef`, accepted: [TEMPLATE], rejected: [], moment: 'coupon' } });
    expect(r.status).toBe(200);
  }
}

async function tag(memberId: string, t: string) {
  const r = await segments(marketer, 'POST', `/staff/members/${memberId}/tags`, { add: [t] });
  expect(r.status).toBe(200);
}

async function messagesTo(openid: string) {
  const r = await fetch(`${world.standIn.url}/__dev/messages?touser=${openid}`);
  return ((await r.json()) as { messages: { template_id: string; data: Record<string, { value: string }>; page: string | null }[] }).messages;
}

async function couponTemplate(name: string) {
  const r = await call(couponsHandler, {
    path: '/admin/coupon-templates',
    token: marketer,
    body: { name, description: '', kind: 'threshold', amountOffFen: 5_000, thresholdFen: 30_000, scope: { kind: 'all' }, stores: null, stackable: true, validity: { kind: 'afterIssue', days: 30 }, stock: 100, perMemberLimit: null, claimable: false },
  });
  expect(r.status).toBe(201);
  return r.body.id as string;
}

const draft = (segmentId: string, over: Record<string, unknown> = {}) => ({
  name: '双11会员专享',
  segmentId,
  template: { templateId: TEMPLATE, fields: { thing1: '{name}，双11专享', thing2: '送您{coupon}' } },
  schedule: { once: { at: new Date(now.getTime() + 3_600_000).toISOString() } },
  ...over,
});

describe('campaigns', () => {
  let segmentId: string;
  let lily: { token: string; id: string; phone: string };
  let mia: { token: string; id: string; phone: string };
  let nora: { token: string; id: string; phone: string };

  beforeAll(async () => {
    lily = await a.newMember('o-cmp-lily');
    mia = await a.newMember('o-cmp-mia');
    nora = await a.newMember('o-cmp-nora');
    await a.me(lily.token);
    await tag(lily.id, '双11');
    await tag(mia.id, '双11');
    // Lily accepts the campaign template; Mia never does; Nora is not in the segment.
    await consent('o-cmp-lily', lily.token);
    await consent('o-cmp-nora', nora.token);
    const s = await segments(marketer, 'POST', '/admin/segments', { name: '双11人群', filter: { tagsAny: ['双11'] } });
    expect(s.status).toBeLessThan(300);
    segmentId = s.body.id;
  });

  test('a campaign is checked when made: schedule ahead, a saved segment, a known template and coupon, named fields', async () => {
    const past = await campaigns(marketer, 'POST', '/admin/campaigns', draft(segmentId, { schedule: { once: { at: new Date(now.getTime() - 60_000).toISOString() } } }));
    expect([past.status, past.body.error.fields[0].path]).toEqual([422, 'schedule.once.at']);
    const seg = await campaigns(marketer, 'POST', '/admin/campaigns', draft('no-such-segment'));
    expect([seg.status, seg.body.error.fields[0].path]).toEqual([422, 'segmentId']);
    const tpl = await campaigns(marketer, 'POST', '/admin/campaigns', draft(segmentId, { template: { templateId: 'tmpl-nobody', fields: { thing1: 'x' } } }));
    expect([tpl.status, tpl.body.error.fields[0].path]).toEqual([422, 'template.templateId']);
    const coupon = await campaigns(marketer, 'POST', '/admin/campaigns', draft(segmentId, { couponTemplateId: 't_000000000000' }));
    expect([coupon.status, coupon.body.error.fields[0].path]).toEqual([422, 'couponTemplateId']);
    const quiet = await campaigns(marketer, 'POST', '/admin/campaigns', draft(segmentId, { schedule: { recurring: { every: 'day', at: '22:30', from: '2099-01-01' } } }));
    expect([quiet.status, quiet.body.error.code, quiet.body.error.fields[0].path]).toEqual([422, 'quiet_hours', 'schedule.recurring.at']);
    const field = await campaigns(marketer, 'POST', '/admin/campaigns', draft(segmentId, { template: { templateId: TEMPLATE, fields: { thing1: '{nickname}' } } }));
    expect([field.status, field.body.error.fields[0].path]).toEqual([400, 'template.fields.thing1']);
    const staff = await campaigns(clerk, 'POST', '/admin/campaigns', draft(segmentId));
    expect(staff.status).toBe(403);
  });

  test('approval: the creator cannot approve her own campaign; nothing runs before a second admin approves', async () => {
    const c = await campaigns(marketer, 'POST', '/admin/campaigns', draft(segmentId));
    expect([c.status, c.body.state]).toEqual([201, 'draft']);
    const id = c.body.id as string;
    const early = await campaigns(approver, 'POST', `/admin/campaigns/${id}/approve`);
    expect([early.status, early.body.error.fields[0].path]).toEqual([409, 'state']);
    expect((await campaigns(marketer, 'POST', `/admin/campaigns/${id}/submit`)).body.state).toBe('pending_approval');
    const self = await campaigns(marketer, 'POST', `/admin/campaigns/${id}/approve`);
    expect([self.status, self.body.error.code, self.body.error.fields[0].path]).toEqual([403, 'same_approver', 'approvedBy']);
    const notYet = await campaigns(marketer, 'POST', `/admin/campaigns/${id}/run-now`);
    expect(notYet.status).toBe(409);
    // Due time passes: the scheduler does not touch a campaign pending approval.
    now = new Date(now.getTime() + 2 * 3_600_000);
    expect((await runDueCampaigns()).ran).toEqual([]);
    const rejected = await campaigns(approver, 'POST', `/admin/campaigns/${id}/reject`, { reason: '文案需修改' });
    expect([rejected.body.state, rejected.body.rejectedBy, rejected.body.rejectReason]).toEqual(['rejected', 'o-approver', '文案需修改']);
    expect((await campaigns(approver, 'POST', `/admin/campaigns/${id}/approve`)).status).toBe(409);
    expect(await messagesTo('o-cmp-lily')).toEqual([]);
  });

  test('a scheduled run: targets the segment, only the consenting member gets the message, coupons issued once, a rerun sends nothing, results add up', async () => {
    const tplId = await couponTemplate('双11满300减50');
    const c = await campaigns(marketer, 'POST', '/admin/campaigns', draft(segmentId, { couponTemplateId: tplId }));
    const id = c.body.id as string;
    expect(c.body.couponName).toBe('双11满300减50');
    await campaigns(marketer, 'POST', `/admin/campaigns/${id}/submit`);
    const ok = await campaigns(approver, 'POST', `/admin/campaigns/${id}/approve`);
    expect([ok.status, ok.body.state, ok.body.approvedBy, ok.body.nextRunId]).toEqual([200, 'approved', 'o-approver', 'once']);
    // Not due yet.
    expect((await runDueCampaigns()).ran.filter((r) => r.campaignId === id)).toEqual([]);
    now = new Date(now.getTime() + 2 * 3_600_000);
    const tick = await runDueCampaigns();
    expect(tick.ran.find((r) => r.campaignId === id)).toEqual({ campaignId: id, runId: 'once', targeted: 2, sent: 1 });

    const lilyMsgs = (await messagesTo('o-cmp-lily')).filter((m) => m.template_id === TEMPLATE);
    expect(lilyMsgs).toHaveLength(1);
    expect(lilyMsgs[0]!.data.thing1!.value).toContain('双11专享');
    expect(lilyMsgs[0]!.data.thing2!.value).toBe('送您双11满300减50');
    expect(await messagesTo('o-cmp-mia')).toEqual([]);
    expect(await messagesTo('o-cmp-nora')).toEqual([]);
    // Both targeted members have the coupon, consent or not; Nora has none.
    const wallet = async (token: string) => (await call(couponsHandler, { method: 'GET', path: '/members/me/coupons', token })).body.coupons.filter((x: { templateId: string }) => x.templateId === tplId);
    expect(await wallet(lily.token)).toHaveLength(1);
    expect((await wallet(lily.token))[0].source).toBe('campaign');
    expect(await wallet(mia.token)).toHaveLength(1);
    expect(await wallet(nora.token)).toHaveLength(0);
    expect((await campaigns(marketer, 'GET', `/admin/campaigns/${id}`)).body).toMatchObject({ state: 'done', runs: 1, lastRunId: 'once', nextRunAt: null });

    // A rerun of the same run (even with its records lost, as after a crash) issues and sends nothing twice.
    const rec = (await getCampaign(id))!;
    await executeRun(rec, { runId: 'once', at: now.toISOString() });
    const { client, table } = db();
    await client.send(new DeleteCommand({ TableName: table, Key: keys.campaignRecipient(id, 'once', lily.id) }));
    await executeRun(rec, { runId: 'once', at: now.toISOString() });
    expect((await runDueCampaigns()).ran.filter((r) => r.campaignId === id)).toEqual([]);
    expect((await messagesTo('o-cmp-lily')).filter((m) => m.template_id === TEMPLATE)).toHaveLength(1);
    expect(await wallet(lily.token)).toHaveLength(1);
    expect(await wallet(mia.token)).toHaveLength(1);

    // Lily uses her coupon at the till: the results count it as redeemed.
    const coupon = (await wallet(lily.token))[0];
    const code = await a.codeFor(lily.token);
    const body = a.orderBody(code, 35_000, { coupons: [coupon.id], items: [{ sku: 'SKU-1', name: '真丝睡衣', quantity: 1, unitPriceFen: 40_000 }] });
    const bought = await a.checkout(clerk, body);
    expect([bought.status, JSON.stringify(bought.body.error ?? null)]).toEqual([200, 'null']);

    const results = await campaigns(marketer, 'GET', `/admin/campaigns/${id}/results`);
    expect(results.status).toBe(200);
    expect(results.body.runs).toHaveLength(1);
    const run = results.body.runs[0];
    expect(run).toMatchObject({ runId: 'once', targeted: 2, consented: 1, sent: 1, couponsIssued: 2, couponsRedeemed: 1 });
    expect(run.outcomes.no_consent).toBe(1);
    const byMember = Object.fromEntries(run.recipients.map((r: { memberId: string }) => [r.memberId, r]));
    expect(byMember[lily.id]).toMatchObject({ outcome: 'sent', couponState: 'used' });
    expect(byMember[mia.id]).toMatchObject({ outcome: 'no_consent', couponState: 'available' });
    expect(byMember[nora.id]).toBeUndefined();
    expect(results.body.totals).toEqual({ targeted: 2, consented: 1, sent: 1, couponsIssued: 2, couponsRedeemed: 1 });
  }, 120_000);

  test('two schedulers and an admin racing on one due campaign: one run, one message, one coupon each', async () => {
    const zoe = await a.newMember('o-cmp-zoe');
    await tag(zoe.id, '抢跑');
    await consent('o-cmp-zoe', zoe.token, 2);
    const seg = await segments(marketer, 'POST', '/admin/segments', { name: '抢跑人群', filter: { tagsAny: ['抢跑'] } });
    const tplId = await couponTemplate('抢跑券');
    const c = await campaigns(marketer, 'POST', '/admin/campaigns', draft(seg.body.id, { couponTemplateId: tplId }));
    const id = c.body.id as string;
    await campaigns(marketer, 'POST', `/admin/campaigns/${id}/submit`);
    await campaigns(approver, 'POST', `/admin/campaigns/${id}/approve`);
    now = new Date(now.getTime() + 2 * 3_600_000);
    const [t1, t2, admin] = await Promise.all([runDueCampaigns(), runDueCampaigns(), campaigns(approver, 'POST', `/admin/campaigns/${id}/run-now`)]);
    const runs = [...t1.ran, ...t2.ran].filter((r) => r.campaignId === id).length + (admin.status === 200 && admin.body.run ? 1 : 0);
    expect(runs).toBe(1);
    expect([200, 409]).toContain(admin.status);
    expect((await messagesTo('o-cmp-zoe')).filter((m) => m.template_id === TEMPLATE)).toHaveLength(1);
    const wallet = (await call(couponsHandler, { method: 'GET', path: '/members/me/coupons', token: zoe.token })).body.coupons.filter((x: { templateId: string }) => x.templateId === tplId);
    expect(wallet).toHaveLength(1);
    expect((await campaigns(marketer, 'GET', `/admin/campaigns/${id}`)).body).toMatchObject({ state: 'done', runs: 1 });
  }, 120_000);

  test('run-now runs an approved recurring campaign at once; the next day runs again with a new occasion; cancel stops it', async () => {
    await consent('o-cmp-lily', lily.token, 2);
    const today = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const c = await campaigns(marketer, 'POST', '/admin/campaigns', draft(segmentId, { name: '每日签到提醒', schedule: { recurring: { every: 'day', at: '20:00', from: today } } }));
    expect(c.status).toBe(201);
    const id = c.body.id as string;
    await campaigns(marketer, 'POST', `/admin/campaigns/${id}/submit`);
    const ok = await campaigns(approver, 'POST', `/admin/campaigns/${id}/approve`);
    expect(ok.body.nextRunId).toBe(today);
    const before = (await messagesTo('o-cmp-lily')).length;
    // At 22:30 in Shanghai (quiet hours) run-now is refused and nothing is spent.
    const noon = now;
    now = new Date(`${today}T14:30:00.000Z`);
    const quiet = await campaigns(approver, 'POST', `/admin/campaigns/${id}/run-now`);
    expect([quiet.status, quiet.body.error.code, quiet.body.error.fields[0].path]).toEqual([409, 'quiet_hours', 'quietHours']);
    now = noon;
    expect((await campaigns(marketer, 'GET', `/admin/campaigns/${id}/results`)).body.runs).toEqual([]);
    const ran = await campaigns(approver, 'POST', `/admin/campaigns/${id}/run-now`);
    expect(ran.status).toBe(200);
    expect(ran.body.run).toMatchObject({ runId: today, targeted: 2, sent: 1 });
    expect(ran.body.campaign.state).toBe('approved');
    expect(ran.body.campaign.nextRunId > today).toBe(true);
    // At 20:00 today nothing runs again (today's occurrence was run early).
    now = new Date(`${today}T12:01:00.000Z`);
    expect((await runDueCampaigns()).ran.filter((r) => r.campaignId === id)).toEqual([]);
    // The next day, at 20:00 local... quiet hours start at 21:00, so 20:00 still sends.
    const tomorrow = ran.body.campaign.nextRunId as string;
    now = new Date(`${tomorrow}T12:01:00.000Z`);
    const tick = await runDueCampaigns();
    expect(tick.ran.find((r) => r.campaignId === id)).toMatchObject({ runId: tomorrow, targeted: 2, sent: 1 });
    expect((await messagesTo('o-cmp-lily')).length).toBe(before + 2);
    const cancelled = await campaigns(marketer, 'POST', `/admin/campaigns/${id}/cancel`);
    expect([cancelled.body.state, cancelled.body.nextRunAt]).toEqual(['cancelled', null]);
    now = new Date(now.getTime() + 86_400_000);
    expect((await runDueCampaigns()).ran.filter((r) => r.campaignId === id)).toEqual([]);
    const results = await campaigns(marketer, 'GET', `/admin/campaigns/${id}/results`);
    expect(results.body.runs.map((r: { runId: string }) => r.runId)).toEqual([today, tomorrow]);
    const list = await campaigns(marketer, 'GET', '/admin/campaigns', undefined, { state: 'cancelled' });
    expect(list.body.campaigns.map((x: { id: string }) => x.id)).toContain(id);
  }, 120_000);
});
