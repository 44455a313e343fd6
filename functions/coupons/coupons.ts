/**
 * Coupon templates and issuing. A template's stock is spread over shard items, so concurrent
 * claims update different items; each claim is one transaction: a shard (stock left), the
 * member's claim counter (per-member limit), the coupon, its code, and a guard on the request id.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { CouponTemplate, CouponTemplateInput, WalletCoupon } from '../../shared/contract';
import { couponSummary, localDate, maskPhone } from '../../shared/domain';
import { afterIssueFailure, couponTermsOf, decideIssue, decidePayment, dryShardsOf, type IssueDraw, type IssueRefusal, type PaymentDecision } from '../../shared/domain/coupon-claim';
import {
  changeTemplateState,
  insertTemplate,
  noteStampReward,
  redeemStandalone,
  saveTemplateEdit,
  splitStock,
  STAMPS_FULL,
  getClaimCount,
  getMemberCoupon,
  getTemplate,
  listMemberCoupons,
  listTemplates as queryTemplates,
  findCouponByCode,
  shardsFor,
  toWallet,
  writeIssue,
  type ShardRecord,
  type TemplateRecord,
} from '../adapters/dynamo/coupon-repo';
import { recordAudit } from '../adapters/dynamo/account-repo';
import { clock } from '../lib/clock';
import { countMetric } from '../lib/metrics';
import { AppError, fail } from '../lib/errors';
import type { Session } from '../lib/session';
import { memberIdsInTier } from '../adapters/dynamo/jobs-repo';
import { findMemberIdByPhone, getMember } from '../adapters/dynamo/member-repo';
import { refuseFrozen, resolveMemberId } from '../core';
import { brandOrFail, loadAccount, optimistic, tierOf } from '../core';

const view = (t: TemplateRecord, shards: ShardRecord[]): CouponTemplate => {
  const issued = shards.reduce((s, x) => s + x.issued, 0);
  const redeemed = shards.reduce((s, x) => s + x.redeemed, 0);
  return {
    id: t.id,
    state: t.state,
    definition: t.definition,
    issued,
    remaining: t.definition.stock === null ? null : shards.reduce((s, x) => s + (x.remaining ?? 0), 0),
    redeemed,
    redemptionRate: issued === 0 ? 0 : Math.round((redeemed / issued) * 1000) / 1000,
    createdAt: t.createdAt,
    createdBy: t.createdBy,
    rev: t.rev,
  };
};

export async function createCouponTemplate(session: Session, input: CouponTemplateInput): Promise<CouponTemplate> {
  const at = clock.now().toISOString();
  const t: TemplateRecord = { id: `t_${randomBytes(6).toString('hex')}`, state: 'active', definition: input, shards: shardsFor(input.stock), createdAt: at, createdBy: session.openid, rev: 0 };
  const out = await insertTemplate(t, { at, actor: session.openid, action: 'coupon.template.create', target: `template:${t.id}`, before: null, after: input });
  if (!out.ok) throw fail('busy', 'could not create the template; try again');
  return (await templateView(t.id))!;
}

export async function templateView(id: string): Promise<CouponTemplate | null> {
  const r = await getTemplate(id);
  return r ? view(r.template, r.shards) : null;
}

export async function listCouponTemplates(): Promise<{ templates: CouponTemplate[] }> {
  const list = await queryTemplates();
  const views = await Promise.all(list.map((t) => templateView(t.id)));
  return { templates: views.filter((v): v is CouponTemplate => !!v) };
}

export async function setCouponTemplateState(session: Session, id: string, state: 'active' | 'paused'): Promise<CouponTemplate> {
  const r = await getTemplate(id);
  if (!r) throw fail('template_not_found', 'no such coupon template');
  const at = clock.now().toISOString();
  issueCache.delete(id);
  const out = await changeTemplateState(id, state, r.template.rev, { at, actor: session.openid, action: 'coupon.template.state', target: `template:${id}`, before: { state: r.template.state }, after: { state } });
  issueCache.delete(id);
  if (!out.ok) throw fail('template_changed', 'the template was changed meanwhile; reload and try again');
  return (await templateView(id))!;
}

/**
 * An edit of a template. Coupons already issued keep the terms they were issued with; the coupon
 * type cannot change (create a new template instead); a new stock is never below what was issued,
 * and what is left is spread over the shards again, only if no claim hit a shard meanwhile.
 */
