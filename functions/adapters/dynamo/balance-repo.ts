/**
 * Stored value (issue 17): the member's BALANCE item, her BAL# ledger, the BALSRC# guards (one
 * movement per source), the brand's BALTOTAL liability shards, and the recharge packages. Every
 * movement writes the balance, a ledger row, its guard and a shard in one transaction, so the ledger
 * sums to the balance and a source moves money once. Debits are conditioned on the revision read
 * (never below zero: the amounts come from shared/domain/stored-value.ts over that very read);
 * credits only add, conditioned on their guard.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db } from './client';
import { indexKeys, keys, memberPk } from './keys';
import { queryAll } from './read';
import { Tx, type TxPart } from './tx';
import { commit, type Written } from './unit';
import { writeAudit, type AuditEntry } from './account-repo';

export const BALANCE_TOTAL_SHARDS = 16;

export interface BalanceRecord {
  memberId: string;
  principalFen: number;
  bonusFen: number;
  /** Bonus credited by recharges and not taken away by refunds (granted − held = bonus spent). */
  bonusGrantedFen: number;
  lastSpendAt: string | null;
  /** 0 and `exists: false` before the first movement. */
  rev: number;
  exists: boolean;
  updatedAt: string | null;
}

export type BalanceKind = 'recharge' | 'spend' | 'return' | 'refund' | 'refundFailed' | 'adjust';

export interface BalanceEntryRecord {
  id: string;
  kind: BalanceKind;
  principalFen: number;
  bonusFen: number;
  ref: string;
  description: string;
  storeId: string | null;
  at: string;
  sk: string;
}

const toBalance = (memberId: string, i: Record<string, unknown> | undefined): BalanceRecord => ({
  memberId,
  principalFen: (i?.principalFen as number | undefined) ?? 0,
  bonusFen: (i?.bonusFen as number | undefined) ?? 0,
  bonusGrantedFen: (i?.bonusGrantedFen as number | undefined) ?? 0,
  lastSpendAt: (i?.lastSpendAt as string | undefined) ?? null,
  rev: (i?.rev as number | undefined) ?? 0,
  exists: !!i,
  updatedAt: (i?.updatedAt as string | undefined) ?? null,
});

export async function getBalance(memberId: string): Promise<BalanceRecord> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.balance(memberId), ConsistentRead: true }));
  return toBalance(memberId, res.Item);
}

/** Her ledger, newest first, paged by sort key. */
export async function listBalanceLedger(memberId: string, p: { limit: number; afterSk: string | null }): Promise<{ entries: BalanceEntryRecord[]; lastSk: string | null }> {
  const { client, table } = db();
  const res = await client.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
      ExpressionAttributeValues: { ':pk': memberPk(memberId), ':p': keys.balanceLedgerPrefix() },
      ScanIndexForward: false,
      Limit: p.limit,
      ...(p.afterSk ? { ExclusiveStartKey: { PK: memberPk(memberId), SK: p.afterSk } } : {}),
    }),
  );
  const entries = (res.Items ?? []).map(toEntry);
  return { entries, lastSk: res.LastEvaluatedKey ? (res.LastEvaluatedKey.SK as string) : null };
}

const toEntry = (i: Record<string, unknown>): BalanceEntryRecord => ({
  id: i.entryId as string,
  kind: i.kind as BalanceKind,
  principalFen: i.principalFen as number,
  bonusFen: i.bonusFen as number,
  ref: i.ref as string,
  description: i.description as string,
  storeId: (i.storeId as string | undefined) ?? null,
  at: i.at as string,
  sk: i.SK as string,
});

/** Every ledger row (tests and checks: the ledger sums to the balance). */
export async function sumBalanceLedger(memberId: string): Promise<{ principalFen: number; bonusFen: number; count: number }> {
  const items = await queryAll({ KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)', ExpressionAttributeValues: { ':pk': memberPk(memberId), ':p': keys.balanceLedgerPrefix() } });
  return { principalFen: items.reduce((s, i) => s + (i.principalFen as number), 0), bonusFen: items.reduce((s, i) => s + (i.bonusFen as number), 0), count: items.length };
}

/** A movement's guard item as written (the refund request's keeps its plan). */
export async function getBalanceSource(memberId: string, ref: string): Promise<Record<string, unknown> | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.balanceSource(memberId, ref), ConsistentRead: true }));
  return res.Item ?? null;
}

