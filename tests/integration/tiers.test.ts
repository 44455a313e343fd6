import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '../../functions/adapters/dynamo/client';
import { keys } from '../../functions/adapters/dynamo/keys';
import { setClock } from '../../functions/lib/clock';
import { runTierEvaluation } from '../../functions/tiers/evaluate';
import { actors } from './actors';
import { setupWorld } from './support';

let world: Awaited<ReturnType<typeof setupWorld>>;
const a = actors(() => world.standIn);
let clerk: string;
let admin: string;
beforeAll(async () => {
  world = await setupWorld();
  clerk = (await a.login('demo-staff')).token;
  admin = (await a.login('demo-admin')).token;
});
afterAll(() => world.close());
afterEach(() => setClock(null));

const at = (iso: string) => setClock({ now: () => new Date(iso) });
const tierCode = async (memberId: string) => {
  const { client, table } = db();
  const r = await client.send(new GetCommand({ TableName: table, Key: keys.profile(memberId), ConsistentRead: true }));
  return { code: r.Item?.tierCode as string, retainUntil: r.Item?.tierRetainUntil as string | undefined };
};

describe('tiers', () => {
  test('upgrade at once; downgrade only after the retention period, by one level; a requalified member keeps her tier', async () => {
    const lapsing = await a.newMember('o-tier-1');
    const loyal = await a.newMember('o-tier-2');
    at('2026-01-15T04:00:00Z');
    const up = await a.buy(clerk, lapsing, 160_000); // straight to GOLD
    expect(up).toMatchObject({ upgraded: true, tier: { code: 'GOLD' } });
    await a.buy(clerk, loyal, 60_000); // SILVER
    expect(await tierCode(lapsing.id)).toEqual({ code: 'GOLD', retainUntil: '2027-01-15' });

    const view = await a.myTier(lapsing.token);
    expect(view.body).toMatchObject({
      current: { code: 'GOLD' },
      windowLabel: '近12个月',
      total: 160_000,
      next: null,
      retention: { until: '2027-01-15', threshold: 150_000, countedByThen: 0, remaining: 150_000 },
    });
    expect(view.body.tiers.map((t: { code: string }) => t.code)).toEqual(['MEMBER', 'SILVER', 'GOLD']);
    expect(view.body.history[0]).toMatchObject({ from: 'MEMBER', to: 'GOLD', reason: 'purchase' });

    at('2026-12-20T04:00:00Z');
    await a.buy(clerk, loyal, 55_000); // requalifies SILVER inside the window

    at('2027-01-15T04:00:00Z'); // the last day of retention: nobody moves
    await runTierEvaluation({ runId: 'r-2027-01-15' });
    expect((await tierCode(lapsing.id)).code).toBe('GOLD');
    expect((await tierCode(loyal.id)).code).toBe('SILVER');

    at('2027-01-16T04:00:00Z');
    const run = await runTierEvaluation({ runId: 'r-2027-01-16' });
    expect(run.done).toBe(true);
    expect(await tierCode(lapsing.id)).toEqual({ code: 'SILVER', retainUntil: '2028-01-16' }); // one level down, not to MEMBER
    const kept = await tierCode(loyal.id);
    expect(kept.code).toBe('SILVER');
    expect(kept.retainUntil! > '2027-01-16').toBe(true);
    const hist = await a.myTier(lapsing.token);
    expect(hist.body.history[0]).toMatchObject({ from: 'GOLD', to: 'SILVER', reason: 'downgrade' });

    // Idempotent: the same day again changes nothing and writes no history.
    const again = await runTierEvaluation({ runId: 'r-2027-01-16-bis' });
    expect(again.changed).toBe(0);
    expect((await a.myTier(lapsing.token)).body.history).toHaveLength(2);
  });

  test('a hand-set tier has an end date, is audited, and is not a floor', async () => {
    const m = await a.newMember('o-tier-manual');
    at('2026-03-01T04:00:00Z');
    const bad = await a.admin(admin, 'PUT', `/admin/members/${m.id}/tier`, { tierCode: 'GOLD', reason: '大客户' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('until');
    const unknown = await a.admin(admin, 'PUT', `/admin/members/${m.id}/tier`, { tierCode: 'PLATINUM', until: '2026-06-30', reason: '大客户' });
    expect(unknown.status).toBe(422);
    const past = await a.admin(admin, 'PUT', `/admin/members/${m.id}/tier`, { tierCode: 'GOLD', until: '2026-02-01', reason: '大客户' });
    expect(past.status).toBe(422);
    const set = await a.admin(admin, 'PUT', `/admin/members/${m.id}/tier`, { tierCode: 'GOLD', until: '2026-06-30', reason: '大客户' });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ tier: { code: 'GOLD' }, manualTier: { code: 'GOLD', until: '2026-06-30', by: 'demo-admin', reason: '大客户' } });
    const mine = await a.myTier(m.token);
    expect(mine.body).toMatchObject({ current: { code: 'GOLD' }, manualUntil: '2026-06-30' });
    // Gold earns at x1.5 while it lasts.
    expect((await a.buy(clerk, m, 10_000)).pointsEarned).toBe(150);

    at('2026-06-30T04:00:00Z');
    await runTierEvaluation({ runId: 'm-2026-06-30' });
    expect((await tierCode(m.id)).code).toBe('GOLD');
    at('2026-07-01T04:00:00Z');
    await runTierEvaluation({ runId: 'm-2026-07-01' });
    expect((await tierCode(m.id)).code).toBe('MEMBER'); // what her own record earns (¥100), not a floor at GOLD
    const hist = await a.admin(admin, 'GET', `/admin/members/${m.id}/tier-history`);
    expect(hist.body.entries.map((e: { reason: string }) => e.reason)).toEqual(['manual_ended', 'manual']);
    expect(hist.body.entries[1]).toMatchObject({ by: 'demo-admin', note: '大客户（至 2026-06-30）' });
    const audit = await a.admin(admin, 'GET', '/admin/audit', undefined, { target: `member:${m.id}` });
    // Registration's consent entry (issue 16) is not what this test looks at.
    audit.body.entries = audit.body.entries.filter((e: { action: string }) => e.action !== 'member.consent');
    expect(audit.body.entries[0]).toMatchObject({ action: 'tier.manual', before: { tierCode: 'MEMBER' }, after: { tierCode: 'GOLD' } });
  });

  test('the evaluation is resumable: a run stopped part-way continues from its checkpoints and evaluates everyone once', async () => {
    const members = [];
    for (let i = 0; i < 6; i++) members.push(await a.newMember(`o-tier-resume-${i}`));
    at('2025-06-01T04:00:00Z');
    for (const m of members) await a.buy(clerk, m, 60_000); // SILVER until 2026-06-01
    at('2026-06-05T04:00:00Z');
    const first = await runTierEvaluation({ runId: 'resume-1', segments: 2, pageSize: 2, stopAfterPages: 2 });
    expect(first.done).toBe(false);
    const second = await runTierEvaluation({ runId: 'resume-1', segments: 2, pageSize: 2 });
    expect(second.done).toBe(true);
    for (const m of members) expect((await tierCode(m.id)).code).toBe('MEMBER');
    for (const m of members) {
      const h = await a.myTier(m.token);
      expect(h.body.history.filter((e: { reason: string }) => e.reason === 'downgrade')).toHaveLength(1);
    }
  });
});
