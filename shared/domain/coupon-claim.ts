/**
 * Issuing one coupon of a template (the coupon centre's claim, an exchange for points, a gift, a
 * campaign, a stamp card's reward, a product scan's coupon): the pure decisions around the one unit
 * of work that writes it.
 *
 * The stock is never decided here: the unit of work takes one from a stock shard whose condition
 * (`remaining > 0`) decides, so a stale template read can never oversell. What is decided here:
 * whether the template issues at all (paused, ended, every shard known dry), which shard to try,
 * what the coupon says, whether the member can pay its points, and what a failed unit of work means
 * (a dry shard: try another; the member's limit: refuse; the request seen before: answer the first
 * coupon; a moved revision or a collision: draw again).
 *
 * Invariants (tests/unit/claim-decision.test.ts, fast-check over a model of the unit's conditions):
 * never more issued than the stock, a member never over her limit, one coupon per request, and
 * `sold_out` only once every shard has truly run dry.
 */
import { couponSummary, type CouponKind, type CouponScope, type CouponTerms } from './coupons';
import { spend, type PointsState } from './points';

export type IssueValidity = { kind: 'fixed'; from: string; until: string } | { kind: 'afterIssue'; days: number };

/** What issuing needs of a template's definition (the contract's CouponTemplateInput fits it). */
export interface IssuableDefinition {
  name: string;
  kind: CouponKind;
  amountOffFen?: number | undefined;
  percentOff?: number | undefined;
  maxDiscountFen?: number | null | undefined;
  thresholdFen?: number | undefined;
  giftSku?: string | undefined;
  stampCard?: { purchasesNeeded: number; minOrderFen: number; rewardTemplateId: string } | undefined;
  scope: CouponScope;
  stores: string[] | null;
  stackable: boolean;
  validity: IssueValidity;
  /** Total that can ever be issued; null = unlimited. */
  stock: number | null;
  /** Most one member can hold; null = no limit. */
  perMemberLimit: number | null;
}

export interface IssuableTemplate {
  id: string;
  state: 'active' | 'paused';
  /** The stock is spread over this many shard items, numbered 0..shards-1. */
  shards: number;
  definition: IssuableDefinition;
}

/** The terms a coupon is issued with: kept on the coupon, so a later edit of the template does not change them. */
export function couponTermsOf(d: IssuableDefinition): CouponTerms {
  return {
    kind: d.kind,
    ...(d.amountOffFen !== undefined ? { amountOffFen: d.amountOffFen } : {}),
    ...(d.percentOff !== undefined ? { percentOff: d.percentOff } : {}),
    ...(d.maxDiscountFen !== undefined ? { maxDiscountFen: d.maxDiscountFen } : {}),
    ...(d.thresholdFen !== undefined ? { thresholdFen: d.thresholdFen } : {}),
    ...(d.giftSku !== undefined ? { giftSku: d.giftSku } : {}),
    ...(d.stampCard !== undefined ? { stampCard: d.stampCard } : {}),
    scope: d.scope,
    stores: d.stores,
    stackable: d.stackable,
  };
}

/** A coupon as issued, before it is written. */
export interface NewCoupon {
  memberId: string;
  couponId: string;
  templateId: string;
  name: string;
  summary: string;
  code: string;
  terms: CouponTerms;
  state: 'available';
  validFrom: string;
  validUntil: string;
  issuedAt: string;
  source: string;
  /** The stock shard it is taken from (its redemption is counted there). */
  shard: number;
  stamps?: number;
  stampOrders?: string[];
}

/** The random draws an issue needs, made by the caller so that the decision stays pure. */
export interface IssueDraw {
  /** An index in [0, n): which of the open shards to try. */
  pick: (n: number) => number;
  couponId: string;
  /** The coupon's 16-digit code. */
  code: string;
}

export type IssueRefusal = 'template_paused' | 'template_ended' | 'sold_out';

export type IssueDecision = { ok: false; refusal: IssueRefusal } | { ok: true; shard: number; coupon: NewCoupon };

