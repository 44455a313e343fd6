/**
 * `npm run bench -- care-jobs`: the six daily care jobs over 20,000 members seeded directly as items
 * (BatchWrite), of which a few dozen qualify for each job on the run day. Each job finds its members
 * through one index partition of the day (GSI1 BIRTHDAY#MMDD, PTEXP#<shard> within N days,
 * TIEREVT#<yesterday/today>, CPEXP#<day+N>, LASTBUY#<the last purchase day that turns dormant today>, CAREEVT#<day>), so the
 * items it reads should be about the members it targets, not the membership.
 *
 * Every member has a birthday, a points account (most expiring next year), a last purchase, half
 * of them a coupon, and there are tier events and complaint events on other days: the decoys an
 * index read must not touch. Half of each job's targets accepted the job's template (in the
 * stand-in and in the table); the others are recorded as no_consent.
 */
import { EXPIRY_SHARDS, keys, MEMBER_SHARDS, shardOf } from '../../functions/adapters/dynamo/keys';
import { runCareJob } from '../../functions/care/jobs';
import { setClock } from '../../functions/lib/clock';
import { addDays, CARE_JOBS, DEFAULT_CARE_TEMPLATES, type CareJob, type CareKind } from '../../shared/domain';
import { startWeChatStandIn } from '../../infra/wechat-standin/server';
import { DEFAULT_RFM_CONFIG } from '../../shared/domain/rfm';
import { benchWorld, timed } from './harness';
import { batchWriteAll } from '../table';

function lastPurchaseDayDistance(): number {
  return DEFAULT_RFM_CONFIG.lifecycle.silentDays + 1;
}

const MEMBERS = Number(process.env.BENCH_MEMBERS || 20_000);
/** One member in STEP qualifies for each job (distinct members per job): 40 per job with 20,000. */
const STEP = Number(process.env.BENCH_STEP || 500);
const DAY = '2026-12-01';
const NOW = new Date(`${DAY}T10:00:00+08:00`);
const POINTS_DAYS = 7;
const COUPON_DAYS = 3;
/** Days since the last purchase on which a member turns dormant (the lifecycle's default). */
const DORMANT_DAYS = lastPurchaseDayDistance();

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = prng(20261201);
const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
/** A day within [from, to] other than `not`. */
function dayBetween(from: string, spanDays: number, not: string[]): string {
  for (;;) {
    const d = addDays(from, int(0, spanDays));
    if (!not.includes(d)) return d;
  }
}

const KIND: Record<CareJob, CareKind> = { birthday: 'birthday', pointsExpiring: 'pointsExpiring', tier: 'tier', couponExpiring: 'couponExpiring', winback: 'winback', complaint: 'complaint' };

/** Which job member i qualifies for (at most one), or null. */
function jobOf(i: number): CareJob | null {
  const r = i % STEP;
  return r < CARE_JOBS.length ? CARE_JOBS[r]! : null;
}

function seedItems(): { items: Record<string, unknown>[]; targets: Map<CareJob, string[]> } {
  const items: Record<string, unknown>[] = [];
  const targets = new Map<CareJob, string[]>(CARE_JOBS.map((j) => [j, []]));
  const at = '2026-06-01T02:00:00.000Z';
  const mmdd = DAY.slice(5, 7) + DAY.slice(8, 10);
  for (let i = 0; i < MEMBERS; i++) {
    const memberId = `m_care${String(i).padStart(8, '0')}`;
    const job = jobOf(i);
    if (job) targets.get(job)!.push(memberId);
    const pk = keys.profile(memberId);
    // Birthday: today for the birthday targets, any other day of the year for everyone else.
    const birthday = job === 'birthday' ? `1990-${DAY.slice(5)}` : dayBetween('1990-01-01', 364, [`1990-${DAY.slice(5)}`]);
    items.push({
      ...pk,
      memberId,
      phone: `138${String(i).padStart(8, '0')}`,
      openid: `o-bench-${i}`,
      name: `会员${i}`,
      birthday,
      tierCode: 'MEMBER',
      qrev: 0,
      consentAt: at,
      createdAt: at,
      source: 'bench',
      GSI1PK: `BIRTHDAY#${birthday.slice(5, 7)}${birthday.slice(8, 10)}`,
      GSI1SK: memberId,
      GSI2PK: `MEMBERS#${shardOf(memberId, MEMBER_SHARDS)}`,
      GSI2SK: memberId,
    });
    void mmdd;
    // Points: targets have points ending within the week; 80% of the others next year; the rest none.
    if (job === 'pointsExpiring' || rnd() < 0.8) {
      const expiresOn = job === 'pointsExpiring' ? addDays(DAY, int(0, POINTS_DAYS)) : '2027-12-31';
      const points = int(10, 3000);
      items.push({
        ...keys.points(memberId),
        memberId,
        buckets: [{ expiresOn, availableOn: '2026-01-01', points }],
        debt: 0,
        balance: points,
        earnedTotal: points,
        rev: 1,
        GSI1PK: `PTEXP#${shardOf(memberId, EXPIRY_SHARDS)}`,
        GSI1SK: `${expiresOn}#${memberId}`,
      });
    }
    // Tier events: the targets yesterday, 1 in 10 of the others on some other day of the last 60.
    if (job === 'tier' || rnd() < 0.1) {
      const d = job === 'tier' ? addDays(DAY, -1) : dayBetween(addDays(DAY, -62), 59, [addDays(DAY, -1), DAY]);
      const when = `${d}T03:00:00.000Z`;
      items.push({ ...keys.tierHistory(memberId, `${when}#b`), memberId, from: 'MEMBER', to: 'SILVER', reason: 'purchase', createdAt: when, GSI1PK: `TIEREVT#${d}`, GSI1SK: `${when}#${memberId}` });
    }
    // Coupons: the targets' last day is DAY+3; half of the others hold one lapsing on another day.
    if (job === 'couponExpiring' || rnd() < 0.5) {
      const last = job === 'couponExpiring' ? addDays(DAY, COUPON_DAYS) : dayBetween(DAY, 90, [addDays(DAY, COUPON_DAYS)]);
      const couponId = `c_${i}`;
      items.push({ ...keys.memberCoupon(memberId, couponId), memberId, couponId, templateId: 't_bench', name: '满200减20', state: 'available', validUntil: `${last}T15:59:59.999Z`, GSI1PK: `CPEXP#${last}`, GSI1SK: `${memberId}#${couponId}` });
    }
    // Last purchase: the win-back targets exactly DORMANT_DAYS ago, the others any other day of the last 200.
    const lastBuy = job === 'winback' ? addDays(DAY, -DORMANT_DAYS) : dayBetween(addDays(DAY, -200), 199, [addDays(DAY, -DORMANT_DAYS)]);
    items.push({ ...keys.lastBuy(memberId), memberId, day: lastBuy, at, GSI1PK: `LASTBUY#${lastBuy}`, GSI1SK: memberId });
    // Complaint events: the targets' reply today, 1 in 20 of the others on other days.
    if (job === 'complaint' || rnd() < 0.05) {
      const d = job === 'complaint' ? DAY : dayBetween(addDays(DAY, -30), 29, [DAY]);
      const when = `${d}T02:00:00.000Z`;
      items.push({ PK: `COMPLAINT#cb_${i}`, SK: `EVENT#${when}#1`, kind: 'complaint', type: 'replied', memberId, complaintId: `cb_${i}`, state: 'in_progress', summary: '门店已回复', at: when, by: 'staff', seq: '1', GSI1PK: `CAREEVT#${d}`, GSI1SK: `${when}#complaint#cb_${i}#1` });
    }
  }
  return { items, targets };
}

