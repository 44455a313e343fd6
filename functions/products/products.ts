/**
 * Product codes: batches (admin), scanning (members), the member's products and warranties, and
 * the abuse signals. A scan is checked in this order:
 *   1. the code's signature (HMAC, no database call): a forged or altered code is refused here;
 *   2. the batch's validity window and state;
 *   3. one transaction: the code's "used" mark (attribute_not_exists), the points (account revision
 *      and ledger entry), the daily-limit counter(s), the coupon (stock shard, claim counter, coupon,
 *      coupon code), the member's product with its warranty, and the batch's scan counter on one of
 *      its shards (condition: the batch is still active). The first scan wins; every other one fails
 *      on the used mark and is told the date, never who.
 */
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import type { BatchState, ProductBatch, ProductBatchInput, ScanResponse } from '../../shared/contract';
import {
  EVENT_LABELS,
  addDays,
  addMonths,
  addQualifying,
  couponSummary,
  credit,
  expiryDateFor,
  localDate,
  maskPhone,
  monthOf,
  periodKey,
  qualifyingTotal,
  tierAfterEarning,
  balanceOf,
  type LimitPeriod,
} from '../../shared/domain';
import {
  DEFAULT_DAILY_SCAN_LIMIT,
  FAILED_SCANS_SIGNAL,
  extractProductCode,
  generateProductCodes,
  productCodePath,
  productCodeUrl,
  verifyProductCode,
  type Mac,
} from '../../shared/domain/product-codes';
import { countLimit, writeAudit, writePoints, writeTierHistory, writeTierState } from '../adapters/dynamo/account-repo';
import { activeTagRules, scanFacts } from '../facts/collaboration';
import type { BrandConfig } from '../adapters/dynamo/brand-repo';
import { countClaim, getTemplate, putMemberCoupon, takeFromShard, type TemplateRecord } from '../adapters/dynamo/coupon-repo';
import { getMember } from '../adapters/dynamo/member-repo';
import {
  allocateBatchNo,
  countBatchScan,
  countFailedScan,
  countScan,
  createBatch,
  getBatch,
  getBatchItem,
  listBatches,
  listMemberProducts,
  listScanRisks,
  markUsed,
  putMemberProduct,
  recordScanRisk,
  setBatchState,
  shardsForBatch,
  type BatchRecord,
  type BatchShard,
} from '../adapters/dynamo/product-repo';
import { Tx } from '../adapters/dynamo/tx';
import { termsOf } from '../coupons/collaboration';
import { clock } from '../lib/clock';
import { config } from '../lib/config';
import { AppError, fail, failAs } from '../lib/errors';
import type { Session } from '../lib/session';
import { resolveMemberId } from '../core';
import { byMember } from '../core';
import { brandOrFail, loadAccount, optimistic, rulesFor, type Account } from '../core';

/** HMAC-SHA256 with the configured product-code secret. */
export function codeMac(secret = config().productCodeSecret): Mac {
  return (message) => createHmac('sha256', secret).update(message).digest();
}

const view = (b: BatchRecord, shards: BatchShard[]): ProductBatch => {
  const scanned = shards.reduce((s, x) => s + x.scanned, 0);
  return { id: String(b.batchNo), state: b.state, definition: b.definition, scanned, unscanned: b.definition.count - scanned, createdAt: b.createdAt, createdBy: b.createdBy, rev: b.rev };
};

const batchNoOf = (id: string) => Number(id);

async function batchOrFail(id: string) {
  const found = await getBatch(batchNoOf(id));
  if (!found) throw fail('batch_not_found', 'no such product-code batch');
  return found;
}

