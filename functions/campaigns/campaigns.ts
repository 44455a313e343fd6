/**
 * Campaigns: a marketer defines a saved segment, a subscribe-message template with its fields, an
 * optional coupon and a schedule; a second admin approves; the scheduler (or run-now) runs each
 * occurrence. A run is idempotent: its members' coupons are issued with a request id of the run
 * and member, its messages go through deliverCare with the occasion campaign-<id>-<runId>, and
 * each member's outcome is recorded once, so a rerun (or a run resumed after a crash) sends nothing twice.
 */
import { randomBytes } from 'node:crypto';
import type { Campaign, CampaignInput, CampaignResults, HoldoutComparison } from '../../shared/contract/campaigns';
import { isQuietAt } from '../../shared/domain/care';
import { localDate } from '../../shared/domain/time';
import { compareHoldout, inHoldout, measurementOf, renderCampaignFields, scheduleProblems, tallyRun, zonedInstant, type CampaignOutcome, type CampaignRunSlot, type MeasuredMember } from '../../shared/domain/campaigns';
import {
  claimCampaignRun,
  closeCampaignRun,
  couponStates,
  dueCampaigns,
  getCampaign,
  listCampaigns as queryCampaigns,
  listRecipients,
  listRuns,
  measuredOrders,
  memberOrdersBetween,
  profilesFor,
  putRecipient,
  recordCampaignMove,
  saveNewCampaign,
  startRun,
  type CampaignRecord,
  type MeasuredOrder,
  type RecipientRecord,
} from '../adapters/dynamo/campaign-repo';
import { getCareLog, getCareSettings } from '../adapters/dynamo/care-repo';
import { getTemplate, STAMPS_FULL } from '../adapters/dynamo/coupon-repo';
import { deliverCare } from '../care/collaboration';
import { issueCoupon } from '../coupons/collaboration';
import { clock } from '../lib/clock';
import { AppError, fail, failAs } from '../lib/errors';
import { logger } from '../lib/logger';
import type { Session } from '../lib/session';
import { brandOrFail } from '../core';
import { getSegment, membersMatching } from '../segments/collaboration';
import { decideMove, decideRunClose, decideRunStart, runningRefusal, type CampaignRefusal, type FlowMove } from './decide';

const refused = (r: CampaignRefusal) =>
  r.situation ? failAs(r.code as 'quiet_hours', r.situation, r.message, [{ path: r.field, message: r.fieldMessage }]) : fail(r.code, r.message, [{ path: r.field, message: r.fieldMessage }]);

/** Members handled at once in a run. */
const CONCURRENCY = 8;

const view = (c: CampaignRecord): Campaign => {
  const { leaseUntil: _l, ...rest } = c;
  return rest;
};

const notFoundCampaign = () => fail('campaign_not_found', 'no such campaign');

export async function createCampaign(session: Session, input: CampaignInput): Promise<Campaign> {
  const now = clock.now();
  const problems = scheduleProblems(input.schedule, now);
  if (problems.length) throw fail('invalid_schedule', problems[0]!.message, problems);
  const segment = await getSegment(input.segmentId);
  if (!segment) throw failAs('segment_not_found', 'referenced', 'no saved segment with this id', [{ path: 'segmentId', message: 'no such segment' }]);
  // Only the brand's own subscribe templates can have a member's consent (care settings).
  const { settings } = await getCareSettings();
  if (!Object.values(settings.templates).some((t) => t.templateId === input.template.templateId)) {
    throw fail('unknown_template', 'not a subscribe template of this brand', [{ path: 'template.templateId', message: 'unknown template id' }]);
  }
  // A run inside the quiet hours would reach nobody (the sender defers every message): refuse such a time.
  const runAt = 'once' in input.schedule ? new Date(input.schedule.once.at) : zonedInstant(input.schedule.recurring.from, input.schedule.recurring.at);
  if (isQuietAt(runAt, settings.quietHours)) {
    const path = 'once' in input.schedule ? 'schedule.once.at' : 'schedule.recurring.at';
    const q = settings.quietHours!;
    throw fail('quiet_hours', `no messages are sent from ${q.start} to ${q.end} (Asia/Shanghai); choose another time`, [{ path, message: `inside the quiet hours ${q.start}-${q.end}` }]);
  }
  let couponName: string | null = null;
  if (input.couponTemplateId) {
    const t = await getTemplate(input.couponTemplateId);
    if (!t) throw failAs('template_not_found', 'referenced', 'no coupon template with this id', [{ path: 'couponTemplateId', message: 'no such coupon template' }]);
    couponName = t.template.definition.name;
  }
  const at = now.toISOString();
  // The control group's share and the measurement window are part of the definition (audited with it), defaults filled.
  const definition: CampaignInput = { ...input, ...measurementOf(input) };
  const c: CampaignRecord = {
    id: `cmp_${randomBytes(6).toString('hex')}`,
    state: 'draft',
    definition,
    segmentName: segment.name,
    couponName,
    createdBy: session.openid,
    createdAt: at,
    submittedBy: null,
    submittedAt: null,
    approvedBy: null,
    approvedAt: null,
    rejectedBy: null,
    rejectedAt: null,
    rejectReason: null,
    cancelledBy: null,
    cancelledAt: null,
    nextRunAt: null,
    nextRunId: null,
    lastRunId: null,
    runs: 0,
    leaseUntil: null,
    rev: 0,
  };
  const out = await saveNewCampaign(c, { at, actor: session.openid, action: 'campaign.create', target: `campaign:${c.id}`, before: null, after: definition });
  if (!out.ok) throw fail('busy', 'could not create the campaign; try again');
  return view(c);
}

