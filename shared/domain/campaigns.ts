/**
 * Campaigns: pure rules (no I/O). The approval state machine (four eyes: the approver is never the
 * creator), when a campaign runs (once, or every day/week/month at a local time in the brand's time
 * zone) and how its message fields are filled for one member.
 */
import { addDays, addMonths, type LocalDateString } from './calendar';
import { BRAND_TIME_ZONE, localDate } from './time';

export const CAMPAIGN_STATES = ['draft', 'pending_approval', 'approved', 'running', 'done', 'rejected', 'cancelled'] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

export const CAMPAIGN_ACTIONS = ['submit', 'approve', 'reject', 'cancel', 'start', 'finish', 'finishAll'] as const;
export type CampaignAction = (typeof CAMPAIGN_ACTIONS)[number];

export const CAMPAIGN_EVERY = ['day', 'week', 'month'] as const;
export type CampaignEvery = (typeof CAMPAIGN_EVERY)[number];

export type CampaignSchedule =
  | { once: { at: string } }
  | { recurring: { every: CampaignEvery; at: string; from: LocalDateString; until?: LocalDateString | undefined } };

/** What a run's message can say about the member: {name}, {tier}, {coupon}, {date}. */
export const CAMPAIGN_PLACEHOLDERS = ['name', 'tier', 'coupon', 'date'] as const;
export type CampaignPlaceholder = (typeof CAMPAIGN_PLACEHOLDERS)[number];

export interface TransitionError {
  status: 403 | 409;
  /** In the error catalogue (shared/contract/errors.ts), which gives the same status. */
  code: 'campaign_state' | 'same_approver';
  field: string;
  message: string;
}

/**
 * The next state of a campaign after an action by `actor`, or why not. Submitting, rejecting and
 * cancelling are open to any admin; approving needs an admin other than the creator (403 naming
 * `approvedBy`). `start`/`finish` are the scheduler's: a run starts from approved (or resumes a
 * running one), finishes back to approved (more runs to come) or to done (`finishAll`).
 */
export function transition(c: { state: CampaignState; createdBy: string }, action: CampaignAction, actor: string): { ok: true; state: CampaignState } | ({ ok: false } & TransitionError) {
  const bad = (message: string): { ok: false } & TransitionError => ({ ok: false, status: 409, code: 'campaign_state', field: 'state', message });
  switch (action) {
    case 'submit':
      return c.state === 'draft' ? { ok: true, state: 'pending_approval' } : bad(`a ${c.state} campaign cannot be submitted; only a draft can`);
    case 'approve':
      if (c.state !== 'pending_approval') return bad(`a ${c.state} campaign cannot be approved; only one pending approval can`);
      if (actor === c.createdBy) return { ok: false, status: 403, code: 'same_approver', field: 'approvedBy', message: 'a campaign is approved by an admin other than the one who created it' };
      return { ok: true, state: 'approved' };
    case 'reject':
      if (c.state !== 'pending_approval') return bad(`a ${c.state} campaign cannot be rejected; only one pending approval can`);
      return { ok: true, state: 'rejected' };
    case 'cancel':
      return c.state === 'draft' || c.state === 'pending_approval' || c.state === 'approved' ? { ok: true, state: 'cancelled' } : bad(`a ${c.state} campaign cannot be cancelled`);
    case 'start':
      return c.state === 'approved' || c.state === 'running' ? { ok: true, state: 'running' } : bad(`a ${c.state} campaign cannot run; it must be approved`);
    case 'finish':
      return c.state === 'running' ? { ok: true, state: 'approved' } : bad(`a ${c.state} campaign is not running`);
    case 'finishAll':
      return c.state === 'running' ? { ok: true, state: 'done' } : bad(`a ${c.state} campaign is not running`);
  }
}