export async function createProductBatch(session: Session, input: ProductBatchInput): Promise<ProductBatch> {
  const at = clock.now().toISOString();
  if (input.validUntil <= at) throw fail('invalid_batch', 'the batch would never be valid: validUntil has passed', [{ path: 'validUntil', message: 'must be in the future' }]);
  if (input.couponTemplateId) {
    const t = await getTemplate(input.couponTemplateId);
    if (!t) throw fail('invalid_batch', 'no such coupon template', [{ path: 'couponTemplateId', message: 'no such coupon template' }]);
  }
  const batchNo = await allocateBatchNo();
  if (batchNo > 1_048_575) throw fail('batches_exhausted', 'no batch numbers left for this code layout');
  const definition: ProductBatchInput = {
    ...input,
    couponTemplateId: input.couponTemplateId ?? null,
    warrantyMonths: input.warrantyMonths ?? null,
    dailyLimitPerMember: input.dailyLimitPerMember ?? null,
  };
  const b: BatchRecord = { batchNo, state: 'active', definition, shards: shardsForBatch(input.count), createdAt: at, createdBy: session.openid, rev: 0 };
  const tx = new Tx();
  createBatch(tx, b);
  writeAudit(tx, { at, actor: session.openid, action: 'product.batch.create', target: `batch:${batchNo}`, before: null, after: definition });
  const out = await tx.send();
  if (!out.ok) throw fail('busy', 'could not create the batch; try again');
  return view(b, Array.from({ length: b.shards }, (_, shard) => ({ shard, scanned: 0, state: b.state })));
}

export async function listProductBatches(): Promise<{ batches: ProductBatch[] }> {
  const list = await listBatches();
  const views = await Promise.all(list.map(async (b) => (await getBatch(b.batchNo, false)) ?? { batch: b, shards: [] }));
  return { batches: views.map((v) => view(v.batch, v.shards)) };
}

const MOVES: Record<BatchState, BatchState[]> = { active: ['paused', 'voided'], paused: ['active', 'voided'], voided: [] };

export async function setProductBatchState(session: Session, id: string, state: BatchState, reason?: string): Promise<ProductBatch> {
  const { batch, shards } = await batchOrFail(id);
  if (batch.state === state) return view(batch, shards);
  if (!MOVES[batch.state].includes(state)) throw failAs('batch_voided', 'state', 'a voided batch stays voided');
  const at = clock.now().toISOString();
  const tx = new Tx();
  setBatchState(tx, batch, state, at);
  writeAudit(tx, { at, actor: session.openid, action: 'product.batch.state', target: `batch:${batch.batchNo}`, before: { state: batch.state }, after: { state, reason: reason ?? null } });
  const out = await tx.send();
  if (!out.ok) throw fail('batch_changed', 'the batch was changed meanwhile; reload and try again');
  forgetBatch(batch.batchNo);
  const again = await getBatch(batch.batchNo);
  return view(again!.batch, again!.shards);
}

const CSV_HEADER = 'serial,code,url,path\n';

/** A page of codes as CSV lines, computed from the batch number and serials (nothing is read per code). */
export async function exportBatchCodes(id: string, q: { offset?: number | undefined; limit?: number | undefined }) {
  const { batch } = await batchOrFail(id);
  const total = batch.definition.count;
  const offset = Math.min(q.offset ?? 0, total);
  const end = Math.min(total, offset + (q.limit ?? 5_000));
  const base = config().productCodeUrlBase;
  const lines: string[] = offset === 0 ? [CSV_HEADER] : [];
  for (const { serial, code } of generateProductCodes(codeMac(), batch.batchNo, end, offset)) {
    lines.push(`${serial},${code},${productCodeUrl(base, code)},${productCodePath(code)}\n`);
  }
  return { batchId: id, total, offset, next: end < total ? end : null, csv: lines.join('') };
}

export async function batchSample(id: string, count = 12) {
  const { batch } = await batchOrFail(id);
  const base = config().productCodeUrlBase;
  const codes = [...generateProductCodes(codeMac(), batch.batchNo, Math.min(count, batch.definition.count))].map(({ serial, code }) => ({
    serial,
    code,
    url: productCodeUrl(base, code),
    path: productCodePath(code),
  }));
  return { batch: { id, sku: batch.definition.sku, name: batch.definition.name, state: batch.state }, codes };
}

/**
 * A warm Lambda keeps batch definitions (they never change) for a short while; the state is
 * enforced by the transaction on the batch's shard, so a stale cached state never lets a scan of a
 * paused batch through.
 */