export async function listCampaigns(state?: Campaign['state']): Promise<{ campaigns: Campaign[] }> {
  const all = await queryCampaigns();
  return { campaigns: all.filter((c) => !state || c.state === state).map(view) };
}

export async function campaignView(id: string): Promise<Campaign> {
  const c = await getCampaign(id);
  if (!c) throw notFoundCampaign();
  return view(c);
}

/** An admin's move through the approval flow (submit, approve, reject, cancel), audited. */
export async function decide(session: Session, id: string, action: FlowMove, reason?: string): Promise<Campaign> {
  const c = await getCampaign(id);
  if (!c) throw notFoundCampaign();
  const now = clock.now();
  const d = decideMove(c, action, session.openid, now, reason);
  if (!d.ok) throw refused(d.refusal);
  const { next } = d;
  const out = await recordCampaignMove({
    before: c,
    next,
    due: d.due,
    audit: { at: now.toISOString(), actor: session.openid, action: `campaign.${action}`, target: `campaign:${c.id}`, before: { state: c.state }, after: { state: next.state, ...(reason ? { reason } : {}) } },
  });
  if (!out.ok) throw fail('campaign_changed', 'the campaign changed meanwhile; reload and try again', [{ path: 'state', message: 'changed meanwhile' }]);
  return view({ ...next, rev: c.rev + 1 });
}

export interface RunOutcome {
  campaign: CampaignRecord;
  run: Awaited<ReturnType<typeof runSummary>> | null;
  skipped: string | null;
}

/**
 * Runs a campaign's next occurrence if it may: the scheduler asks only when it is due; an admin
 * (run-now) runs it early. The campaign is held by a lease while the run goes on; a run that died
 * is taken over after the lease.
 */
export async function runCampaign(id: string, opts: { by: 'scheduler' | 'admin'; actor?: string }): Promise<RunOutcome> {
  // Reads: the campaign, and for run-now the quiet hours (run now inside them would reach nobody and spend the occurrence).
  const c = await getCampaign(id);
  if (!c) throw notFoundCampaign();
  const quietHours = opts.by === 'admin' ? (await getCareSettings()).settings.quietHours : null;
  const now = clock.now();
  // Decide (pure, decide.ts).
  const d = decideRunStart(c, opts.by, opts.actor ?? 'scheduler', now, quietHours);
  if (d.kind === 'refuse') throw refused(d.refusal);
  if (d.kind === 'skip') return { campaign: c, run: null, skipped: d.reason };
  // Claim: only over the revision read, so two schedulers (or a scheduler and run-now) never both run it.
  const { claimed, slot } = d;
  const out = await claimCampaignRun({
    before: c,
    claimed,
    audit: opts.by === 'admin' ? { at: now.toISOString(), actor: opts.actor ?? 'admin', action: 'campaign.run', target: `campaign:${c.id}`, before: { state: c.state }, after: { runId: slot.runId } } : null,
  });
  if (!out.ok) {
    if (opts.by === 'admin') throw refused(runningRefusal);
    return { campaign: c, run: null, skipped: 'claimed by another run' };
  }
  const held = { ...claimed, rev: c.rev + 1 };
  await executeRun(held, slot);
  return finish(held, slot);
}

/**
 * One occurrence's work: the segment's members as of today, and for each member not yet recorded
 * in this run: her coupon (request id per run and member: issued once), her message (occasion per
 * run: sent once), her record. Safe to call again for the same run: nothing is issued or sent twice.
 */