export async function editCouponTemplate(session: Session, id: string, rev: number, next: CouponTemplateInput): Promise<CouponTemplate> {
  const r = await getTemplate(id);
  if (!r) throw fail('template_not_found', 'no such coupon template');
  const before = r.template.definition;
  if (r.template.rev !== rev) throw fail('template_changed', 'the template was changed meanwhile; reload and try again');
  if (next.kind !== before.kind) throw invalidTemplate('the coupon type cannot change; create a new template', 'definition.kind');
  const issued = r.shards.reduce((s, x) => s + x.issued, 0);
  if (next.stock !== null && next.stock < issued) throw invalidTemplate(`${issued} were already issued: the stock cannot be less`, 'definition.stock');
  if (next.stampCard && next.stampCard.rewardTemplateId === id) throw invalidTemplate('a stamp card cannot reward itself', 'definition.stampCard.rewardTemplateId');
  const at = clock.now().toISOString();
  let restock: { shard: ShardRecord; remaining: number | null }[] | null = null;
  if (next.stock !== before.stock) {
    const left = next.stock === null ? null : splitStock(next.stock - issued, r.template.shards);
    restock = r.shards.map((s, i) => ({ shard: s, remaining: left === null ? null : left[i]! }));
  }
  const out = await saveTemplateEdit(id, rev, next, restock, { at, actor: session.openid, action: 'coupon.template.edit', target: `template:${id}`, before, after: next });
  issueCache.delete(id);
  if (!out.ok) throw fail('template_changed', 'the template or its stock changed meanwhile; reload and try again');
  return (await templateView(id))!;
}

/** The terms a coupon is issued with (the pure rule in shared/domain/coupon-claim.ts). */
export const termsOf = (d: CouponTemplateInput) => couponTermsOf(d);

/**
 * A template as issuing sees it, cached for a second per warm Lambda: a flash campaign does not read
 * the template partition once per claim. Stock is never decided from it (the shard's condition
 * decides); a pause or an edit reaches issuing within the second (at once in this Lambda).
 */
const issueCache = new Map<string, { at: number; read: Promise<{ template: TemplateRecord; dry: Set<number> } | null> }>();
const ISSUE_CACHE_MS = 1_000;
function templateForIssue(id: string): Promise<{ template: TemplateRecord; dry: Set<number> } | null> {
  const hit = issueCache.get(id);
  const now = Date.now();
  if (hit && now - hit.at < ISSUE_CACHE_MS) return hit.read;
  // One read in flight per template: concurrent claims wait for it rather than each reading.
  const read = getTemplate(id).then((r) =>
    // Shards found dry, shared by this Lambda's concurrent claims until the next read.
    r ? { template: r.template, dry: new Set<number>(dryShardsOf(r.template.definition.stock, r.shards)) } : null,
  );
  issueCache.set(id, { at: now, read });
  read.catch(() => issueCache.get(id)?.read === read && issueCache.delete(id));
  if (issueCache.size > 500) issueCache.delete(issueCache.keys().next().value!);
  return read;
}
/** For tests that pause or edit a template and claim at once. */
export const clearIssueCache = () => issueCache.clear();

export type IssueSource = 'centre' | 'registration' | 'birthday' | 'exchange' | 'admin' | 'staff' | 'campaign' | 'winback' | 'stampCard' | 'membership' | 'referral';

const ISSUE_REFUSALS: Record<IssueRefusal, () => AppError> = {
  template_paused: () => fail('template_paused', 'this coupon is paused'),
  template_ended: () => fail('template_ended', 'this coupon campaign has ended'),
  sold_out: () => fail('sold_out', 'all coupons of this template have been issued'),
};

function paymentRefused(p: Exclude<PaymentDecision, { ok: true }>, cost: number): AppError {
  if (p.refusal === 'secondary_card') return fail('forbidden', 'a secondary card cannot spend points; the primary card holds them');
  return fail('insufficient_points', `not enough spendable points: ${p.available} available, ${cost} needed`, [{ path: 'templateId', message: `needs ${cost} points` }]);
}

const newCouponId = () => `c_${randomBytes(8).toString('hex')}`;
const newCouponCode = () => `88${String(randomInt(10 ** 9)).padStart(9, '0')}${String(randomInt(10 ** 5)).padStart(5, '0')}`;
/** The random draws of one issue attempt: a shard among the open ones, a coupon id, a 16-digit code. */
export const couponDraw = (): IssueDraw => ({ pick: (n) => randomInt(n), couponId: newCouponId(), code: newCouponCode() });

/**
 * Issues one coupon of a template to a member, once per `requestId`: never beyond the stock, never
 * beyond the member's limit. Answers the coupon first issued for a repeated request.
 * Read (the cached template; the account when paying), decide (`decideIssue`, `decidePayment`),
 * write one unit of work (`writeIssue`), and decide again on its typed failure (`afterIssueFailure`).
 */