export async function main() {
  const { dynamo } = await benchWorld();
  const standIn = await startWeChatStandIn({ port: 0, appid: 'bench', secret: 'bench' });
  process.env.WECHAT_API_BASE = standIn.url;
  try {
    setClock({ now: () => NOW });
    const { items, targets } = seedItems();
    // Half of each job's targets accepted its template: in WeChat (the stand-in) and in our table.
    const consents: Record<string, unknown>[] = [];
    for (const job of CARE_JOBS) {
      const templateId = DEFAULT_CARE_TEMPLATES[KIND[job]].templateId;
      for (const [k, memberId] of targets.get(job)!.entries()) {
        if (k % 2) continue;
        consents.push({ ...keys.consent(memberId, templateId), memberId, templateId, count: 1, accepted: 1 });
        const i = Number(memberId.slice(6));
        await fetch(`${standIn.url}/__dev/subscribe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid: `o-bench-${i}`, templateIds: [templateId] }) });
      }
    }
    const seedMs = await timed(() => batchWriteAll([...items, ...consents]));
    console.log(`seeded ${MEMBERS} members (${items.length + consents.length} items) in ${(seedMs / 1000).toFixed(1)} s; run day ${DAY}, ${STEP > 0 ? Math.ceil(MEMBERS / STEP) : 0} targets per job`);

    const out: Record<string, unknown> = { members: MEMBERS };
    for (const job of CARE_JOBS) {
      let r!: Awaited<ReturnType<typeof runCareJob>>;
      const ms = await timed(async () => {
        r = await runCareJob(job, DAY);
      });
      const expected = targets.get(job)!.length;
      const ratio = r.targeted ? Number((r.itemsRead / r.targeted).toFixed(2)) : null;
      console.log(
        `${job.padEnd(15)} targeted ${r.targeted} (expected ${expected}), sent ${r.sent}, no consent ${r.noConsent}, items read ${r.itemsRead} (ratio ${ratio}), ${(ms / 1000).toFixed(2)} s`,
      );
      if (r.targeted !== expected || r.sent !== Math.ceil(expected / 2) || r.noConsent !== Math.floor(expected / 2)) throw new Error(`${job}: unexpected result ${JSON.stringify(r)}`);
      out[job] = { targeted: r.targeted, itemsRead: r.itemsRead, sent: r.sent, noConsent: r.noConsent, ratio, ms: Math.round(ms) };
    }
    // A rerun of the day sends nothing.
    let resent = 0;
    for (const job of CARE_JOBS) resent += (await runCareJob(job, DAY)).sent;
    console.log(`rerun of the day: ${resent} sent`);
    if (resent !== 0) throw new Error('a rerun sent messages');
    const delivered = (await (await fetch(`${standIn.url}/__dev/messages`)).json()) as { messages: unknown[] };
    console.log(`stand-in delivered ${delivered.messages.length} messages in all`);
    return out;
  } finally {
    setClock(null);
    await standIn.close();
    await dynamo.stop();
  }
}