export async function executeRun(c: CampaignRecord, slot: CampaignRunSlot): Promise<{ targeted: number; handled: number; itemsRead: number }> {
  const now = clock.now();
  await startRun(c.id, { runId: slot.runId, scheduledAt: slot.at, startedAt: now.toISOString() });
  const segment = await getSegment(c.definition.segmentId);
  if (!segment) {
    logger.warn('campaign segment gone', { campaignId: c.id, segmentId: c.definition.segmentId });
    return { targeted: 0, handled: 0, itemsRead: 0 };
  }
  const today = localDate(now);
  const { memberIds, itemsRead } = await membersMatching(segment.filter, { today });
  const done = new Set((await listRecipients(c.id, slot.runId)).map((r) => r.memberId));
  const todo = memberIds.filter((m) => !done.has(m));
  const brand = await brandOrFail();
  const tierName = (code: string | null) => (code ? (brand.tiers.tiers.find((t) => t.code === code)?.name ?? code) : null);
  // The care sender's occasion for this run (shared/domain/care.ts occasions.campaign spells the same).
  const occasion = `campaign-${c.id}-${slot.runId}`;
  const d = c.definition;
  const { holdoutPercent } = measurementOf(d);
  let handled = 0;
  for (let i = 0; i < todo.length; i += 100) {
    const chunk = todo.slice(i, i + 100);
    const profiles = await profilesFor(chunk);
    for (let j = 0; j < chunk.length; j += CONCURRENCY) {
      await Promise.all(
        chunk.slice(j, j + CONCURRENCY).map(async (memberId) => {
          if (inHoldout(c.id, memberId, holdoutPercent)) {
            // The control group: no coupon, no message; her record says so (the results know who was held out).
            await putRecipient(c.id, slot.runId, { memberId, outcome: 'holdout', errcode: null, couponId: null, couponError: null, at: clock.now().toISOString() });
            handled++;
            return;
          }
          let couponId: string | null = null;
          let couponError: string | null = null;
          let couponName: string | null = c.couponName;
          if (d.couponTemplateId) {
            try {
              const r = await issueCoupon(memberId, d.couponTemplateId, `campaign-${c.id}-${slot.runId}#${memberId}`, 'campaign');
              couponId = r.coupon.id;
              couponName = r.coupon.name;
            } catch (e) {
              if (!(e instanceof AppError) || e.status >= 500) throw e;
              couponError = e.code;
            }
          }
          const p = profiles.get(memberId);
          const fields = renderCampaignFields(d.template.fields, { name: p?.name ?? '会员', tier: tierName(p?.tierCode ?? null), coupon: couponName, date: today });
          const sent = await deliverCare({
            memberId,
            kind: 'campaign',
            occasion,
            templateId: d.template.templateId,
            // The campaign's own fields by WeChat key (thing1, ...), already rendered for her; sent as given.
            data: fields,
            page: d.page ?? (d.couponTemplateId ? 'pages/coupons/index' : 'pages/index/index'),
          });
          let outcome = sent.outcome as CampaignOutcome;
          let errcode = sent.errcode ?? null;
          if (outcome === 'duplicate') {
            // An earlier attempt of this run reached the sender (a run resumed after a crash): its outcome stands.
            const log = await getCareLog(memberId, occasion);
            if (log && log.outcome !== 'pending' && log.outcome !== 'sending') {
              outcome = log.outcome as CampaignOutcome;
              errcode = log.errcode;
            }
          }
          const record: RecipientRecord = { memberId, outcome, errcode, couponId, couponError, at: clock.now().toISOString() };
          await putRecipient(c.id, slot.runId, record);
          handled++;
        }),
      );
    }
  }
  logger.info('campaign run', { campaignId: c.id, runId: slot.runId, targeted: memberIds.length, handled, itemsRead });
  return { targeted: memberIds.length, handled, itemsRead };
}

/** Closes a run: its tally, and the campaign back to approved with its next occurrence (or done). */
async function finish(c: CampaignRecord, slot: CampaignRunSlot): Promise<RunOutcome> {
  const now = clock.now();
  const at = now.toISOString();
  const recipients = await listRecipients(c.id, slot.runId);
  const tally = tallyRun(recipients);
  const { next, upcoming } = decideRunClose(c, slot, now);
  const out = await closeCampaignRun({ held: c, next, runId: slot.runId, dueAt: slot.at, upcomingAt: upcoming?.at ?? null, at, tally });
  if (!out.ok) {
    // Cancelled or taken over meanwhile: the run's records stand; the campaign is what the other writer left.
    logger.warn('campaign run not closed', { campaignId: c.id, runId: slot.runId, failed: out.failed });
    const now2 = await getCampaign(c.id);
    return { campaign: now2 ?? c, run: await runSummary(c.id, slot.runId), skipped: null };
  }
  return { campaign: { ...next, rev: c.rev + 1 }, run: await runSummary(c.id, slot.runId), skipped: null };
}

