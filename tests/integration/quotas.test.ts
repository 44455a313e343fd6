/**
 * Limits per caller (issue 20): a burst of 200 sign-ins, or of 200 member-code requests, from one caller is
 * refused with 429 (Chinese wording, Retry-After) once her quota for the window is spent, while other callers
 * go on unaffected. The counters are conditional writes, so even 200 at once pass no more than the limit
 * (per window: a burst that straddles a window's end may see a second window's share).
 */
import { handler as loginHandler } from '../../functions/auth/http';
import { issueCode } from '../../functions/members/http';
import type { Handler } from '../../functions/lib/http';
import { ERRORS } from '../../shared/contract/errors';
import { QUOTAS } from '../../shared/domain/quotas';
import { actors } from './actors';
import { call, loginCode, setupWorld } from './support';

let world: Awaited<ReturnType<typeof setupWorld>>;
const a = actors(() => world.standIn);
const scale = process.env.QUOTA_SCALE;
beforeAll(async () => {
  world = await setupWorld();
  // The limits as deployed (the other integration files run with them ×50).
  process.env.QUOTA_SCALE = '1';
}, 60_000);
afterAll(async () => {
  process.env.QUOTA_SCALE = scale;
  await world.close();
});

const send = (handler: Handler, path: string, body: unknown, token?: string) => call(handler, { path, body, ...(token ? { token } : {}) });

function tally(answers: { status: number; headers: Record<string, string>; body: { error?: { code?: string } } | null }[]) {
  const ok = answers.filter((r) => r.status === 200).length;
  const limited = answers.filter((r) => r.status === 429);
  for (const r of limited) {
    expect(r.body?.error?.code).toBe('too_many_requests');
    const wait = Number(r.headers['retry-after']);
    expect(wait).toBeGreaterThanOrEqual(1);
    // The minute window is the one full: try again within the minute.
    expect(wait).toBeLessThanOrEqual(60);
  }
  const others = answers.filter((r) => r.status !== 200 && r.status !== 429);
  if (others.length) console.log(JSON.stringify(others.slice(0, 3)));
  return { ok, limited: limited.length, other: others.length };
}

describe('limits per caller', () => {
  test('200 sign-ins from one WeChat identity: 429 after its quota; another identity signs in meanwhile', async () => {
    const perMinute = QUOTAS.signIn.windows[0]!.limit;
    const codes = await Promise.all(Array.from({ length: 200 }, () => loginCode(world.standIn, 'o-quota-burst')));
    const answers = await Promise.all(codes.map((code) => send(loginHandler, '/auth/login', { code })));
    const t = tally(answers);
    expect(t.other).toBe(0);
    expect(t.ok).toBeGreaterThanOrEqual(perMinute);
    expect(t.ok).toBeLessThanOrEqual(2 * perMinute);
    expect(t.limited).toBe(200 - t.ok);
    // Someone else is not affected.
    const other = await send(loginHandler, '/auth/login', { code: await loginCode(world.standIn, 'o-quota-other') });
    expect(other.status).toBe(200);
    expect(ERRORS.too_many_requests.member).toBe('操作太频繁，请稍后再试');
    console.log(`sign-in burst: ${JSON.stringify(t)}`);
  }, 120_000);

  test('200 member-code requests from one member: 429 after her quota; another member gets codes meanwhile', async () => {
    const perMinute = QUOTAS.memberCode.windows[0]!.limit;
    const burst = await a.newMember('o-quota-codes');
    const bystander = await a.newMember('o-quota-bystander');
    const answers = await Promise.all(Array.from({ length: 200 }, () => send(issueCode, '/members/me/code', {}, burst.token)));
    const t = tally(answers);
    expect(t.other).toBe(0);
    expect(t.ok).toBeGreaterThanOrEqual(perMinute);
    expect(t.ok).toBeLessThanOrEqual(2 * perMinute);
    const theirs = await send(issueCode, '/members/me/code', {}, bystander.token);
    expect(theirs.status).toBe(200);
    expect(theirs.body.code).toMatch(/^66\d{16}$/);
    console.log(`member-code burst: ${JSON.stringify(t)}`);
  }, 120_000);
});
