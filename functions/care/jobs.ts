/**
 * The scheduled care jobs. Each finds its members through an index partition of the day (never a
 * scan), and sends through deliverCare with an occasion key, so a rerun of a day sends nothing twice.
 * Each answers {targeted, sent, noConsent, optedOut, quietHours, capped, duplicate, wechatError,
 * itemsRead, couponsIssued}; itemsRead counts the items read to find the members.
 */
import type { CareJobResult } from '../../shared/contract';
import { addDays, birthdaysCelebratedOn, localDate, occasions, type CareJob, type CareSettings } from '../../shared/domain';
import { lastPurchaseDayTurningDormant } from '../../shared/domain/rfm';
import { BudgetSpentError } from '../adapters/budget';
import { getCareSettings } from '../adapters/dynamo/care-repo';
import { loadBrandConfig } from '../adapters/dynamo/brand-repo';
import { complaintCareEventsOn } from '../adapters/dynamo/complaint-repo';
import { accountsExpiringBetween, couponsExpiringOn, membersBornOn, tierEventsOn } from '../adapters/dynamo/jobs-repo';
import { issueCoupon, issueBirthdayGift } from '../coupons/collaboration';
import { rfmConfig } from '../facts/collaboration';
import { clock } from '../lib/clock';
import { logger } from '../lib/logger';
import { deliverCare, tooLateToSend, type CareRequest, type CareResult } from './deliver';
import { careSources } from './sources';

type Counts = Omit<CareJobResult, 'job' | 'day' | 'enabled'>;

const empty = (): Counts => ({ targeted: 0, sent: 0, noConsent: 0, optedOut: 0, quietHours: 0, capped: 0, duplicate: 0, wechatError: 0, itemsRead: 0, couponsIssued: 0 });

function count(c: Counts, r: CareResult) {
  const field = ({ sent: 'sent', no_consent: 'noConsent', opted_out: 'optedOut', quiet_hours: 'quietHours', capped: 'capped', duplicate: 'duplicate', wechat_error: 'wechatError' } as const)[r.outcome];
  c[field]++;
}

