/**
 * Issue 18, part C against DynamoDB Local: the nightly snapshot equals a brute force over the profiles
 * (and resumes from its checkpoints), the planner's proposal reproduces the target shares within one
 * percentage point over real profiles, repurchase medians come from real checkouts on a moved clock
 * (after drainStream), and "time to buy again" sends once, only with consent.
 */
import { addDays, DEFAULT_CARE_TEMPLATES, ladder, qualifyingTier, qualifyingTotal, type TierProgram } from '../../shared/domain';
import { lifecycleStage, rfmScores, windowTotals, DEFAULT_RFM_CONFIG } from '../../shared/domain/rfm';
import { bandSizes } from '../../shared/domain/snapshot';
import { listTierHistory } from '../../functions/adapters/dynamo/account-repo';
import { listAudit } from '../../functions/adapters/dynamo/admin-repo';
import { memberProfiles, type StartKey } from '../../functions/adapters/dynamo/jobs-repo';
import { localDate } from '../../shared/domain';
import type { MemberRecord } from '../../functions/adapters/dynamo/member-repo';
import { handler as careHandler } from '../../functions/care/http';
import { handler as planningHandler } from '../../functions/planning/http';
import { planningReport } from '../../functions/planning/collaboration';
import { runRepurchaseCare } from '../../functions/planning/repurchase';
import { tableCsv } from '../../shared/domain/report-table';
import { runPlanningSnapshot } from '../../functions/planning/snapshot';
import { setClock } from '../../functions/lib/clock';
import { drainStream } from '../../infra/local/streams';
import { actors } from './actors';
import { call, devPost, setupWorld } from './support';

let world: Awaited<ReturnType<typeof setupWorld>>;
const a = actors(() => world.standIn);
let clerk: string;
let admin: string;
beforeAll(async () => {
  world = await setupWorld({ stream: true, ownDynamo: true });
  clerk = (await a.login('demo-staff')).token;
  admin = (await a.login('demo-admin')).token;
  await drainStream();
}, 60_000);
afterAll(() => world.close());
afterEach(() => setClock(null));

const at = (iso: string) => setClock({ now: () => new Date(iso) });
const planning = (method: string, path: string, body?: unknown) => call(planningHandler, { method, path, token: admin, body });

async function allProfiles(): Promise<MemberRecord[]> {
  const out: MemberRecord[] = [];
  const src = memberProfiles(1);
  let start: StartKey;
  do {
    const p = await src.page(0, start, 500);
    out.push(...p.items);
    start = p.lastKey;
  } while (start);
  return out;
}

/** Members with distinct 12-month spend, bought on several days before `today`. */
async function population(n: number, prefix: string) {
  const made: { id: string; token: string }[] = [];
  for (let i = 0; i < n; i += 10) {
    made.push(...(await Promise.all(Array.from({ length: Math.min(10, n - i) }, (_, j) => a.newMember(`o-plan-${prefix}-${i + j}`)))));
  }
  const days = ['2026-03-10', '2026-08-20', '2026-10-05', '2026-11-25'];
  // The clock is global: one day at a time, that day's purchases ten at a time.
  for (const [di, d] of days.entries()) {
    at(`${d}T04:00:00Z`);
    const buys: (() => Promise<unknown>)[] = [];
    made.forEach((m, k) => {
      // A spread of amounts: ¥20 to a few thousand, none equal.
      if (k % days.length === di) buys.push(() => a.buy(clerk, m, Math.round(2_000 * Math.pow(1.045, k)) + k));
      if (k % 3 === 0 && (k + 1) % days.length === di) buys.push(() => a.buy(clerk, m, 5_000 + k));
    });
    for (let i = 0; i < buys.length; i += 10) await Promise.all(buys.slice(i, i + 10).map((b) => b()));
  }
  return made;
}