const BATCH_CACHE_MS = 10_000;
const batchCache = new Map<string, { at: number; batch: BatchRecord | null }>();
function forgetBatch(batchNo: number) {
  batchCache.delete(`${config().tableName}#${batchNo}`);
}
async function cachedBatch(batchNo: number): Promise<BatchRecord | null> {
  const key = `${config().tableName}#${batchNo}`;
  const hit = batchCache.get(key);
  const now = Date.now();
  if (hit && now - hit.at < BATCH_CACHE_MS) return hit.batch;
  const batch = await getBatchItem(batchNo);
  if (batchCache.size > 500) batchCache.clear();
  batchCache.set(key, { at: now, batch });
  return batch;
}

const codeField = (message: string) => [{ path: 'code', message }];

/** A failed code counts against the member; from the FAILED_SCANS_SIGNAL-th in a day she is listed for the admin. */
async function failed(memberId: string, reason: string, day: string, at: string) {
  const n = await countFailedScan(memberId, day);
  if (n >= FAILED_SCANS_SIGNAL) await recordScanRisk(memberId, day, at, { failedCodes: n, reason });
}

function stateError(state: BatchState): AppError {
  if (state === 'voided') return fail('batch_voided', 'the codes of this batch have been voided', codeField('batch voided'));
  return fail('batch_paused', 'scanning this product is paused; try again later');
}

interface ScanResult {
  sku: string;
  name: string;
  points: number;
  coupon: { id: string; name: string; summary: string } | null;
  couponNote: string | null;
  warranty: { months: number; until: string } | null;
}