interface Totals {
  principalFen?: number;
  bonusFen?: number;
  rechargedFen?: number;
  bonusGrantedFen?: number;
  spentFen?: number;
  returnedFen?: number;
  refundedFen?: number;
  /** Left the balance with a refund without being paid out (bonus, principal covering bonus spent). */
  forfeitedFen?: number;
}

/** The brand's counters, on a random shard (spreads writes); ADD is commutative, so no condition. */
function addTotals(tx: Tx, t: Totals, label: string) {
  const entries = Object.entries(t).filter(([, v]) => v !== undefined && v !== 0) as [string, number][];
  if (entries.length === 0) return;
  tx.update(label, keys.balanceTotal(randomInt(BALANCE_TOTAL_SHARDS)), {
    set: `ADD ${entries.map(([k]) => `${k} :${k}`).join(', ')}`,
    values: Object.fromEntries(entries.map(([k, v]) => [`:${k}`, v])),
  });
}

interface Movement {
  memberId: string;
  kind: BalanceKind;
  /** Signed deltas. */
  principalFen: number;
  bonusFen: number;
  /** The source, guarded once: `recharge:<outTradeNo>`, `order:<store>#<order>`, `return:…`, `refund:<requestId>`, `refundFailed:<outRefundNo>`. */
  ref: string;
  description: string;
  storeId?: string | null;
  at: string;
  /** Kept on the guard item (the refund request's plan). */
  guardData?: Record<string, unknown>;
}

function ledgerAndGuard(tx: Tx, m: Movement, label: string) {
  const entryId = randomUUID().slice(0, 12);
  tx.put(`${label}Entry`, {
    ...keys.balanceEntry(m.memberId, m.at, entryId),
    entryId,
    kind: m.kind,
    principalFen: m.principalFen,
    bonusFen: m.bonusFen,
    ref: m.ref,
    description: m.description,
    ...(m.storeId ? { storeId: m.storeId } : {}),
    at: m.at,
  });
  tx.create(`${label}Guard`, { ...keys.balanceSource(m.memberId, m.ref), ref: m.ref, at: m.at, principalFen: m.principalFen, bonusFen: m.bonusFen, ...(m.guardData ?? {}) });
}

/**
 * Money into the balance (a credited recharge, a return, a failed refund given back): ADDs, so no
 * revision is needed; the guard makes the source count once. `grantedFen`: bonus granted moves too.
 */
export function creditBalance(tx: Tx, m: Movement & { grantedFen?: number; totals: Totals }, label = 'balance') {
  tx.update(label, keys.balance(m.memberId), {
    set: 'SET updatedAt = :at, memberId = :m ADD principalFen :p, bonusFen :b, bonusGrantedFen :g, rev :one',
    values: { ':at': m.at, ':m': m.memberId, ':p': m.principalFen, ':b': m.bonusFen, ':g': m.grantedFen ?? 0, ':one': 1 },
  });
  ledgerAndGuard(tx, m, label);
  addTotals(tx, { principalFen: m.principalFen, bonusFen: m.bonusFen, ...m.totals }, `${label}Total`);
}

/**
 * Money out of the balance (a payment at the till, a refund): the new amounts are written over the
 * revision read, so nothing moved in between and neither side goes below zero.
 */