/** The UTC instant of a local date and HH:MM in a time zone (exact for zones without DST, and for DST away from the switch). */
export function zonedInstant(date: LocalDateString, hhmm: string, timeZone = BRAND_TIME_ZONE): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = hhmm.split(':').map(Number) as [number, number];
  const wanted = Date.UTC(y, m - 1, d, h, mi);
  let t = wanted;
  for (let i = 0; i < 2; i++) {
    const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(t));
    const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
    const shown = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'));
    t += wanted - shown;
  }
  return new Date(t);
}

export interface CampaignRunSlot {
  /** Deterministic id of the occurrence: `once`, or the local date it is due (YYYY-MM-DD). */
  runId: string;
  at: string;
}

/** The k-th occurrence date of a recurring schedule (k = 0 is `from`). */
function occurrenceDate(r: { every: CampaignEvery; from: LocalDateString }, k: number): LocalDateString {
  if (r.every === 'day') return addDays(r.from, k);
  if (r.every === 'week') return addDays(r.from, 7 * k);
  // Months from `from` itself (not chained), so the 31st stays the last day of shorter months and comes back.
  return addMonths(r.from, k);
}

/**
 * The next occurrence to run: the first one whose runId comes after `afterRunId` (if given) and
 * that is not already past `now` by a whole occurrence. Missed occurrences of a recurring campaign
 * are skipped (it runs the latest one due, never a backlog); a once campaign approved after its
 * time runs at once. null when the schedule has nothing left.
 */
export function nextRun(schedule: CampaignSchedule, now: Date, afterRunId: string | null = null, timeZone = BRAND_TIME_ZONE): CampaignRunSlot | null {
  if ('once' in schedule) return afterRunId === null ? { runId: 'once', at: new Date(schedule.once.at).toISOString() } : null;
  const r = schedule.recurring;
  const slot = (k: number): CampaignRunSlot => {
    const d = occurrenceDate(r, k);
    return { runId: d, at: zonedInstant(d, r.at, timeZone).toISOString() };
  };
  const nowIso = now.toISOString();
  let candidate: CampaignRunSlot | null = null;
  for (let k = 0; k < 100_000; k++) {
    const s = slot(k);
    if (r.until && s.runId > r.until) break;
    if (afterRunId !== null && s.runId <= afterRunId) continue;
    if (s.at <= nowIso) {
      // Due already: keep the latest due one, unless a run came after it (then look further).
      candidate = s;
      continue;
    }
    // The first one still to come: a due candidate before it runs first (it is late), else this one.
    return candidate ?? s;
  }
  return candidate;
}

/** Problems with a schedule for a campaign created at `now` (field path and message), empty when fine. */
export function scheduleProblems(schedule: CampaignSchedule, now: Date, timeZone = BRAND_TIME_ZONE): { path: string; message: string }[] {
  if ('once' in schedule) {
    return new Date(schedule.once.at).getTime() <= now.getTime() ? [{ path: 'schedule.once.at', message: 'the time must be in the future' }] : [];
  }
  const r = schedule.recurring;
  const out: { path: string; message: string }[] = [];
  if (r.from < localDate(now, timeZone)) out.push({ path: 'schedule.recurring.from', message: 'the first day cannot be in the past' });
  if (r.until !== undefined && r.until < r.from) out.push({ path: 'schedule.recurring.until', message: 'the last day cannot come before the first' });
  return out;
}

/** Placeholders used in field texts that a campaign cannot fill, with the field's key. */
export function unknownPlaceholders(fields: Record<string, string>): { key: string; name: string }[] {
  const known = new Set<string>(CAMPAIGN_PLACEHOLDERS);
  const out: { key: string; name: string }[] = [];
  for (const [key, text] of Object.entries(fields)) {
    for (const m of text.matchAll(/\{(\w+)\}/g)) if (!known.has(m[1]!)) out.push({ key, name: m[1]! });
  }
  return out;
}

/** WeChat's length limits per data key type (thing 20, name 10, phrase 5, numbers/strings 32). */
const LIMITS: [RegExp, number][] = [
  [/^thing\d+$/, 20],
  [/^name\d+$/, 10],
  [/^phrase\d+$/, 5],
  [/^(character_string|number|letter|symbol|amount|car_number|phone_number)\d+$/, 32],
];

