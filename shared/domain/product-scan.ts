/**
 * A product-code scan, the pure decisions (the use case is functions/products/products.ts):
 *   1. `checkScannedCode`: the code's signature, its batch and serial, the batch's window and state,
 *      before anything is written for it;
 *   2. `planScan`: what one scan writes in its unit of work (the earning from the one earn-points
 *      recipe, the member's scan limits, the profile facts, the coupon, the product with its
 *      warranty) and what it answers;
 *   3. `afterScanFailure`: what a failed unit of work means (the code scanned before: by her, answer
 *      that scan again; by someone else, refuse with its date; a limit, a paused batch, a coupon over
 *      her limit or a dry shard, a moved revision).
 * Invariant (tests/unit/scan-decision.test.ts): a code is scanned once: its points are credited once,
 * and every later scan of it answers the first scan (her) or is refused (anyone else).
 */
import { addDays, addMonths, periodKey, type LimitPeriod } from './calendar';
import { decideIssue, type IssuableTemplate, type IssueDraw, type NewCoupon } from './coupon-claim';
import type { EarnOutcome } from './earn';
import { DEFAULT_DAILY_SCAN_LIMIT, type Verification } from './product-codes';
import { localDate } from './time';

/** What a scan needs of a batch (the adapters' BatchRecord fits). */
export interface ScannableBatch {
  batchNo: number;
  state: 'active' | 'paused' | 'voided';
  shards: number;
  definition: {
    sku: string;
    name: string;
    count: number;
    /** Points per scan; null = the earning rule's productScan points. */
    points: number | null;
    warrantyMonths?: number | null | undefined;
    dailyLimitPerMember?: number | null | undefined;
    couponTemplateId?: string | null | undefined;
    validFrom: string;
    validUntil: string;
  };
}

/** Why a scanned text is refused before anything is written; `signal` counts against the member. */
export type CodeRefusal =
  | { refusal: 'code_invalid'; signal: 'malformed' | 'forged' | 'unknown'; field: string }
  | { refusal: 'batch_not_started'; date: string }
  | { refusal: 'batch_ended'; date: string }
  | { refusal: 'batch_voided' };

/** The code's signature, its batch (known, serial within its count), the batch's window and state. */
export function checkScannedCode(v: Verification, batch: ScannableBatch | null, at: string): ({ ok: true } & { batchNo: number; serial: number; code: string }) | ({ ok: false } & CodeRefusal) {
  if (!v.ok) return { ok: false, refusal: 'code_invalid', signal: v.reason === 'malformed' ? 'malformed' : 'forged', field: v.reason === 'malformed' ? 'not a product code' : 'signature does not match' };
  if (!batch || v.serial >= batch.definition.count) return { ok: false, refusal: 'code_invalid', signal: 'unknown', field: 'unknown code' };
  const d = batch.definition;
  if (at < d.validFrom) return { ok: false, refusal: 'batch_not_started', date: localDate(new Date(d.validFrom)) };
  if (at > d.validUntil) return { ok: false, refusal: 'batch_ended', date: localDate(new Date(d.validUntil)) };
  if (batch.state === 'voided') return { ok: false, refusal: 'batch_voided' };
  return { ok: true, batchNo: v.batchNo, serial: v.serial, code: v.code };
}

/** The points a scan of this batch earns: the batch's own, else the earning rule's. */
export const scanPoints = (batch: ScannableBatch, rulePoints: number) => batch.definition.points ?? rulePoints;

/** What a scan answers (and keeps on the code's used mark, so her retry answers the same). */
export interface ScanResult {
  sku: string;
  name: string;
  points: number;
  coupon: { id: string; name: string; summary: string } | null;
  couponNote: string | null;
  warranty: { months: number; until: string } | null;
}

/** Everything one scan writes, decided. */
export interface ScanPlan {
  memberId: string;
  batchNo: number;
  serial: number;
  /** The scan counter's shard (serial mod shards). */
  scanShard: number;
  at: string;
  /** The member's scans per period (the earning rule's limit or the default per day). */
  limit: { count: number; period: LimitPeriod; key: string };
  /** The batch's own daily limit per member. */
  batchDayLimit: { count: number; day: string } | null;
  /** The earning (null when the scan earns no points). */
  earning: EarnOutcome | null;
  /** The member's profile facts (segments and tag rules). */
  facts: Record<string, unknown>;
  /** The coupon the scan issues (null: none, or `result.couponNote` says why not). */
  coupon: { coupon: NewCoupon; limited: boolean; perMemberLimit: number | null } | null;
  product: { productId: string; sku: string; name: string; warrantyMonths: number | null; warrantyUntil: string | null; points: number };
  result: ScanResult;
}

/**
 * The unit of work of one scan. `couponNote` is why an earlier attempt could not issue the coupon
 * ('claim_limit'); `dry` the coupon's shards known dry.
 */