export function debitBalance(
  tx: Tx,
  before: BalanceRecord,
  m: Movement & { grantedFen?: number; totals: Totals; spend?: boolean },
  label = 'balance',
) {
  const next = { p: before.principalFen + m.principalFen, b: before.bonusFen + m.bonusFen, g: Math.max(0, before.bonusGrantedFen - (m.grantedFen ?? 0)) };
  if (next.p < 0 || next.b < 0 || m.principalFen > 0 || m.bonusFen > 0) throw new Error('debitBalance: a debit must be negative and within the balance');
  tx.update(label, keys.balance(m.memberId), {
    set: `SET principalFen = :p, bonusFen = :b, bonusGrantedFen = :g, rev = :n, updatedAt = :at, memberId = :m${m.spend ? ', lastSpendAt = :at' : ''}`,
    condition: before.exists ? 'rev = :r' : 'attribute_not_exists(PK)',
    values: { ':p': next.p, ':b': next.b, ':g': next.g, ':n': before.rev + 1, ':at': m.at, ':m': m.memberId, ...(before.exists ? { ':r': before.rev } : {}) },
  });
  ledgerAndGuard(tx, m, label);
  addTotals(tx, { principalFen: m.principalFen, bonusFen: m.bonusFen, ...m.totals }, `${label}Total`);
}

/** A part of another capability's transaction (checkout, payments): built here, applied unopened there. */
export const txPart = (apply: (tx: Tx) => void): TxPart => ({ apply });

/** Crediting a paid recharge: principal = what she paid, bonus = the package's bonus at the time of the order. */
export function rechargeCredit(p: { memberId: string; outTradeNo: string; principalFen: number; bonusFen: number; description: string; at: string }): TxPart {
  return txPart((tx) =>
    creditBalance(tx, {
      memberId: p.memberId,
      kind: 'recharge',
      principalFen: p.principalFen,
      bonusFen: p.bonusFen,
      grantedFen: p.bonusFen,
      ref: `recharge:${p.outTradeNo}`,
      description: p.description,
      at: p.at,
      totals: { rechargedFen: p.principalFen, bonusGrantedFen: p.bonusFen },
    }, 'svCredit'),
  );
}

/** A refund WeChat did not complete: what it took goes back, once per refund. */
export function refundGiveBack(p: { memberId: string; outRefundNo: string; principalFen: number; bonusFen: number; grantedFen: number; refundFen: number; at: string }): TxPart {
  return txPart((tx) =>
    creditBalance(tx, {
      memberId: p.memberId,
      kind: 'refundFailed',
      principalFen: p.principalFen,
      bonusFen: p.bonusFen,
      grantedFen: p.grantedFen,
      ref: `refundFailed:${p.outRefundNo}`,
      description: '退款未成功，退回余额',
      at: p.at,
      totals: { refundedFen: -p.refundFen, forfeitedFen: -(p.principalFen + p.bonusFen - p.refundFen) },
    }, 'svGiveBack'),
  );
}

/** What a balance refund takes (the whole request's debit, with its plan on the guard), sent with the first WeChat refund. */
export function refundTake(before: BalanceRecord, p: { requestId: string; principalFen: number; bonusFen: number; grantedFen: number; refundFen: number; plan: unknown; at: string }): TxPart {
  return txPart((tx) =>
    debitBalance(tx, before, {
      memberId: before.memberId,
      kind: 'refund',
      principalFen: -p.principalFen,
      bonusFen: -p.bonusFen,
      grantedFen: p.grantedFen,
      ref: `refund:${p.requestId}`,
      description: '储值退款',
      at: p.at,
      guardData: { plan: p.plan, refundFen: p.refundFen },
      totals: { refundedFen: p.refundFen, forfeitedFen: p.principalFen + p.bonusFen - p.refundFen },
    }, 'svRefund'),
  );
}

/** Paying at the till from the balance (inside the checkout transaction). */
export function spendAtTill(tx: Tx, before: BalanceRecord, p: { principalFen: number; bonusFen: number; orderRef: string; storeId: string; at: string }) {
  debitBalance(tx, before, {
    memberId: before.memberId,
    kind: 'spend',
    principalFen: -p.principalFen,
    bonusFen: -p.bonusFen,
    ref: `order:${p.orderRef}`,
    description: '门店消费',
    storeId: p.storeId,
    at: p.at,
    spend: true,
    totals: { spentFen: p.principalFen + p.bonusFen },
  });
}