/**
 * One member's message fields: each text with its {placeholders} filled (an empty value becomes
 * '-', which WeChat accepts where an empty string is refused) and cut to its key type's length.
 */
export function renderCampaignFields(fields: Record<string, string>, vars: Partial<Record<CampaignPlaceholder, string | null | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, text] of Object.entries(fields)) {
    const value = text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? (vars[name as CampaignPlaceholder] ?? '').trim() || '-' : whole)).trim() || '-';
    const limit = LIMITS.find(([re]) => re.test(key))?.[1];
    const chars = [...value];
    out[key] = limit && chars.length > limit ? chars.slice(0, limit).join('') : value;
  }
  return out;
}

/**
 * Outcomes of one member in a run (deliverCare's), and `holdout`: she is in the campaign's control
 * group, so nothing was sent or issued to her (recorded so that the results know the control group).
 */
export const CAMPAIGN_OUTCOMES = ['sent', 'no_consent', 'opted_out', 'quiet_hours', 'capped', 'duplicate', 'wechat_error', 'holdout'] as const;
export type CampaignOutcome = (typeof CAMPAIGN_OUTCOMES)[number];

/** A member "had consent" unless the sender found none (or she turned the kind off); the control group was never asked. */
export const hadConsent = (o: CampaignOutcome) => o !== 'no_consent' && o !== 'opted_out' && o !== 'holdout';

export interface RunTally {
  targeted: number;
  consented: number;
  sent: number;
  couponsIssued: number;
  /** Members of the control group (outcome holdout: no message, no coupon). */
  holdout: number;
  outcomes: Record<CampaignOutcome, number>;
}

/** Counts of a run from its recipients' records. */
export function tallyRun(recipients: readonly { outcome: CampaignOutcome; couponId: string | null }[]): RunTally {
  const outcomes = Object.fromEntries(CAMPAIGN_OUTCOMES.map((o) => [o, 0])) as Record<CampaignOutcome, number>;
  for (const r of recipients) outcomes[r.outcome]++;
  return {
    targeted: recipients.length,
    consented: recipients.filter((r) => hadConsent(r.outcome)).length,
    sent: outcomes.sent,
    couponsIssued: recipients.filter((r) => r.couponId).length,
    holdout: outcomes.holdout,
    outcomes,
  };
}

// ---- Control group (issue 18): a holdout share measured against the treated -----------------------

/** The holdout share a campaign may keep back, in whole percent of its segment. */
export const HOLDOUT_MAX_PERCENT = 50;
/** The measurement window after a run, in days (default 14). */
export const WINDOW_DAYS_MIN = 7;
export const WINDOW_DAYS_MAX = 30;
export const DEFAULT_WINDOW_DAYS = 14;

/** A campaign's measurement settings with the defaults filled (campaigns made before issue 18 have neither). */
export function measurementOf(d: { holdoutPercent?: number | undefined; windowDays?: number | undefined }): { holdoutPercent: number; windowDays: number } {
  return { holdoutPercent: d.holdoutPercent ?? 0, windowDays: d.windowDays ?? DEFAULT_WINDOW_DAYS };
}

/**
 * A 32-bit hash of a text (FNV-1a over UTF-16 code units, then murmur3's finaliser so that ids that
 * differ only in their last characters still land far apart). Pure; the same everywhere.
 */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Whether a member is in a campaign's control group: her bucket (0..9999, a hash of the campaign id and
 * her member id) is below the share. Deterministic: the same member is in or out on every run and every
 * recomputation of the results; a different campaign draws a different group.
 */
export function inHoldout(campaignId: string, memberId: string, holdoutPercent: number): boolean {
  if (holdoutPercent <= 0) return false;
  return hash32(`${campaignId}#${memberId}`) % 10_000 < Math.round(holdoutPercent * 100);
}