export async function issueCoupon(
  memberId: string,
  templateId: string,
  requestId: string,
  source: IssueSource,
  pay: { points: number } | null = null,
  /** The once-only key when it is wider than this template's request (a birthday gift: once a year, whichever template). */
  onceKey: string = `coupon#${templateId}#${requestId}`,
): Promise<{ coupon: WalletCoupon; replayed: boolean; balance: number | null }> {
  const found = await templateForIssue(templateId);
  if (!found) throw fail('template_not_found', 'no such coupon template');
  const { template, dry } = found;
  const d = template.definition;
  return optimistic<{ coupon: WalletCoupon; replayed: boolean; balance: number | null }>(async () => {
    // A dry shard is not contention: the next shard is tried at once, without the backoff (at most once per shard).
    for (let shardsTried = 0; shardsTried <= template.shards; shardsTried++) {
      const now = clock.now();
      const at = now.toISOString();
      const issue = decideIssue({ template, dry, memberId, source, at, draw: couponDraw() });
      if (!issue.ok) throw ISSUE_REFUSALS[issue.refusal]();
      let payment: Parameters<typeof writeIssue>[0]['payment'];
      if (pay) {
        // Points for the coupon: spent in the same unit of work that issues it.
        const acct = await loadAccount(memberId);
        refuseFrozen(acct.member);
        const p = decidePayment({ familyRole: acct.member.familyRole, points: acct.points.state, cost: pay.points, day: localDate(now) });
        if (!p.ok) throw paymentRefused(p, pay.points);
        payment = {
          before: acct.points,
          next: p.next,
          entries: [{ type: 'spend', points: -pay.points, description: `积分兑换：${d.name}`, source: { kind: 'exchange', id: issue.coupon.couponId } }],
        };
      }
      const out = await writeIssue({ coupon: issue.coupon, limited: d.stock !== null, perMemberLimit: d.perMemberLimit, onceKey, ...(payment ? { payment } : {}) });
      if (out.ok) return { done: { coupon: toWallet(issue.coupon, at), replayed: false, balance: out.balance } };
      const next = afterIssueFailure(out.failure, issue.shard);
      if (next.next === 'refuse') throw fail('claim_limit', `at most ${d.perMemberLimit} per member`);
      if (next.next === 'replay') {
        const first = await getMemberCoupon(memberId, next.couponId);
        return first ? { done: { coupon: toWallet(first, at), replayed: true, balance: null } } : 'retry';
      }
      if (next.dry === null) return 'retry'; // a code collision or a concurrent write: back off, draw again
      dry.add(next.dry);
    }
    return 'retry';
  }, 60);
}

export async function claimFromCentre(session: Session, templateId: string, requestId: string) {
  const memberId = await resolveMemberId(session);
  // The cached template (no consistent read per claim): whether it is in the centre at all; her profile (a frozen member cannot claim).
  const [found, member] = await Promise.all([templateForIssue(templateId), getMember(memberId)]);
  refuseFrozen(member);
  if (!found || !found.template.definition.claimable) throw fail('template_not_found', 'no such coupon in the coupon centre');
  const r = await issueCoupon(memberId, templateId, requestId, 'centre');
  if (!r.replayed) countMetric('CouponClaims');
  return { coupon: r.coupon, replayed: r.replayed };
}

/** Points for a coupon, in one transaction; a retried request answers the first coupon. */
export async function exchangeForPoints(session: Session, templateId: string, requestId: string) {
  const memberId = await resolveMemberId(session);
  const found = await templateForIssue(templateId);
  const cost = found?.template.definition.pointsCost;
  if (!found || !cost) throw fail('template_not_found', 'this coupon cannot be exchanged for points');
  const r = await issueCoupon(memberId, templateId, requestId, 'exchange', { points: cost });
  const balance = r.balance ?? (await loadAccount(memberId)).points.state.buckets.reduce((s, b) => s + b.points, 0);
  return { coupon: r.coupon, replayed: r.replayed, pointsSpent: cost, balance };
}

/**
 * A clerk redeems a gift coupon by its code without a purchase: once (per redemption id and per
 * coupon), only while valid and at a store it is good for.
 */