/** The scheduled function: every campaign whose next run is due, one after another. */
export async function runDueCampaigns(): Promise<{ due: number; ran: { campaignId: string; runId: string; targeted: number; sent: number }[] }> {
  const at = clock.now().toISOString();
  const due = await dueCampaigns(at);
  const ran: { campaignId: string; runId: string; targeted: number; sent: number }[] = [];
  for (const d of due) {
    try {
      const r = await runCampaign(d.campaignId, { by: 'scheduler' });
      if (r.run) ran.push({ campaignId: d.campaignId, runId: r.run.runId, targeted: r.run.targeted, sent: r.run.sent });
    } catch (e) {
      // One campaign's failure does not hold up the others; its lease lets the next tick resume it.
      logger.error('campaign run failed', { campaignId: d.campaignId, error: e as Error });
    }
  }
  return { due: due.length, ran };
}

async function runSummary(id: string, runId: string, withRecipients = false) {
  const runs = await listRuns(id);
  const run = runs.find((r) => r.runId === runId);
  if (!run) return null;
  return summarise(id, run, withRecipients);
}

async function summarise(id: string, run: Awaited<ReturnType<typeof listRuns>>[number], withRecipients: boolean) {
  return (await readRun(id, run, withRecipients)).summary;
}

type CouponStates = Awaited<ReturnType<typeof couponStates>>;

/** A run's summary, with the recipients and their coupons' states it was made from (the comparison reuses them). */
async function readRun(id: string, run: Awaited<ReturnType<typeof listRuns>>[number], withRecipients: boolean) {
  const recipients = await listRecipients(id, run.runId);
  const tally = tallyRun(recipients);
  const withCoupon = recipients.filter((r): r is RecipientRecord & { couponId: string } => !!r.couponId);
  const states: CouponStates = await couponStates(withCoupon.map((r) => ({ memberId: r.memberId, couponId: r.couponId })));
  const now = clock.now().toISOString();
  const stateOf = (r: RecipientRecord) => {
    const s = r.couponId ? states.get(r.couponId) : undefined;
    if (!s) return null;
    return (s.state === 'available' && s.validUntil < now ? 'expired' : s.state) as 'available' | 'used' | 'expired' | 'voided';
  };
  const summary = {
    runId: run.runId,
    scheduledAt: run.scheduledAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    targeted: tally.targeted,
    consented: tally.consented,
    sent: tally.sent,
    couponsIssued: tally.couponsIssued,
    holdout: tally.holdout,
    couponsRedeemed: withCoupon.filter((r) => stateOf(r) === 'used').length,
    outcomes: tally.outcomes,
    ...(withRecipients
      ? {
          recipients: recipients.slice(0, 500).map((r) => ({ memberId: r.memberId, outcome: r.outcome, errcode: r.errcode, couponId: r.couponId, couponState: stateOf(r), couponError: r.couponError, at: r.at })),
        }
      : {}),
  };
  return { summary, recipients, states };
}

/**
 * A campaign's results per run: targeted, with consent, sent, coupons issued, and coupons redeemed
 * since, read by key from the recipients' wallets (the recipient item holds the coupon id).
 */
export async function campaignResults(id: string): Promise<CampaignResults> {
  const c = await getCampaign(id);
  if (!c) throw notFoundCampaign();
  const runs = await listRuns(id);
  const out: CampaignResults['runs'] = [];
  const read: { startedAt: string; recipients: RecipientRecord[]; states: CouponStates }[] = [];
  for (const r of runs.sort((a, b) => (a.startedAt < b.startedAt ? -1 : 1))) {
    const { summary: s, recipients, states } = await readRun(id, r, true);
    out.push({ ...s, recipients: s.recipients ?? [] });
    read.push({ startedAt: r.startedAt, recipients, states });
  }
  const sum = (k: 'targeted' | 'consented' | 'sent' | 'couponsIssued' | 'couponsRedeemed') => out.reduce((n, r) => n + r[k], 0);
  return {
    campaignId: id,
    state: c.state,
    runs: out,
    totals: { targeted: sum('targeted'), consented: sum('consented'), sent: sum('sent'), couponsIssued: sum('couponsIssued'), couponsRedeemed: sum('couponsRedeemed') },
    comparison: read.length ? await holdoutComparison(c, read) : null,
  };
}