export async function scanProductCode(session: Session, text: string): Promise<ScanResponse> {
  const memberId = await resolveMemberId(session);
  const now = clock.now();
  const day = localDate(now);
  // 1. The signature: nothing is read or written for the code before it passes.
  const v = verifyProductCode(codeMac(), extractProductCode(text) ?? text);
  if (!v.ok) {
    await failed(memberId, v.reason === 'malformed' ? 'malformed' : 'forged', day, now.toISOString());
    throw fail('code_invalid', 'this is not a valid product code', codeField(v.reason === 'malformed' ? 'not a product code' : 'signature does not match'));
  }
  const batch = await cachedBatch(v.batchNo);
  if (!batch || v.serial >= batch.definition.count) {
    await failed(memberId, 'unknown', day, now.toISOString());
    throw fail('code_invalid', 'this is not a valid product code', codeField('unknown code'));
  }
  // 2. The batch's window and state.
  const d = batch.definition;
  if (now.toISOString() < d.validFrom) throw fail('batch_not_started', `scanning this product starts on ${localDate(new Date(d.validFrom))}`, codeField('not yet valid'));
  if (now.toISOString() > d.validUntil) throw fail('batch_ended', `scanning this product ended on ${localDate(new Date(d.validUntil))}`, codeField('expired'));
  if (batch.state === 'voided') throw stateError('voided');

  const [brand, tagRules] = await Promise.all([brandOrFail(), activeTagRules()]);
  const template = d.couponTemplateId ? await getTemplate(d.couponTemplateId) : null;
  const emptyShards = new Set<number>((template?.shards ?? []).filter((s) => template!.template.definition.stock !== null && (s.remaining ?? 0) <= 0).map((s) => s.shard));
  let couponNote: string | null = null;

  // 3. One transaction.
  return optimistic<ScanResponse>(async () => {
    const at = clock.now().toISOString();
    const rules = rulesFor(brand, at);
    const rule = rules.events.productScan;
    const points = d.points ?? rule.points;
    const acct = await loadAccount(memberId);
    const tx = new Tx();
    const result: ScanResult = {
      sku: d.sku,
      name: d.name,
      points: 0,
      coupon: null,
      couponNote,
      warranty: d.warrantyMonths ? { months: d.warrantyMonths, until: addDays(addMonths(day, d.warrantyMonths), -1) } : null,
    };

    // The member's scans per period: the earning rule's limit, or a default per day.
    const limit: { count: number; period: LimitPeriod } = rule.limit ?? { count: DEFAULT_DAILY_SCAN_LIMIT, period: 'day' };
    countLimit(tx, memberId, 'productScan', periodKey(limit.period, day), limit.count, at);
    if (d.dailyLimitPerMember) countBatchScan(tx, memberId, batch.batchNo, day, d.dailyLimitPerMember, at);

    let balance = balanceOf(acct.points.state);
    if (points > 0) {
      const c = credit(acct.points.state, points, expiryDateFor(rules.expiry, day), day);
      balance = writePoints(tx, {
        before: acct.points,
        next: c.state,
        at,
        earned: points,
        entries: [
          {
            type: 'earn',
            points: c.credited,
            description: `${EVENT_LABELS.productScan}：${d.name}`,
            source: { kind: 'productScan', id: `${batch.batchNo}-${v.serial}` },
            ruleVersion: d.points === null ? rules.version : null,
            note: c.debtRepaid ? `其中 ${c.debtRepaid} 积分抵扣退货欠分` : null,
            ...byMember(acct),
            detail: { debtRepaid: c.debtRepaid, grossPoints: points, sku: d.sku },
          },
        ],
      }).balanceAfter;
      result.points = points;
    }
    // Member facts (segments): the scan counts in the month, and skuNameContains tag rules see the product.
    const facts = scanFacts(acct.member, { at, day, sku: d.sku, name: d.name }, tagRules);
    const own = acct.holder.memberId === acct.member.memberId;
    const wroteHolder = points > 0 && qualifyOnPoints(tx, acct, brand, points, day, at, own ? facts : undefined);
    if (!own || !wroteHolder) writeTierState(tx, acct.member.memberId, acct.member.qrev, { extra: facts }, own ? 'profile' : 'purchaser');

    let couponShard: number | null = null;
    if (template && couponNote === null) {
      const issue = couponIssue(template.template, emptyShards, memberId, at);
      if (typeof issue === 'string') couponNote = result.couponNote = issue;
      else {
        couponShard = issue.shard;
        takeFromShard(tx, template.template.id, issue.shard, template.template.definition.stock !== null);
        countClaim(tx, memberId, template.template.id, template.template.definition.perMemberLimit, at);
        putMemberCoupon(tx, issue.record);
        result.coupon = { id: issue.record.couponId, name: issue.record.name, summary: issue.record.summary };
      }
    }

    putMemberProduct(tx, {
      memberId,
      productId: `${batch.batchNo}-${v.serial}`,
      sku: d.sku,
      name: d.name,
      batchNo: batch.batchNo,
      serial: v.serial,
      scannedAt: at,
      points: result.points,
      warrantyMonths: result.warranty?.months ?? null,
      warrantyUntil: result.warranty?.until ?? null,
    });
    countScan(tx, batch.batchNo, v.serial % batch.shards);
    markUsed(tx, batch.batchNo, v.serial, { memberId, at, result: { ...result } });

    const out = await tx.send();
    const answer = (r: ScanResult, scannedAt: string, bal: number, replayed: boolean): { done: ScanResponse } => ({
      done: { code: v.code, product: { sku: r.sku, name: r.name, batchId: String(batch.batchNo) }, points: r.points, balance: bal, coupon: r.coupon, couponNote: r.couponNote, warranty: r.warranty, scannedAt, replayed },
    });
    if (out.ok) return answer(result, at, balance, false);
    if (out.failed.includes('used')) {
      const old = out.item('used');
      if (!old) return 'retry';
      if (old.memberId === memberId) return answer(old.result as ScanResult, old.at as string, balanceOf((await loadAccount(memberId)).points.state), true);
      await failed(memberId, 'used', day, at);
      const usedOn = localDate(new Date(old.at as string));
      throw fail('code_used', `this code was already used on ${usedOn}`, codeField(`used on ${usedOn}`));
    }
    if (out.failed.includes('scanshard')) {
      forgetBatch(batch.batchNo);
      const fresh = await getBatch(batch.batchNo);
      if (fresh && fresh.batch.state !== 'active') throw stateError(fresh.batch.state);
      return 'retry';
    }
    if (out.failed.includes('limit') || out.failed.includes('batchlimit')) {
      await recordScanRisk(memberId, day, at, { limitHit: true, reason: 'limit' });
      const which = out.failed.includes('limit') ? limit : { count: d.dailyLimitPerMember!, period: 'day' as const };
      throw fail('scan_limit', `at most ${which.count} scans per ${which.period}; the code stays valid for later`, codeField(`limit ${which.count} per ${which.period}`));
    }
    if (out.failed.includes('claims')) couponNote = 'claim_limit';
    else if (out.failed.includes('shard') && couponShard !== null) emptyShards.add(couponShard);
    return 'retry';
  }, 60);
}