/** A return at the till gives the balance-paid part back (inside the return transaction). */
export function returnToBalance(tx: Tx, p: { memberId: string; principalFen: number; bonusFen: number; returnRef: string; storeId: string; at: string }) {
  creditBalance(tx, {
    memberId: p.memberId,
    kind: 'return',
    principalFen: p.principalFen,
    bonusFen: p.bonusFen,
    ref: `return:${p.returnRef}`,
    description: '退货退回余额',
    storeId: p.storeId,
    at: p.at,
    totals: { returnedFen: p.principalFen + p.bonusFen },
  });
}

// ---- the liability ----

export interface StoredValueTotals {
  principalFen: number;
  bonusFen: number;
  rechargedFen: number;
  bonusGrantedFen: number;
  spentFen: number;
  returnedFen: number;
  refundedFen: number;
  forfeitedFen: number;
}

/** The 16 shards in one query, summed: outstanding liability and running totals without a scan. */
export async function storedValueTotals(): Promise<StoredValueTotals> {
  const items = await queryAll({ KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': keys.balanceTotals() }, ConsistentRead: true });
  const sum = (k: keyof StoredValueTotals) => items.reduce((s, i) => s + ((i[k] as number | undefined) ?? 0), 0);
  return {
    principalFen: sum('principalFen'),
    bonusFen: sum('bonusFen'),
    rechargedFen: sum('rechargedFen'),
    bonusGrantedFen: sum('bonusGrantedFen'),
    spentFen: sum('spentFen'),
    returnedFen: sum('returnedFen'),
    refundedFen: sum('refundedFen'),
    forfeitedFen: sum('forfeitedFen'),
  };
}

// ---- recharge packages ----

export interface RechargePackageRecord {
  id: string;
  name: string;
  amountFen: number;
  bonusFen: number;
  validFrom: string | null;
  validUntil: string | null;
  active: boolean;
  rev: number;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
}

const toPackage = (i: Record<string, unknown>): RechargePackageRecord => ({
  id: i.id as string,
  name: i.name as string,
  amountFen: i.amountFen as number,
  bonusFen: i.bonusFen as number,
  validFrom: (i.validFrom as string | null | undefined) ?? null,
  validUntil: (i.validUntil as string | null | undefined) ?? null,
  active: i.active as boolean,
  rev: i.rev as number,
  createdAt: i.createdAt as string,
  updatedAt: i.updatedAt as string,
  createdBy: i.createdBy as string,
});

export async function getRechargePackage(id: string): Promise<RechargePackageRecord | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.rechargePackage(id), ConsistentRead: true }));
  return res.Item ? toPackage(res.Item) : null;
}

/** Every package, newest first (a brand has a handful). */
export async function listRechargePackages(): Promise<RechargePackageRecord[]> {
  const items = await queryAll({ IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': indexKeys.rechargePackagesPk() }, ScanIndexForward: false });
  return items.map(toPackage);
}

/** A new package with its audit entry ('id_taken': the generated id exists). */
export async function insertRechargePackage(p: RechargePackageRecord, audit: AuditEntry): Promise<Written<'id_taken'>> {
  const tx = new Tx();
  tx.create('package', { ...keys.rechargePackage(p.id), ...p, ...indexKeys.rechargePackage(p.createdAt, p.id) });
  writeAudit(tx, audit);
  const out = await commit(tx, [['package', 'id_taken']], 'id_taken');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

/** A package edited over the revision read, with its audit entry. */
export async function saveRechargePackage(next: RechargePackageRecord, readRev: number, audit: AuditEntry): Promise<Written<'revision_moved'>> {
  const tx = new Tx();
  tx.put('package', { ...keys.rechargePackage(next.id), ...next, rev: readRev + 1, ...indexKeys.rechargePackage(next.createdAt, next.id) }, { expr: 'rev = :r', values: { ':r': readRev } });
  writeAudit(tx, audit);
  const out = await commit(tx, [], 'revision_moved');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

/** Applies parts decided elsewhere in one transaction of their own (tests, and the payments fake). */
export async function sendParts(parts: TxPart[]): Promise<Written<'failed'>> {
  const tx = new Tx();
  for (const p of parts) p.apply(tx);
  const out = await commit(tx, [], 'failed');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}