/** Members' order reads in flight at once. */
const ORDER_READS = 16;
const DAY_MS = 86_400_000;

/**
 * Treated against control from the ORDERS (issue 18). Each member's window runs from the start of the
 * first run that reached her to `windowDays` after the start of the last one; her orders in it are
 * one Query of her order pointers (any store) and one BatchGet of the orders per 100. The coupons'
 * cost is the discount each redeemed campaign coupon gave on the order that used it (`usedFor`).
 * Reads are in proportion to the campaign's members and their orders, never to the table.
 */
async function holdoutComparison(c: CampaignRecord, runs: { startedAt: string; recipients: RecipientRecord[]; states: CouponStates }[]): Promise<HoldoutComparison> {
  const { holdoutPercent, windowDays } = measurementOf(c.definition);
  const plus = (at: string) => new Date(new Date(at).getTime() + windowDays * DAY_MS).toISOString();
  const members = new Map<string, { group: 'treated' | 'control'; from: string; last: string }>();
  const usedCoupons: { couponId: string; usedFor: string }[] = [];
  for (const run of runs) {
    for (const r of run.recipients) {
      const m = members.get(r.memberId);
      if (!m) members.set(r.memberId, { group: r.outcome === 'holdout' ? 'control' : 'treated', from: run.startedAt, last: run.startedAt });
      else m.last = run.startedAt > m.last ? run.startedAt : m.last;
      const s = r.couponId ? run.states.get(r.couponId) : undefined;
      if (r.couponId && s?.state === 'used' && s.usedFor) usedCoupons.push({ couponId: r.couponId, usedFor: s.usedFor });
    }
  }
  let itemsRead = runs.reduce((n, r) => n + r.recipients.length + r.states.size, 0);
  // Each member's orders in her window: pointers first, then the orders by key.
  const list = [...members.entries()];
  const pointers: { memberId: string; storeId: string; orderId: string }[] = [];
  for (let i = 0; i < list.length; i += ORDER_READS) {
    const found = await Promise.all(list.slice(i, i + ORDER_READS).map(async ([memberId, m]) => (await memberOrdersBetween(memberId, m.from, plus(m.last))).map((p) => ({ memberId, ...p }))));
    pointers.push(...found.flat());
  }
  const orderKey = (storeId: string, orderId: string) => `${storeId}#${orderId}`;
  const orders = new Map<string, MeasuredOrder>((await measuredOrders(pointers)).map((o) => [orderKey(o.storeId, o.orderId), o]));
  // Redeemed coupons on orders outside the windows (a late redemption still cost the brand): read those orders too.
  const missing = [...new Set(usedCoupons.map((u) => u.usedFor).filter((ref) => !orders.has(ref) && ref !== STAMPS_FULL))].map((ref) => {
    const cut = ref.indexOf('#');
    return { storeId: ref.slice(0, cut), orderId: ref.slice(cut + 1) };
  });
  for (const o of missing.length ? await measuredOrders(missing) : []) orders.set(orderKey(o.storeId, o.orderId), o);
  itemsRead += pointers.length + orders.size;
  const couponCostFen = usedCoupons.reduce((n, u) => n + (orders.get(u.usedFor)?.coupons.find((x) => x.couponId === u.couponId)?.discountFen ?? 0), 0);

  const byMember = new Map<string, MeasuredMember['orders']>();
  for (const p of pointers) {
    const o = orders.get(orderKey(p.storeId, p.orderId));
    if (!o) continue;
    const own = byMember.get(p.memberId) ?? [];
    own.push({ at: o.createdAt, spendFen: o.amountFen - o.returnedFen });
    byMember.set(p.memberId, own);
  }
  const measured: MeasuredMember[] = list.map(([memberId, m]) => ({ memberId, group: m.group, from: m.from, to: plus(m.last), orders: byMember.get(memberId) ?? [] }));
  const windowEndsAt = plus(runs.reduce((last, r) => (r.startedAt > last ? r.startedAt : last), runs[0]!.startedAt));
  return {
    holdoutPercent,
    windowDays,
    windowEndsAt,
    complete: clock.now().toISOString() >= windowEndsAt,
    ...compareHoldout(measured, { redeemed: usedCoupons.length, costFen: couponCostFen }),
    itemsRead,
  };
}

export async function runNow(session: Session, id: string) {
  const r = await runCampaign(id, { by: 'admin', actor: session.openid });
  return { campaign: view(r.campaign), run: r.run, skipped: r.skipped };
}