export async function redeemAtStore(session: Session, req: { storeId: string; code: string; redemptionId: string }) {
  if (!session.storeId || session.storeId !== req.storeId) throw fail('forbidden', `this clerk may redeem only for store ${session.storeId ?? '(none)'}`);
  const hit = await findCouponByCode(req.code);
  if (!hit) throw fail('coupon_not_found', 'no coupon with this code', [{ path: 'code', message: 'unknown code' }]);
  const coupon = (await listMemberCoupons(hit.memberId)).find((c) => c.couponId === hit.couponId);
  const member = await getMember(hit.memberId);
  if (!coupon || !member) throw fail('coupon_not_found', 'no coupon with this code', [{ path: 'code', message: 'unknown code' }]);
  refuseFrozen(member);
  const ref = `redeem#${req.storeId}#${req.redemptionId}`;
  const answer = (at: string, replayed: boolean) => ({ couponId: coupon.couponId, name: coupon.name, summary: coupon.summary, phoneMasked: maskPhone(member.phone), redeemedAt: at, replayed });
  if (coupon.state === 'used' && coupon.usedFor === ref) return answer(coupon.usedAt ?? coupon.issuedAt, true);
  const field = (message: string) => [{ path: 'code', message }];
  if (coupon.terms.kind !== 'gift') throw fail('not_standalone', 'only gift coupons are redeemed without a purchase; apply this one at checkout', field('not a gift coupon'));
  if (coupon.state === 'used') throw fail('coupon_used', 'this coupon was already used', field('already used'));
  if (coupon.state !== 'available') throw fail('coupon_unavailable', `this coupon is ${coupon.state}`, field(coupon.state));
  const at = clock.now().toISOString();
  if (at < coupon.validFrom) throw fail('coupon_not_yet_valid', 'this coupon is not valid yet', field('not yet valid'));
  if (at > coupon.validUntil) throw fail('coupon_expired', 'this coupon has expired', field('expired'));
  if (coupon.terms.stores && !coupon.terms.stores.includes(req.storeId)) throw fail('wrong_store', 'this coupon cannot be used at this store', field('not for this store'));
  const out = await redeemStandalone({ memberId: hit.memberId, couponId: coupon.couponId, templateId: coupon.templateId, shard: coupon.shard ?? 0 }, ref, at);
  if (out.ok) return answer(at, false);
  const again = (await listMemberCoupons(hit.memberId)).find((c) => c.couponId === hit.couponId);
  if (again?.usedFor === ref) return answer(again.usedAt ?? at, true);
  throw fail('coupon_used', 'this coupon was already used', field('already used'));
}

export async function couponCentre(session: Session) {
  const memberId = await resolveMemberId(session);
  const now = clock.now().toISOString();
  const templates = (await queryTemplates()).filter(
    (t) => t.state === 'active' && (t.definition.claimable || !!t.definition.pointsCost) && !(t.definition.validity.kind === 'fixed' && t.definition.validity.until <= now),
  );
  const entries = await Promise.all(
    templates.map(async (t) => {
      const v = (await templateView(t.id))!;
      const held = t.definition.perMemberLimit !== null ? await getClaimCount(memberId, t.id) : 0;
      return {
        templateId: t.id,
        name: t.definition.name,
        description: t.definition.description,
        kind: t.definition.kind,
        summary: couponSummary(t.definition),
        remaining: v.remaining,
        canClaim: t.definition.perMemberLimit === null ? null : Math.max(0, t.definition.perMemberLimit - held),
        soldOut: v.remaining === 0,
        claimable: t.definition.claimable,
        pointsCost: t.definition.pointsCost ?? null,
      };
    }),
  );
  return { entries };
}

export async function myCoupons(session: Session, state?: 'available' | 'used' | 'expired') {
  const memberId = await resolveMemberId(session);
  const now = clock.now().toISOString();
  let records = await listMemberCoupons(memberId);
  // A filled card whose reward could not be issued then (sold out, paused) is settled when she looks.
  const pending = records.filter((c) => c.usedFor === STAMPS_FULL && !c.rewardCouponId && c.terms.stampCard);
  if (pending.length > 0) {
    let settled = 0;
    for (const c of pending) if (await settleStampReward(memberId, c.couponId)) settled++;
    if (settled > 0) records = await listMemberCoupons(memberId);
  }
  const coupons = records.map((c) => toWallet(c, now)).sort((a, b) => (a.issuedAt < b.issuedAt ? 1 : -1));
  return { coupons: state ? coupons.filter((c) => c.state === state) : coupons };
}

export const invalidTemplate = (message: string, path: string) => fail('invalid_template', message, [{ path, message }]);

/**
 * An admin (or a clerk, for chosen members) issues a template's coupon: to members by phone, or to
 * every member of a tier. Each member's coupon is keyed by the batch, so re-sending a batch issues
 * nothing twice; stock and per-member limits hold as for claims.
 */