/** Shards a template read shows dry (a limited stock with nothing left on them). */
export function dryShardsOf(stock: number | null, shards: readonly { shard: number; remaining: number | null }[]): number[] {
  return stock === null ? [] : shards.filter((s) => (s.remaining ?? 0) <= 0).map((s) => s.shard);
}

/**
 * One attempt at issuing: refused while the template is paused or ended, or when every shard is
 * known dry; else the coupon to write and the shard to take it from (one not known dry).
 */
export function decideIssue(p: { template: IssuableTemplate; dry: ReadonlySet<number>; memberId: string; source: string; at: string; draw: IssueDraw }): IssueDecision {
  const { template: t, at } = p;
  const d = t.definition;
  if (t.state !== 'active') return { ok: false, refusal: 'template_paused' };
  if (d.validity.kind === 'fixed' && d.validity.until <= at) return { ok: false, refusal: 'template_ended' };
  const open = Array.from({ length: t.shards }, (_, i) => i).filter((i) => !p.dry.has(i));
  if (open.length === 0) return { ok: false, refusal: 'sold_out' };
  const shard = open[p.draw.pick(open.length)]!;
  const validFrom = d.validity.kind === 'fixed' ? d.validity.from : at;
  const validUntil = d.validity.kind === 'fixed' ? d.validity.until : new Date(Date.parse(at) + d.validity.days * 86_400_000).toISOString();
  return {
    ok: true,
    shard,
    coupon: {
      memberId: p.memberId,
      couponId: p.draw.couponId,
      templateId: t.id,
      name: d.name,
      summary: couponSummary(d),
      code: p.draw.code,
      terms: couponTermsOf(d),
      state: 'available',
      validFrom,
      validUntil,
      issuedAt: at,
      source: p.source,
      shard,
      ...(d.kind === 'stampCard' ? { stamps: 0, stampOrders: [] as string[] } : {}),
    },
  };
}

export type PaymentDecision =
  | { ok: true; next: PointsState }
  | { ok: false; refusal: 'secondary_card' }
  | { ok: false; refusal: 'insufficient_points'; available: number };

/** Points for a coupon: only the account holder spends, and only points spendable on `day`. */
export function decidePayment(p: { familyRole: 'none' | 'primary' | 'secondary'; points: PointsState; cost: number; day: string }): PaymentDecision {
  if (p.familyRole === 'secondary') return { ok: false, refusal: 'secondary_card' };
  const r = spend(p.points, p.cost, p.day);
  return r.ok ? { ok: true, next: r.state } : { ok: false, refusal: 'insufficient_points', available: r.available };
}

/** What failed in an issue's unit of work, as the adapter names it. */
export type IssueFailure =
  /** The request's once-only key was written before: by the coupon `couponId` when known. */
  | { kind: 'request_replayed'; couponId: string | null }
  /** The member already holds her limit of this template. */
  | { kind: 'limit_reached' }
  /** The shard tried had no stock left. */
  | { kind: 'stock_out' }
  /** The points account moved since it was read (an exchange). */
  | { kind: 'revision_moved' }
  /** A code collision or a concurrent transaction. */
  | { kind: 'conflict' };

export type IssueNext =
  | { next: 'replay'; couponId: string }
  | { next: 'refuse'; refusal: 'claim_limit' }
  /** Draw again; `dry` is a shard now known to have run dry. */
  | { next: 'retry'; dry: number | null };

/** What a failed unit of work means for the issue: answer the first coupon, refuse, or try again. */
export function afterIssueFailure(f: IssueFailure, shard: number): IssueNext {
  switch (f.kind) {
    case 'request_replayed':
      return f.couponId ? { next: 'replay', couponId: f.couponId } : { next: 'retry', dry: null };
    case 'limit_reached':
      return { next: 'refuse', refusal: 'claim_limit' };
    case 'stock_out':
      return { next: 'retry', dry: shard };
    default:
      return { next: 'retry', dry: null };
  }
}