describe('snapshot and planner', () => {
  let program: TierProgram;
  test('the snapshot equals a brute force over the profiles, resumed from its checkpoints', async () => {
    await population(140, 'snap');
    at('2026-12-01T18:00:00Z'); // 02:00 on 12-02 in Shanghai
    const partial = await runPlanningSnapshot({ segments: 3, pageSize: 20, stopAfterPages: 3 });
    expect(partial.done).toBe(false);
    expect((await planning('GET', '/admin/insight/snapshot')).body.snapshot).toBeNull();
    const done = await runPlanningSnapshot({ segments: 3, pageSize: 20 });
    expect(done.done).toBe(true);
    const snap = (await planning('GET', '/admin/insight/snapshot')).body.snapshot;
    expect(snap.day).toBe('2026-12-02');

    const day = '2026-12-02';
    const profiles = await allProfiles();
    const tiers: Record<string, number> = {};
    const lifecycle: Record<string, number> = { new: 0, active: 0, silent: 0, dormant: 0, lost: 0 };
    const rf = Array.from({ length: 5 }, () => [0, 0, 0]);
    const rm = Array.from({ length: 5 }, () => [0, 0, 0, 0]);
    for (const m of profiles) {
      tiers[m.tier.tierCode] = (tiers[m.tier.tierCode] ?? 0) + 1;
      const f = { firstPurchaseAt: m.firstPurchaseAt, lastPurchaseAt: m.lastPurchaseAt, months: m.factMonths ?? {} };
      lifecycle[lifecycleStage(f, day, DEFAULT_RFM_CONFIG)]!++;
      const s = rfmScores(f, day, DEFAULT_RFM_CONFIG);
      if (s.r >= 1 && s.f >= 1) {
        rf[s.r - 1]![s.f - 1]!++;
        rm[s.r - 1]![s.m - 1]!++;
      }
    }
    expect(snap.members).toBe(profiles.length);
    expect(snap.members).toBeGreaterThanOrEqual(140);
    expect(snap.tiers).toEqual(tiers);
    expect(snap.lifecycle).toEqual(lifecycle);
    expect(snap.rf).toEqual(rf);
    expect(snap.rm).toEqual(rm);
    // Pyramid: members by rank exactly, spend share and orders within the 0.5 % buckets.
    const ranked = profiles.map((m) => windowTotals(m.factMonths ?? {}, day)).sort((x, y) => y.spend12mFen - x.spend12mFen || y.orders12m - x.orders12m);
    const total = ranked.reduce((s, t) => s + t.spend12mFen, 0);
    let from = 0;
    bandSizes(ranked.length).forEach((size, i) => {
      const band = ranked.slice(from, from + size);
      from += size;
      const b = snap.pyramid[i];
      expect(b.members).toBe(size);
      expect(Math.abs(b.spendShare - (band.reduce((s, t) => s + t.spend12mFen, 0) * 100) / total)).toBeLessThanOrEqual(0.5);
      expect(Math.abs(b.orders - band.reduce((s, t) => s + t.orders12m, 0))).toBeLessThanOrEqual(1);
    });
    // Tier moves: every member's TIER# history, counted by month and by the ranks of the ladder.
    program = (await a.admin(admin, 'GET', '/admin/tiers')).body;
    const rank = new Map(ladder(program).map((t) => [t.code, t.rank]));
    const moves = new Map<string, { ups: number; downs: number }>();
    for (const m of profiles) {
      for (const e of await listTierHistory(m.memberId, 100)) {
        const [f, t] = [rank.get(e.from), rank.get(e.to)];
        if (f === undefined || t === undefined || f === t) continue;
        const month = localDate(new Date(e.at)).slice(0, 7);
        const c = moves.get(month) ?? { ups: 0, downs: 0 };
        if (t > f) c.ups++;
        else c.downs++;
        moves.set(month, c);
      }
    }
    expect(snap.tierMoves).toHaveLength(12);
    expect(snap.tierMoves.map((m: { month: string }) => m.month)[11]).toBe('2026-12');
    for (const m of snap.tierMoves) expect([m.month, m.ups, m.downs]).toEqual([m.month, moves.get(m.month)?.ups ?? 0, moves.get(m.month)?.downs ?? 0]);
    expect(snap.tierMoves.reduce((s: number, m: { ups: number }) => s + m.ups, 0)).toBeGreaterThan(0);
  }, 240_000);

  test('the planner reproduces the target shares within one percentage point over the real profiles', async () => {
    at('2026-12-02T04:00:00Z');
    const r = await planning('POST', '/admin/insight/tier-planner', { shares: [60, 30, 10] });
    expect(r.status).toBe(200);
    const p = r.body;
    expect(p.basedOn).toBe('2026-12-02');
    const day = '2026-12-02';
    const members = (await allProfiles()).filter((m) => m.familyRole !== 'secondary');
    expect(p.members).toBe(members.length);
    const proposed = ladder(program).map((t, i) => ({ ...t, threshold: p.tiers[i].thresholdFen }));
    const counts = [0, 0, 0];
    let up = 0;
    let down = 0;
    for (const m of members) {
      const q = qualifyingTier({ tiers: proposed }, qualifyingTotal(program, m.qualifying, day));
      counts[q.rank]!++;
      const cur = ladder(program).find((t) => t.code === m.tier.tierCode)!.rank;
      if (q.rank > cur) up++;
      else if (q.rank < cur) down++;
    }
    expect(p.tiers.map((t: { members: number }) => t.members)).toEqual(counts);
    [60, 30, 10].forEach((target, i) => expect(Math.abs((counts[i]! * 100) / members.length - target)).toBeLessThanOrEqual(1));
    expect([p.movesUp, p.movesDown, p.unchanged]).toEqual([up, down, members.length - up - down]);
    expect(p.tiers.map((t: { code: string }) => t.code)).toEqual(ladder(program).map((t) => t.code));

    // The planner's report table holds the same proposal.
    const table = await planningReport('planner', { shares: [60, 30, 10] });
    expect(table.header[0]).toBe('等级');
    expect(table.rows.slice(0, 3).map((row) => row[4])).toEqual(counts);
    expect(table.rows.find((row) => row[0] === '升级人数')![4]).toBe(up);
    // The snapshot's report tables, Chinese headers, figures as on the snapshot.
    const pyr = await planningReport('pyramid', {});
    expect(pyr.header).toContain('消费占比(%)');
    expect(pyr.rows.map((row) => row[1])).toEqual(bandSizes(p.members + (await allProfiles()).filter((m) => m.familyRole === 'secondary').length));
    const life = await planningReport('lifecycle', {});
    expect(life.rows.map((row) => row[0])).toEqual(['新客', '活跃', '沉默', '睡眠', '流失']);
    const tiersTable = await planningReport('tiers', {});
    expect(tiersTable.rows.slice(0, 3).map((row) => row[0])).toEqual(ladder(program).map((t) => t.name));
    const rfm = await planningReport('rfm', {});
    expect(rfm.rows).toHaveLength(5);
    expect(tableCsv(rfm).startsWith('\ufeff最近消费')).toBe(true);

    // Bad shares are refused.
    const bad = await planning('POST', '/admin/insight/tier-planner', { shares: [50, 20] });
    expect(bad.status).toBe(400);
  }, 60_000);
});

