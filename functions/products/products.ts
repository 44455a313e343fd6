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
import { createHmac } from 'node:crypto';
import type { BatchState, ProductBatch, ProductBatchInput, ScanResponse } from '../../shared/contract';
import { EVENT_LABELS, addDays, localDate, maskPhone, balanceOf } from '../../shared/domain';
import { dryShardsOf } from '../../shared/domain/coupon-claim';
import { afterScanFailure, checkScannedCode, planScan, scanPoints, type CodeRefusal, type ScanResult } from '../../shared/domain/product-scan';
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
import { activeTagRules, scanFacts } from '../facts/collaboration';
import { getTemplate } from '../adapters/dynamo/coupon-repo';
import { getMember } from '../adapters/dynamo/member-repo';
import {
  allocateBatchNo,
  changeBatchState,
  countFailedScan,
  getBatch,
  getBatchItem,
  insertBatch,
  listBatches,
  listMemberProducts,
  listScanRisks,
  recordScanRisk,
  shardsForBatch,
  writeScan,
  type BatchRecord,
  type BatchShard,
} from '../adapters/dynamo/product-repo';
import { couponDraw } from '../coupons/collaboration';
import { earningBucket, earningFor } from '../core/earn';
import { clock } from '../lib/clock';
import { countMetric } from '../lib/metrics';
import { config } from '../lib/config';
import { AppError, fail, failAs } from '../lib/errors';
import type { Session } from '../lib/session';
import { brandOrFail, loadAccount, optimistic, refuseFrozen, resolveMemberId, rulesFor } from '../core';

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
  const out = await insertBatch(b, { at, actor: session.openid, action: 'product.batch.create', target: `batch:${batchNo}`, before: null, after: definition });
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
  const out = await changeBatchState(batch, state, at, { at, actor: session.openid, action: 'product.batch.state', target: `batch:${batch.batchNo}`, before: { state: batch.state }, after: { state, reason: reason ?? null } });
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

function codeRefused(r: CodeRefusal): AppError {
  switch (r.refusal) {
    case 'code_invalid':
      return fail('code_invalid', 'this is not a valid product code', codeField(r.field));
    case 'batch_not_started':
      return fail('batch_not_started', `scanning this product starts on ${r.date}`, codeField('not yet valid'));
    case 'batch_ended':
      return fail('batch_ended', `scanning this product ended on ${r.date}`, codeField('expired'));
    case 'batch_voided':
      return stateError('voided');
  }
}

/**
 * A member scans a product code. Read (the cached batch, the brand, tag rules, the coupon template,
 * her account), decide (`checkScannedCode`, the one earn-points recipe, `planScan`), write one unit of
 * work (`writeScan`), and decide again on its typed failure (`afterScanFailure`).
 */
export async function scanProductCode(session: Session, text: string): Promise<ScanResponse> {
  const memberId = await resolveMemberId(session);
  const now = clock.now();
  const day = localDate(now);
  // 1. The signature first: nothing is read or written for the code before it passes; then its batch.
  const v = verifyProductCode(codeMac(), extractProductCode(text) ?? text);
  const batch = v.ok ? await cachedBatch(v.batchNo) : null;
  const code = checkScannedCode(v, batch, now.toISOString());
  if (!code.ok) {
    if (code.refusal === 'code_invalid') await failed(memberId, code.signal, day, now.toISOString());
    throw codeRefused(code);
  }
  const b = batch!;
  const d = b.definition;

  const [brand, tagRules] = await Promise.all([brandOrFail(), activeTagRules()]);
  const template = d.couponTemplateId ? await getTemplate(d.couponTemplateId) : null;
  const dry = new Set<number>(template ? dryShardsOf(template.template.definition.stock, template.shards) : []);
  let couponNote: string | null = null;

  // 2. One unit of work, decided afresh on each attempt.
  return optimistic<ScanResponse>(async () => {
    const at = clock.now().toISOString();
    const rules = rulesFor(brand, at);
    const rule = rules.events.productScan;
    const points = scanPoints(b, rule.points);
    const acct = await loadAccount(memberId);
    refuseFrozen(acct.member);
    const earning =
      points > 0
        ? earningFor(acct, brand, day, [
            {
              points,
              bucket: earningBucket(rules.expiry, day),
              entry: {
                description: `${EVENT_LABELS.productScan}：${d.name}`,
                source: { kind: 'productScan', id: `${b.batchNo}-${code.serial}` },
                ruleVersion: d.points === null ? rules.version : null,
                detail: { sku: d.sku },
              },
            },
          ])
        : null;
    // Member facts (segments): the scan counts in the month, and skuNameContains tag rules see the product.
    const facts = scanFacts(acct.member, { at, day, sku: d.sku, name: d.name }, tagRules);
    const plan = planScan({ memberId, batch: b, serial: code.serial, at, day, rule, earning, facts, template: template?.template ?? null, dry, couponNote, draw: couponDraw() });
    couponNote = plan.result.couponNote;

    const out = await writeScan(plan, acct);
    const answer = (r: ScanResult, scannedAt: string, bal: number, replayed: boolean): { done: ScanResponse } => ({
      done: { code: code.code, product: { sku: r.sku, name: r.name, batchId: String(b.batchNo) }, points: r.points, balance: bal, coupon: r.coupon, couponNote: r.couponNote, warranty: r.warranty, scannedAt, replayed },
    });
    if (out.ok) {
      countMetric('ProductScans');
      countMetric('PointsIssued', plan.result.points ?? 0);
      return answer(plan.result, at, out.balance, false);
    }
    const next = afterScanFailure(out.failure, plan);
    switch (next.next) {
      case 'replay':
        return answer(next.result, next.at, balanceOf((await loadAccount(memberId)).points.state), true);
      case 'refuse':
        if (next.refusal === 'code_used') {
          await failed(memberId, 'used', day, at);
          throw fail('code_used', `this code was already used on ${next.usedOn}`, codeField(`used on ${next.usedOn}`));
        }
        await recordScanRisk(memberId, day, at, { limitHit: true, reason: 'limit' });
        throw fail('scan_limit', `at most ${next.count} scans per ${next.period}; the code stays valid for later`, codeField(`limit ${next.count} per ${next.period}`));
      case 'check_batch': {
        forgetBatch(b.batchNo);
        const fresh = await getBatch(b.batchNo);
        if (fresh && fresh.batch.state !== 'active') throw stateError(fresh.batch.state);
        return 'retry';
      }
      default:
        if (next.couponNote) couponNote = next.couponNote;
        if (next.dry !== undefined) dry.add(next.dry);
        return 'retry';
    }
  }, 60);
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