export async function issueToMembers(session: Session, templateId: string, req: { batchId: string; phones?: string[] | undefined; tierCode?: string | undefined }) {
  if (req.tierCode && !session.roles.includes('admin')) throw fail('forbidden', 'only an admin can issue to a whole tier');
  const found = await getTemplate(templateId);
  if (!found) throw fail('template_not_found', 'no such coupon template');
  const targets: { target: string; memberId: string | null }[] = req.tierCode
    ? (await memberIdsInTier(req.tierCode)).map((id) => ({ target: id, memberId: id }))
    : await Promise.all((req.phones ?? []).map(async (p) => ({ target: p, memberId: await findMemberIdByPhone(p) })));
  let issued = 0;
  let repeated = 0;
  const refused: { target: string; reason: string }[] = [];
  for (let i = 0; i < targets.length; i += 8) {
    await Promise.all(
      targets.slice(i, i + 8).map(async (t) => {
        if (!t.memberId) return refused.push({ target: t.target, reason: 'member_not_found' });
        try {
          const r = await issueCoupon(t.memberId, templateId, `${req.batchId}#${t.memberId}`, session.roles.includes('admin') ? 'admin' : 'staff');
          if (r.replayed) repeated++;
          else issued++;
        } catch (e) {
          refused.push({ target: t.target, reason: (e as { code?: string }).code ?? 'error' });
        }
        return undefined;
      }),
    );
  }
  const at = clock.now().toISOString();
  if (issued > 0) {
    await recordAudit({ at, actor: session.openid, action: 'coupon.issue', target: `template:${templateId}`, before: null, after: { batchId: req.batchId, tierCode: req.tierCode ?? null, phones: req.phones?.length ?? 0, issued } });
  }
  return { targeted: targets.length, issued, repeated, refused };
}

/**
 * The registration gift (新人礼): one coupon of every active template marked registrationGift, once
 * per member and template. Called after registration; a repeated registration completes it.
 */
export async function welcomeGifts(memberId: string): Promise<WalletCoupon[]> {
  const now = clock.now().toISOString();
  const gifts = (await queryTemplates()).filter((t) => t.state === 'active' && t.definition.registrationGift && !(t.definition.validity.kind === 'fixed' && t.definition.validity.until <= now));
  const out: WalletCoupon[] = [];
  for (const t of gifts) {
    try {
      out.push((await issueCoupon(memberId, t.id, 'registration', 'registration')).coupon);
    } catch (e) {
      // Sold out, paused meanwhile or over the limit: the member registers anyway.
      if (!(e instanceof AppError) || e.status >= 500) throw e;
    }
  }
  return out;
}

/**
 * The tier's birthday gift (for the care job): the coupon of the member's tier's birthdayGift, once
 * per member and year. Answers null when her tier gives no coupon.
 */
export async function issueBirthdayGift(memberId: string, year: string): Promise<WalletCoupon | null> {
  const [brand, member] = await Promise.all([brandOrFail(), getMember(memberId)]);
  if (!member) throw fail('member_not_found', 'no such member');
  const templateId = tierOf(brand, member.tier.tierCode).birthdayGift?.couponTemplateId;
  if (!templateId) return null;
  // Once per member and year, whichever template: a tier change after the gift does not give a second one.
  return (await issueCoupon(memberId, templateId, `birthday-${year}`, 'birthday', null, `birthday#${year}`)).coupon;
}

/**
 * The reward of a filled stamp card, issued once (the request id is the card's), and noted on the
 * card. A sold-out or paused reward leaves the card filled with its reward pending; the next
 * purchase or a retry of the order issues it.
 */
export async function settleStampReward(memberId: string, cardId: string): Promise<string | null> {
  const card = (await listMemberCoupons(memberId)).find((c) => c.couponId === cardId);
  if (!card || card.usedFor !== STAMPS_FULL || !card.terms.stampCard) return null;
  if (card.rewardCouponId) return card.rewardCouponId;
  try {
    // Keyed by the order that filled the card: a card reopened by a return and filled again earns a new reward.
    const filledBy = (card.stampOrders ?? []).at(-1) ?? 'first';
    const r = await issueCoupon(memberId, card.terms.stampCard.rewardTemplateId, `stamp-${cardId}-${filledBy.replace(/[^A-Za-z0-9_-]/g, '_')}`, 'stampCard');
    await noteStampReward(memberId, cardId, r.coupon.id);
    return r.coupon.id;
  } catch (e) {
    if (e instanceof AppError && e.status < 500) return null;
    throw e;
  }
}
