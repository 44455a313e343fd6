/**
 * Business metrics are counted on the capability code paths (issue 16): a checkout and the points it
 * issued, a product scan, a care message refused for want of consent. Off Lambda nothing is written to
 * stdout (tests/unit/metrics.test.ts); the per-process totals show what was counted.
 */
import { deliverCare } from '../../functions/care/collaboration';
import { setClock } from '../../functions/lib/clock';
import { metricTotals } from '../../functions/lib/metrics';
import { actors } from './actors';
import { setupWorld } from './support';

let world: Awaited<ReturnType<typeof setupWorld>>;
const a = actors(() => world.standIn);

beforeAll(async () => {
  world = await setupWorld();
});
afterAll(async () => {
  await world.close();
});

const delta = (before: Record<string, number>, name: string) => (metricTotals()[name] ?? 0) - (before[name] ?? 0);

test('a checkout counts one checkout and the points it issued; a replay counts nothing', async () => {
  const clerk = (await a.login('demo-staff')).token;
  const m = await a.newMember('metrics-mia');
  const before = metricTotals();
  const body = a.orderBody(await a.codeFor(m.token), 29_900);
  const r = await a.checkout(clerk, body);
  expect(r.status).toBe(200);
  expect(delta(before, 'Checkouts')).toBe(1);
  expect(delta(before, 'PointsIssued')).toBe(r.body.pointsEarned);
  expect(r.body.pointsEarned).toBeGreaterThan(0);
  await a.checkout(clerk, body);
  expect(delta(before, 'Checkouts')).toBe(1);
});

test('a care message to a member who never accepted one counts as refused for want of consent', async () => {
  const m = await a.newMember('metrics-nina');
  // Inside the sending hours (10:00 in Shanghai): at night the answer would be quiet_hours, whatever the consent.
  const day = new Date();
  setClock({ now: () => new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 2, 0, 0) + 24 * 3600_000) });
  const before = metricTotals();
  const r = await deliverCare({ memberId: m.id, kind: 'birthday', occasion: `metrics-test-${Date.now()}`, data: {} });
  expect(r.outcome).toBe('no_consent');
  expect(delta(before, 'CareRefusedNoConsent')).toBe(1);
  expect(delta(before, 'CareSent')).toBe(0);
  setClock(null);
});
