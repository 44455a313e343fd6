/**
 * Care messages: pure rules (no I/O). Which kinds exist, the brand's default settings, quiet hours,
 * the weekly cap period, occasion keys (one message per member and occasion), the templates asked
 * for at each moment, and how a template's fields are filled from an occasion's data.
 */
import { addDays, isoWeekOf, type LocalDateString } from './calendar';
import { BRAND_TIME_ZONE, localDate } from './time';

export const CARE_KINDS = ['birthday', 'pointsExpiring', 'tier', 'couponExpiring', 'winback', 'complaint', 'campaign', 'repurchase'] as const;
export type CareKind = (typeof CARE_KINDS)[number];

/** The scheduled jobs (campaigns run from their own schedule). */
export const CARE_JOBS = ['birthday', 'pointsExpiring', 'tier', 'couponExpiring', 'winback', 'complaint'] as const;
export type CareJob = (typeof CARE_JOBS)[number];

export const CARE_OUTCOMES = ['sent', 'no_consent', 'opted_out', 'quiet_hours', 'capped', 'duplicate', 'wechat_error'] as const;
export type CareOutcome = (typeof CARE_OUTCOMES)[number];

/** Where the mini-program asks for subscriptions. */
export const CONSENT_MOMENTS = ['register', 'purchase', 'coupon', 'settings'] as const;
export type ConsentMoment = (typeof CONSENT_MOMENTS)[number];

/** A subscribe template of the brand: its WeChat id and how its fields are filled. */
export interface CareTemplate {
  templateId: string;
  /** Shown to members (preferences page, consent sheet). */
  title: string;
  /** WeChat data key (thing1, date2, number3...) -> text with {placeholders} from the occasion's data. */
  fields: Record<string, string>;
  /** Mini-program page the message opens. */
  page: string;
}

export interface QuietHours {
  /** HH:MM local time; messages are not sent from `start` until `end` (may wrap over midnight). */
  start: string;
  end: string;
}

export interface CareSettings {
  jobs: {
    birthday: { enabled: boolean };
    pointsExpiring: { enabled: boolean; days: number };
    tier: { enabled: boolean };
    couponExpiring: { enabled: boolean; days: number };
    /** When a member turns dormant is the lifecycle's definition (RFM settings), not a setting of its own. */
    winback: { enabled: boolean; couponTemplateId: string | null };
    complaint: { enabled: boolean };
  };
  quietHours: QuietHours | null;
  /** Most care messages one member receives in an ISO week (complaint updates do not count). */
  weeklyCap: number;
  templates: Record<CareKind, CareTemplate>;
}

export const DEFAULT_CARE_TEMPLATES: Record<CareKind, CareTemplate> = {
  birthday: { templateId: 'tmpl-birthday', title: '生日祝福', fields: { thing1: '{name}，生日快乐', thing2: '{gift}', date3: '{date}' }, page: 'pages/coupons/index' },
  pointsExpiring: { templateId: 'tmpl-points-expiring', title: '积分到期提醒', fields: { number1: '{points}', date2: '{expiresOn}', thing3: '积分即将到期，记得使用' }, page: 'pages/points/index' },
  tier: { templateId: 'tmpl-tier-change', title: '会员等级变动', fields: { thing1: '{tierName}', thing2: '{change}', date3: '{date}' }, page: 'member/tier/index' },
  couponExpiring: { templateId: 'tmpl-coupon-expiring', title: '优惠券到期提醒', fields: { thing1: '{couponName}', date2: '{expiresOn}', number3: '{count}' }, page: 'pages/coupons/index' },
  winback: { templateId: 'tmpl-winback', title: '好久不见', fields: { thing1: '好久不见，我们想你了', thing2: '{offer}' }, page: 'pages/coupons/index' },
  complaint: { templateId: 'tmpl-complaint-update', title: '投诉处理进度', fields: { character_string1: '{complaintId}', phrase2: '{state}', thing3: '{summary}' }, page: 'pages/index/index' },
  campaign: { templateId: 'tmpl-campaign', title: '会员活动', fields: { thing1: '{title}', thing2: '{body}' }, page: 'pages/index/index' },
  repurchase: { templateId: 'tmpl-repurchase', title: '补货提醒', fields: { thing1: '{product}', date2: '{lastDay}', thing3: '{tip}' }, page: 'pages/index/index' },
};