describe('repurchase cycles', () => {
  const tea = (amount: number) => ({ items: [{ sku: 'TEA-1', name: '乌龙茶', category: 'tea', quantity: 1, unitPriceFen: amount }] });
  const cup = (amount: number) => ({ items: [{ sku: 'CUP-1', name: '茶杯', quantity: 1, unitPriceFen: amount }] });

  test('medians per SKU and category from real checkouts; time to buy again sends once, only with consent', async () => {
    const s0 = await planning('GET', '/admin/insight/repurchase-settings');
    const put = await planning('PUT', '/admin/insight/repurchase-settings', { rev: s0.body.rev, settings: { consumableSkus: ['TEA-1'], consumableCategories: [], minIntervals: 3, careEnabled: true } });
    expect(put.status).toBe(200);
    const stale = await planning('PUT', '/admin/insight/repurchase-settings', { rev: s0.body.rev, settings: put.body.settings });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'settings_changed']);
    const audit = await listAudit({ source: { kind: 'target', target: 'repurchase-settings' }, lo: '0', hi: '9', limit: 5, startKey: null });
    expect(audit.rows.map((r) => [r.action, r.actor])).toEqual([['repurchase.settings.update', 'demo-admin']]);

    const [m1, m2, m3] = [await a.newMember('o-rep-1'), await a.newMember('o-rep-2'), await a.newMember('o-rep-3')];
    // m1: every 30 days; m2: 20 then 40 days; m3: buys tea once, a cup twice.
    for (const [m, days] of [
      [m1, ['2026-09-01', '2026-10-01', '2026-10-31']],
      [m2, ['2026-09-05', '2026-09-25', '2026-11-04']],
    ] as const) {
      for (const d of days) {
        at(`${d}T04:00:00Z`);
        await a.buy(clerk, m, 3_800, tea(3_800));
      }
    }
    at('2026-09-02T04:00:00Z');
    await a.buy(clerk, m3, 3_800, tea(3_800));
    await a.buy(clerk, m3, 1_500, cup(1_500));
    at('2026-09-12T04:00:00Z');
    await a.buy(clerk, m3, 1_500, cup(1_500));
    expect(await drainStream()).toBeGreaterThan(0);
    // A redelivered batch changes nothing (idempotent per order).
    const r1 = (await planning('GET', '/admin/insight/repurchase')).body.cycles;
    const teaSku = r1.find((c: { kind: string; key: string }) => c.kind === 'sku' && c.key === 'TEA-1');
    // Intervals 30, 30, 20, 40 -> median 30.
    expect(teaSku).toMatchObject({ intervals: 4, medianDays: 30, consumable: true, name: '乌龙茶' });
    expect(r1.find((c: { kind: string; key: string }) => c.kind === 'category' && c.key === 'tea')).toMatchObject({ intervals: 4, medianDays: 30 });
    expect(r1.find((c: { kind: string; key: string }) => c.key === 'CUP-1')).toMatchObject({ intervals: 1, medianDays: 10, consumable: false });

    // m1 and m3 buy tea again: with 4+ intervals the cycle is known, so each is due 30 days later.
    at('2026-11-20T04:00:00Z');
    await a.buy(clerk, m1, 3_800, tea(3_800));
    await a.buy(clerk, m3, 3_800, tea(3_800));
    await drainStream();
    const cycles = (await planning('GET', '/admin/insight/repurchase')).body.cycles;
    // m1: +20 days (10-31 -> 11-20); m3: +79 days. Intervals 30,30,20,40,20,79 -> median 30.
    expect(cycles.find((c: { key: string }) => c.key === 'TEA-1')).toMatchObject({ intervals: 6, medianDays: 30 });

    const due = addDays('2026-11-20', 30);
    // m1 accepted the repurchase template; m3 did not.
    const ids = [DEFAULT_CARE_TEMPLATES.repurchase.templateId];
    await devPost(world.standIn, '/__dev/subscribe', { openid: 'o-rep-1', templateIds: ids });
    const acc = await call(careHandler, { method: 'POST', path: '/members/me/subscriptions', token: m1.token, body: { requestId: 'rep-consent-1', accepted: ids, rejected: [], moment: 'purchase' } });
    expect(acc.status).toBe(200);

    at(`${due}T02:30:00Z`); // 10:30 in Shanghai
    const day = await runRepurchaseCare(due);
    expect(day).toMatchObject({ targeted: 2, sent: 1, noConsent: 1, duplicate: 0 });
    const msgs = await (await fetch(`${world.standIn.url}/__dev/messages?touser=o-rep-1`)).json();
    const mine = msgs.messages.filter((x: { template_id: string }) => x.template_id === ids[0]);
    expect(mine).toHaveLength(1);
    expect(JSON.stringify(mine[0].data)).toContain('乌龙茶');
    const again = await runRepurchaseCare(due);
    expect(again).toMatchObject({ targeted: 2, sent: 0, duplicate: 2 });
    const after = await (await fetch(`${world.standIn.url}/__dev/messages?touser=o-rep-1`)).json();
    expect(after.messages.filter((x: { template_id: string }) => x.template_id === ids[0])).toHaveLength(1);
    const rep = await planningReport('repurchase', {});
    expect(rep.rows.find((row) => row[1] === 'TEA-1')).toEqual(['商品', 'TEA-1', '乌龙茶', 6, 30, '是']);
    // Nobody is due the day before.
    expect((await runRepurchaseCare(addDays(due, -1))).targeted).toBe(0);
  }, 120_000);
});