/** The coupon a scan issues, like the coupon centre's claim but inside the scan's transaction. */
function couponIssue(t: TemplateRecord, emptyShards: Set<number>, memberId: string, at: string) {
  const d = t.definition;
  if (t.state !== 'active') return 'template_paused';
  if (d.validity.kind === 'fixed' && d.validity.until <= at) return 'template_ended';
  const open = Array.from({ length: t.shards }, (_, i) => i).filter((i) => !emptyShards.has(i));
  if (open.length === 0) return 'sold_out';
  const shard = open[randomInt(open.length)]!;
  const validFrom = d.validity.kind === 'fixed' ? d.validity.from : at;
  const validUntil = d.validity.kind === 'fixed' ? d.validity.until : new Date(Date.parse(at) + d.validity.days * 86_400_000).toISOString();
  const record = {
    memberId,
    couponId: `c_${randomBytes(8).toString('hex')}`,
    templateId: t.id,
    name: d.name,
    summary: couponSummary(d),
    code: `88${String(randomInt(10 ** 9)).padStart(9, '0')}${String(randomInt(10 ** 5)).padStart(5, '0')}`,
    terms: termsOf(d),
    state: 'available' as const,
    validFrom,
    validUntil,
    issuedAt: at,
    source: 'productScan',
    shard,
    ...(d.kind === 'stampCard' ? { stamps: 0, stampOrders: [] as string[] } : {}),
  };
  return { shard, record };
}

/** Points earned count toward the holder's tier when the program qualifies on points (as event awards do). */
function qualifyOnPoints(tx: Tx, acct: Account, brand: BrandConfig, points: number, day: string, at: string, extra?: Record<string, unknown>): boolean {
  if (brand.tiers.basis !== 'points') return false;
  const qualifying = addQualifying(acct.holder.qualifying, monthOf(day), 0, points, day);
  const t = tierAfterEarning(brand.tiers, acct.holder.tier, qualifyingTotal(brand.tiers, qualifying, day), day);
  writeTierState(tx, acct.holder.memberId, acct.holder.qrev, { qualifying, tier: t.state, ...(extra ? { extra } : {}) });
  if (t.change) writeTierHistory(tx, acct.holder.memberId, at, t.change, { source: 'event' });
  return true;
}

export async function myProducts(session: Session) {
  const memberId = await resolveMemberId(session);
  const today = localDate(clock.now());
  const list = await listMemberProducts(memberId);
  return {
    products: list.map((p) => ({
      id: p.productId,
      sku: p.sku,
      name: p.name,
      batchId: String(p.batchNo),
      scannedAt: p.scannedAt,
      points: p.points,
      warrantyMonths: p.warrantyMonths ?? null,
      warrantyUntil: p.warrantyUntil ?? null,
      warrantyActive: !!p.warrantyUntil && p.warrantyUntil >= today,
    })),
  };
}

/** Abuse signals of the `days` days ending on `date` (default today), newest day first. */
export async function scanAbuse(q: { date?: string | undefined; days?: number | undefined }) {
  const last = q.date ?? localDate(clock.now());
  const days = Array.from({ length: q.days ?? 7 }, (_, i) => addDays(last, -i));
  const risks = (await Promise.all(days.map((d) => listScanRisks(d)))).flat();
  const phones = new Map<string, string>();
  await Promise.all(
    [...new Set(risks.map((r) => r.memberId))].map(async (id) => {
      const m = await getMember(id);
      phones.set(id, m ? maskPhone(m.phone) : '-');
    }),
  );
  const signals = risks
    .map((r) => ({ date: r.date, memberId: r.memberId, phoneMasked: phones.get(r.memberId) ?? '-', failedCodes: r.failedCodes, limitHits: r.limitHits, lastAt: r.lastAt, lastReason: r.lastReason }))
    .sort((a, b) => (a.date === b.date ? b.failedCodes + b.limitHits - (a.failedCodes + a.limitHits) : a.date < b.date ? 1 : -1));
  return { signals };
}