export const DEFAULT_CARE_SETTINGS: CareSettings = {
  jobs: {
    birthday: { enabled: true },
    pointsExpiring: { enabled: true, days: 7 },
    tier: { enabled: true },
    couponExpiring: { enabled: true, days: 3 },
    winback: { enabled: true, couponTemplateId: null },
    complaint: { enabled: true },
  },
  quietHours: { start: '21:00', end: '09:00' },
  weeklyCap: 3,
  templates: DEFAULT_CARE_TEMPLATES,
};

/** Kinds that do not count against (and are not stopped by) the weekly cap: service updates the member asked for. */
export const CAP_EXEMPT: ReadonlySet<CareKind> = new Set<CareKind>(['complaint']);

const minutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

/** Minutes since local midnight of an instant in the brand's time zone. */
export function localMinutes(instant: Date, timeZone = BRAND_TIME_ZONE): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(instant);
  const h = Number(parts.find((p) => p.type === 'hour')!.value);
  const m = Number(parts.find((p) => p.type === 'minute')!.value);
  return (h % 24) * 60 + m;
}

/** True when `instant` falls in the quiet hours [start, end) local time; a window may wrap over midnight. */
export function isQuietAt(instant: Date, quiet: QuietHours | null, timeZone = BRAND_TIME_ZONE): boolean {
  if (!quiet) return false;
  const s = minutes(quiet.start);
  const e = minutes(quiet.end);
  if (s === e) return false;
  const t = localMinutes(instant, timeZone);
  return s < e ? t >= s && t < e : t >= s || t < e;
}

/** The key of the weekly-cap period (ISO week of the local date, weeks start on Monday). */
export function capPeriod(instant: Date, timeZone = BRAND_TIME_ZONE): string {
  return isoWeekOf(localDate(instant, timeZone));
}

/** An occasion key is a member's once-only reason for a message; safe in a sort key. */
const safe = (s: string) => s.replace(/[^A-Za-z0-9_.:-]/g, '_');

export const occasions = {
  birthday: (year: string) => `birthday-${year}`,
  /** One reminder per soonest-expiry date of the account. */
  pointsExpiring: (expiresOn: LocalDateString) => `ptexp-${expiresOn}`,
  /** One message per tier event (its instant). */
  tier: (at: string) => `tier-${safe(at)}`,
  /** One message per member and last day, however many of her coupons lapse that day. */
  couponExpiring: (lastDay: LocalDateString) => `cpexp-${lastDay}`,
  /** Keyed by her last purchase day: she turns dormant once per last purchase. */
  winback: (lastPurchaseDay: LocalDateString) => `winback-${lastPurchaseDay}`,
  /** One message per complaint event. */
  complaint: (complaintId: string, at: string) => `complaint-${safe(complaintId)}-${safe(at)}`,
  campaign: (campaignId: string, runId: string) => `campaign-${safe(campaignId)}-${safe(runId)}`,
  /** Time to buy again (issue 18): once per consumable and her purchase day it counts from. */
  repurchase: (lastPurchaseDay: LocalDateString, sku: string) => `repurchase-${lastPurchaseDay}-${safe(sku)}`.slice(0, 160),
};