export function planScan(p: {
  memberId: string;
  batch: ScannableBatch;
  serial: number;
  at: string;
  day: string;
  rule: { points: number; limit: { count: number; period: LimitPeriod } | null };
  /** The earning of `scanPoints` points from the one recipe (null when it is 0). */
  earning: EarnOutcome | null;
  facts: Record<string, unknown>;
  template: IssuableTemplate | null;
  dry: ReadonlySet<number>;
  couponNote: string | null;
  draw: IssueDraw;
}): ScanPlan {
  const { batch, day } = p;
  const d = batch.definition;
  const points = p.earning ? scanPoints(batch, p.rule.points) : 0;
  const warranty = d.warrantyMonths ? { months: d.warrantyMonths, until: addDays(addMonths(day, d.warrantyMonths), -1) } : null;
  const limit = p.rule.limit ?? { count: DEFAULT_DAILY_SCAN_LIMIT, period: 'day' as const };
  let couponNote = p.couponNote;
  let coupon: ScanPlan['coupon'] = null;
  if (p.template && couponNote === null) {
    const issue = decideIssue({ template: p.template, dry: p.dry, memberId: p.memberId, source: 'productScan', at: p.at, draw: p.draw });
    if (!issue.ok) couponNote = issue.refusal;
    else coupon = { coupon: issue.coupon, limited: p.template.definition.stock !== null, perMemberLimit: p.template.definition.perMemberLimit };
  }
  const result: ScanResult = {
    sku: d.sku,
    name: d.name,
    points,
    coupon: coupon ? { id: coupon.coupon.couponId, name: coupon.coupon.name, summary: coupon.coupon.summary } : null,
    couponNote,
    warranty,
  };
  return {
    memberId: p.memberId,
    batchNo: batch.batchNo,
    serial: p.serial,
    scanShard: p.serial % batch.shards,
    at: p.at,
    limit: { ...limit, key: periodKey(limit.period, day) },
    batchDayLimit: d.dailyLimitPerMember ? { count: d.dailyLimitPerMember, day } : null,
    earning: p.earning,
    facts: p.facts,
    coupon,
    product: { productId: `${batch.batchNo}-${p.serial}`, sku: d.sku, name: d.name, warrantyMonths: warranty?.months ?? null, warrantyUntil: warranty?.until ?? null, points },
    result,
  };
}

/** What failed in a scan's unit of work, as the adapter names it (by precedence, in this order). */
export type ScanFailure =
  /** The code was scanned before: `mark` is that scan (who, when, what it gave), when it came back. */
  | { kind: 'code_spent'; mark: { memberId: string; at: string; result: ScanResult } | null }
  /** The batch is no longer active on the code's shard. */
  | { kind: 'batch_inactive' }
  /** The member's scans per period, or per day of this batch. */
  | { kind: 'limit_reached'; which: 'period' | 'batch_day' }
  /** The member already holds her limit of the scan's coupon. */
  | { kind: 'coupon_limit_reached' }
  /** The coupon's shard had no stock left. */
  | { kind: 'stock_out' }
  /** The points account or the profile moved since they were read, or a concurrent transaction. */
  | { kind: 'revision_moved' };

export type ScanNext =
  | { next: 'replay'; at: string; result: ScanResult }
  | { next: 'refuse'; refusal: 'code_used'; usedOn: string }
  | { next: 'refuse'; refusal: 'scan_limit'; count: number; period: LimitPeriod }
  /** Read the batch again: refuse when it is no longer active, else retry. */
  | { next: 'check_batch' }
  | { next: 'retry'; couponNote?: 'claim_limit'; dry?: number };

/** What a failed scan means: answer her first scan, refuse, look at the batch, or try again. */
export function afterScanFailure(f: ScanFailure, plan: Pick<ScanPlan, 'memberId' | 'limit' | 'batchDayLimit' | 'coupon'>): ScanNext {
  switch (f.kind) {
    case 'code_spent':
      if (!f.mark) return { next: 'retry' };
      if (f.mark.memberId === plan.memberId) return { next: 'replay', at: f.mark.at, result: f.mark.result };
      return { next: 'refuse', refusal: 'code_used', usedOn: localDate(new Date(f.mark.at)) };
    case 'batch_inactive':
      return { next: 'check_batch' };
    case 'limit_reached': {
      const which = f.which === 'period' || !plan.batchDayLimit ? plan.limit : { count: plan.batchDayLimit.count, period: 'day' as const };
      return { next: 'refuse', refusal: 'scan_limit', count: which.count, period: which.period };
    }
    case 'coupon_limit_reached':
      return { next: 'retry', couponNote: 'claim_limit' };
    case 'stock_out':
      return plan.coupon ? { next: 'retry', dry: plan.coupon.coupon.shard } : { next: 'retry' };
    default:
      return { next: 'retry' };
  }
}