/** Runs `fn` over items with at most `n` in flight. */
async function pool<T>(items: T[], n: number, fn: (t: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

const PARALLEL = 8;

/** One message per target; a failure of one member is logged and does not stop the others. */
async function sendAll(c: Counts, targets: CareRequest[], before?: (t: CareRequest) => Promise<Partial<CareRequest['data']> | void>, parallel = PARALLEL) {
  c.targeted += targets.length;
  let leftOver = 0;
  await pool(targets, parallel, async (t) => {
    // Too little of the budget left to send: the rest are left to the next run (their occasions are not claimed).
    if (tooLateToSend()) {
      leftOver++;
      return;
    }
    try {
      const extra = before ? await before(t) : undefined;
      count(c, await deliverCare(extra ? { ...t, data: { ...t.data, ...extra } as Record<string, string> } : t));
    } catch (e) {
      if (e instanceof BudgetSpentError) {
        leftOver++;
        return;
      }
      logger.error('care delivery failed', { memberId: t.memberId, occasion: t.occasion, error: e as Error });
      c.wechatError++;
    }
  });
  if (leftOver) logger.warn('care sends left to the next run: the time budget is spent', { leftOver });
}

const fmtDate = (d: string) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

/** Birthday greeting with the tier's birthday gift (given whether or not she accepted messages). */
async function birthday(day: string, c: Counts) {
  const year = day.slice(0, 4);
  const targets: CareRequest[] = [];
  for (const p of birthdaysCelebratedOn(day)) {
    const born = await membersBornOn(p);
    c.itemsRead += born.itemsRead;
    for (const memberId of born.memberIds) targets.push({ memberId, kind: 'birthday', occasion: occasions.birthday(year), data: { date: fmtDate(day) } });
  }
  await sendAll(c, targets, async (t) => {
    const gift = await issueBirthdayGift(t.memberId, year).catch((e) => {
      logger.warn('birthday gift not issued', { memberId: t.memberId, error: e as Error });
      return null;
    });
    if (gift) c.couponsIssued++;
    return { gift: gift ? `生日礼：${gift.name}` : '愿你每天都美好' };
  });
}

/** Points whose last day falls within the next N days (the points-expiry index, one item per account). */
async function pointsExpiring(day: string, s: CareSettings, c: Counts) {
  const to = addDays(day, s.jobs.pointsExpiring.days);
  const targets: CareRequest[] = [];
  const found = await accountsExpiringBetween(day, to);
  c.itemsRead += found.itemsRead;
  for (const { memberId, soonest, buckets } of found.accounts) {
    const points = buckets.filter((b) => b.expiresOn >= day && b.expiresOn <= to).reduce((n, b) => n + b.points, 0);
    if (points <= 0) continue;
    targets.push({ memberId, kind: 'pointsExpiring', occasion: occasions.pointsExpiring(soonest), data: { points: String(points), expiresOn: fmtDate(soonest) } });
  }
  await sendAll(c, targets);
}

/** Tier reached or lost: yesterday's and today's tier events (one message per event). */
async function tier(day: string, c: Counts) {
  const brand = await loadBrandConfig();
  const tiers = brand?.tiers.tiers ?? [];
  const byCode = new Map(tiers.map((t) => [t.code, t]));
  const targets: CareRequest[] = [];
  for (const d of [addDays(day, -1), day]) {
    const found = await tierEventsOn(d);
    c.itemsRead += found.itemsRead;
    for (const e of found.events) {
      const from = byCode.get(e.from);
      const to = byCode.get(e.to);
      if (!to || e.from === e.to) continue;
      const up = !from || to.rank > from.rank;
      targets.push({ memberId: e.memberId, kind: 'tier', occasion: occasions.tier(e.at), data: { tierName: to.name, change: up ? `恭喜升级为${to.name}` : `会员等级调整为${to.name}`, date: fmtDate(localDate(new Date(e.at))) } });
    }
  }
  await sendAll(c, targets);
}

/** Coupons whose last day is today + N: one message per member, naming the first and the count. */
async function couponExpiring(day: string, s: CareSettings, c: Counts) {
  const last = addDays(day, s.jobs.couponExpiring.days);
  const byMember = new Map<string, { names: string[] }>();
  const found = await couponsExpiringOn(last);
  c.itemsRead += found.itemsRead;
  for (const i of found.coupons) {
    const m = byMember.get(i.memberId) ?? { names: [] };
    m.names.push(i.name);
    byMember.set(i.memberId, m);
  }
  await sendAll(
    c,
    [...byMember].map(([memberId, m]) => ({ memberId, kind: 'couponExpiring', occasion: occasions.couponExpiring(last), data: { couponName: m.names.length > 1 ? `${m.names[0]}等${m.names.length}张` : m.names[0]!, expiresOn: fmtDate(last), count: String(m.names.length) } })),
  );
}

/**
 * Members who turned dormant today by the lifecycle's own definition (the RFM settings: the day
 * after the silent window ends), found by their last purchase day; an optional coupon comes with
 * the message.
 */
async function winback(day: string, s: CareSettings, c: Counts) {
  const lastDay = lastPurchaseDayTurningDormant(day, await rfmConfig());
  const found = await careSources.membersLastPurchasedOn(lastDay);
  c.itemsRead += found.itemsRead;
  const couponId = s.jobs.winback.couponTemplateId;
  await sendAll(
    c,
    found.memberIds.map((memberId) => ({ memberId, kind: 'winback', occasion: occasions.winback(lastDay), data: { offer: '回来看看我们的新品吧' } })),
    async (t) => {
      if (!couponId) return;
      try {
        const r = await issueCoupon(t.memberId, couponId, `winback-${lastDay}`, 'winback');
        c.couponsIssued++;
        return { offer: `送你一张${r.coupon.name}` };
      } catch (e) {
        logger.warn('win-back coupon not issued', { memberId: t.memberId, error: e as Error });
        return;
      }
    },
  );
}

/** What the member reads for each complaint event she is told about (her own actions and internal ones are not messaged). */
const COMPLAINT_UPDATES: Record<string, string> = { replied: '已回复', in_progress: '处理中', resolved: '已解决', closed: '已关闭', reopened: '重新处理' };

/** Complaint updates of the day (the complaints' care events, GSI1 CAREEVT#<day>): one message per state change or reply. */
async function complaint(day: string, c: Counts) {
  const targets: CareRequest[] = [];
  const found = await complaintCareEventsOn(day);
  c.itemsRead += found.itemsRead;
  for (const i of found.events) {
    if (!i.memberId || !i.complaintId) continue;
    const label = COMPLAINT_UPDATES[String(i.type)];
    if (!label || i.by === 'member') continue;
    targets.push({
      memberId: i.memberId,
      kind: 'complaint',
      occasion: occasions.complaint(String(i.complaintId), i.when),
      data: { complaintId: String(i.complaintId), state: label, summary: String(i.summary ?? '您的反馈有新进展') },
    });
  }
  // In order, one at a time: a member's updates arrive in the order they happened.
  targets.sort((x, y) => (x.occasion < y.occasion ? -1 : 1));
  await sendAll(c, targets, undefined, 1);
}

/** Runs one care job for a local day (default: today in Asia/Shanghai). */
export async function runCareJob(job: CareJob, dayArg?: string): Promise<CareJobResult> {
  const day = dayArg ?? localDate(clock.now());
  const { settings } = await getCareSettings(true);
  const c = empty();
  const enabled = settings.jobs[job].enabled;
  if (enabled) {
    if (job === 'birthday') await birthday(day, c);
    else if (job === 'pointsExpiring') await pointsExpiring(day, settings, c);
    else if (job === 'tier') await tier(day, c);
    else if (job === 'couponExpiring') await couponExpiring(day, settings, c);
    else if (job === 'winback') await winback(day, settings, c);
    else await complaint(day, c);
  }
  const result = { job, day, enabled, ...c };
  logger.info('care job', result);
  return result;
}