/** Occasion keys are at most this long (they are part of a sort key). */
export const MAX_OCCASION = 160;
export const isValidOccasion = (o: string) => o.length > 0 && o.length <= MAX_OCCASION && /^[A-Za-z0-9_.:#-]+$/.test(o);

/** Which kinds are asked for at each moment: at most three (wx.requestSubscribeMessage's limit). */
export const MOMENT_KINDS: Record<ConsentMoment, CareKind[]> = {
  register: ['birthday', 'pointsExpiring', 'couponExpiring'],
  // After a purchase: her points, her tier, and time to buy it again (coupon expiry is asked at registration and on coupons).
  purchase: ['pointsExpiring', 'tier', 'repurchase'],
  coupon: ['couponExpiring', 'campaign', 'winback'],
  settings: ['birthday', 'pointsExpiring', 'tier'],
};

/**
 * Template ids to ask for at a moment: the moment's kinds the member has not turned off, distinct,
 * at most three.
 */
export function templatesToAsk(moment: ConsentMoment, templates: Record<CareKind, Pick<CareTemplate, 'templateId'>>, off: readonly CareKind[] = []): string[] {
  const ids = MOMENT_KINDS[moment].filter((k) => !off.includes(k)).map((k) => templates[k].templateId);
  return [...new Set(ids)].slice(0, 3);
}

/** WeChat's length limits per data key type (thing 20, name 10, phrase 5, numbers/strings 32). */
const LIMITS: [RegExp, number][] = [
  [/^thing\d+$/, 20],
  [/^name\d+$/, 10],
  [/^phrase\d+$/, 5],
  [/^(character_string|number|letter|symbol|amount|car_number|phone_number)\d+$/, 32],
];

function fit(key: string, value: string): string {
  const limit = LIMITS.find(([re]) => re.test(key))?.[1];
  const chars = [...value];
  return limit && chars.length > limit ? chars.slice(0, limit).join('') : value;
}

/**
 * The `data` of a subscribe message: each field's text with {placeholders} replaced from the
 * occasion's data (a missing one becomes '-'), cut to WeChat's length for its key type. Without a
 * mapping, the data's own keys are sent as they are (a campaign that names WeChat keys itself).
 */
export function renderFields(fields: Record<string, string>, data: Record<string, string>): Record<string, { value: string }> {
  const out: Record<string, { value: string }> = {};
  const entries = Object.keys(fields).length ? Object.entries(fields) : Object.entries(data).map(([k]) => [k, `{${k}}`] as [string, string]);
  for (const [key, text] of entries) {
    const value = text.replace(/\{(\w+)\}/g, (_, name: string) => (data[name] ?? '').toString().trim() || '-').trim() || '-';
    out[key] = { value: fit(key, value) };
  }
  return out;
}

/** Local days (inclusive) in which points expiring within `days` of `today` fall: today .. today+days. */
export function expiryWindow(today: LocalDateString, days: number): { from: LocalDateString; to: LocalDateString } {
  return { from: today, to: addDays(today, days) };
}

/** Settings completed from the defaults (an item written before a field existed keeps working). */
export function withDefaults(s: Partial<CareSettings> | null | undefined): CareSettings {
  const d = DEFAULT_CARE_SETTINGS;
  if (!s) return structuredClone(d);
  return {
    jobs: {
      birthday: { ...d.jobs.birthday, ...s.jobs?.birthday },
      pointsExpiring: { ...d.jobs.pointsExpiring, ...s.jobs?.pointsExpiring },
      tier: { ...d.jobs.tier, ...s.jobs?.tier },
      couponExpiring: { ...d.jobs.couponExpiring, ...s.jobs?.couponExpiring },
      winback: { ...d.jobs.winback, ...s.jobs?.winback },
      complaint: { ...d.jobs.complaint, ...s.jobs?.complaint },
    },
    quietHours: s.quietHours === undefined ? d.quietHours : s.quietHours,
    weeklyCap: s.weeklyCap ?? d.weeklyCap,
    templates: Object.fromEntries(CARE_KINDS.map((k) => [k, { ...d.templates[k], ...s.templates?.[k] }])) as Record<CareKind, CareTemplate>,
  };
}

/** The kind whose template has this id, if any. */
export function kindOfTemplate(templates: Record<CareKind, CareTemplate>, templateId: string): CareKind | null {
  return CARE_KINDS.find((k) => templates[k].templateId === templateId) ?? null;
}