/** One member of a run (or of several runs of a recurring campaign) with her orders, as measured. */
export interface MeasuredMember {
  memberId: string;
  group: 'treated' | 'control';
  /** Her window: from the start of the first run that reached her to N days after the last one (UTC ISO, [from, to)). */
  from: string;
  to: string;
  /** Her orders (any time; those outside the window are ignored): when, and what she paid net of returns. */
  orders: { at: string; spendFen: number }[];
}

export interface GroupResult {
  members: number;
  /** Members with at least one order in their window. */
  purchasers: number;
  /** purchasers / members (0..1); null for an empty group. */
  purchaseRate: number | null;
  orders: number;
  /** What the group paid in its windows, net of returns. */
  spendFen: number;
  /** spendFen / members, rounded to the fen; null for an empty group. */
  spendPerMemberFen: number | null;
}

export interface HoldoutComparison {
  treated: GroupResult & { couponsRedeemed: number };
  control: GroupResult;
  uplift: {
    /** Purchase rate treated minus control, in percentage points. */
    ratePoints: number | null;
    /** (rate treated − rate control) / rate control; null when the control rate is 0 or unknown. */
    rateRelative: number | null;
    /** Spend per member treated minus control, in fen (rounded). */
    spendPerMemberFen: number | null;
  };
  /** (spend per treated member − spend per control member) × treated members, in fen (rounded). */
  incrementalSpendFen: number | null;
  /** The discounts the campaign's redeemed coupons gave. */
  couponCostFen: number;
  /** (incremental spend − coupon cost) / coupon cost; null when there is no cost or no control group. */
  roi: number | null;
}

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

function groupResult(members: readonly MeasuredMember[]): GroupResult & { exactSpendPerMember: number | null; rate: number | null } {
  let purchasers = 0;
  let orders = 0;
  let spendFen = 0;
  for (const m of members) {
    const inWindow = m.orders.filter((o) => o.at >= m.from && o.at < m.to);
    if (inWindow.length) purchasers++;
    orders += inWindow.length;
    for (const o of inWindow) spendFen += o.spendFen;
  }
  const n = members.length;
  const rate = n ? purchasers / n : null;
  const exactSpendPerMember = n ? spendFen / n : null;
  return {
    members: n,
    purchasers,
    purchaseRate: rate === null ? null : round4(rate),
    orders,
    spendFen,
    spendPerMemberFen: exactSpendPerMember === null ? null : Math.round(exactSpendPerMember),
    exactSpendPerMember,
    rate,
  };
}

/**
 * Treated against control, from each member's orders in her window (pure). Uplift and incremental
 * spend need both groups; ROI needs a cost (coupons redeemed) as well. Unrounded ratios are used for
 * the figures derived from them and rounded only at the end.
 */
export function compareHoldout(members: readonly MeasuredMember[], coupons: { redeemed: number; costFen: number }): HoldoutComparison {
  const t = groupResult(members.filter((m) => m.group === 'treated'));
  const c = groupResult(members.filter((m) => m.group === 'control'));
  const both = t.members > 0 && c.members > 0;
  const ratePoints = both ? Math.round((t.rate! - c.rate!) * 100 * 100) / 100 : null;
  const rateRelative = both && c.rate! > 0 ? round4((t.rate! - c.rate!) / c.rate!) : null;
  const spendDiff = both ? t.exactSpendPerMember! - c.exactSpendPerMember! : null;
  const incrementalSpendFen = spendDiff === null ? null : Math.round(spendDiff * t.members);
  const roi = incrementalSpendFen !== null && coupons.costFen > 0 ? round4((incrementalSpendFen - coupons.costFen) / coupons.costFen) : null;
  const strip = ({ exactSpendPerMember: _e, rate: _r, ...g }: ReturnType<typeof groupResult>): GroupResult => g;
  return {
    treated: { ...strip(t), couponsRedeemed: coupons.redeemed },
    control: strip(c),
    uplift: { ratePoints, rateRelative, spendPerMemberFen: spendDiff === null ? null : Math.round(spendDiff) },
    incrementalSpendFen,
    couponCostFen: coupons.costFen,
    roi,
  };
}
