/**
 * The data-copy worker (serverless.yml `memberDataExport`, started by `requestDataExport`): reads
 * everything kept about the member, builds the document (shared/domain/data-copy.ts), writes it to S3
 * and marks the day's request ready. A failure marks it failed (she may ask again the next day; the
 * desk can see it in the audit).
 */
import { randomBytes } from 'node:crypto';
import { buildDataCopy } from '../../shared/domain/data-copy';
import { listLedger, type LedgerEntryRecord } from '../adapters/dynamo/account-repo';
import { getCareOff, listConsents } from '../adapters/dynamo/care-repo';
import { listMemberComplaints } from '../adapters/dynamo/complaint-repo';
import { listMemberCoupons } from '../adapters/dynamo/coupon-repo';
import { finishDataExport, getProfileExtras, memberOrders } from '../adapters/dynamo/rights-repo';
import { putFile } from '../adapters/s3/files';
import { clock } from '../lib/clock';
import { logger } from '../lib/logger';
import { brandOrFail, loadAccount, pointsSummary, tierOf } from '../core';
import { paymentsOf } from '../pay/collaboration';
import { storedValueForCopy } from '../storedvalue/collaboration';
import { checkInsForCopy } from '../checkin/collaboration';
import { ratingsForCopy } from '../clerks/collaboration';
import { referralsForCopy } from '../referrals/collaboration';
import { surveyAnswersForCopy } from '../surveys/collaboration';

async function wholeLedger(memberId: string): Promise<LedgerEntryRecord[]> {
  const out: LedgerEntryRecord[] = [];
  let sk: string | null = null;
  do {
    const page = await listLedger(memberId, { limit: 200, afterSk: sk });
    out.push(...page.entries);
    sk = page.lastSk;
  } while (sk);
  return out;
}

/** Writes the member's data copy; answers where it went. */
export async function writeDataCopy(memberId: string, day: string): Promise<string> {
  const [acct, brand, extras, coupons, complaints, consents, careOff, orders, stored, recharges, memberships, checkIns, referrals, surveys] = await Promise.all([
    loadAccount(memberId),
    brandOrFail(),
    getProfileExtras(memberId),
    listMemberCoupons(memberId),
    listMemberComplaints(memberId),
    listConsents(memberId),
    getCareOff(memberId),
    memberOrders(memberId),
    storedValueForCopy(memberId),
    paymentsOf(memberId, 'recharge'),
    paymentsOf(memberId, 'membership'),
    checkInsForCopy(memberId),
    referralsForCopy(memberId),
    surveyAnswersForCopy(memberId),
  ]);
  const ratings = await ratingsForCopy(orders.orders);
  // Her own ledger (a secondary card's points live on the primary's account, which is not hers to copy).
  const ledger = acct.holder.memberId === memberId ? await wholeLedger(memberId) : [];
  const store = (id: string | null | undefined) => (id ? (orders.storeNames.get(id) ?? id) : null);
  const m = acct.member;
  const doc = buildDataCopy({
    exportedAt: clock.now().toISOString(),
    brandName: '会员中心',
    member: {
      memberId,
      phone: m.phone,
      name: m.name,
      gender: m.gender,
      birthday: m.birthday,
      tierName: tierOf(brand, acct.holder.tier.tierCode).name,
      registeredAt: m.createdAt,
      registrationStore: store(extras.registrationStoreId),
      tags: m.tags ?? [],
      cardNo: extras.cardNo,
      surveyFacts: extras.surveyFacts,
    },
    policyConsent: extras.policyConsent,
    consentAt: m.consentAt ?? null,
    points: {
      balance: acct.holder.memberId === memberId ? pointsSummary(acct).balance : 0,
      entries: ledger.map((e) => ({ at: e.createdAt, type: e.type, points: e.points, balanceAfter: e.balanceAfter, description: e.description, store: store(e.storeId) })),
    },
    orders: orders.orders.map((o) => ({
      store: store(o.storeId) ?? o.storeId,
      orderId: o.orderId,
      at: o.createdAt,
      amountFen: o.amountFen,
      returnedFen: o.returnedFen,
      items: o.items.map((i) => ({ name: i.name, quantity: i.quantity, unitPriceFen: i.unitPriceFen })),
    })),
    coupons: coupons.map((c) => ({ name: c.name, summary: c.summary, state: c.state, validFrom: c.validFrom, validUntil: c.validUntil, issuedAt: c.issuedAt, usedAt: c.usedAt ?? null })),
    complaints: complaints.map((c) => ({
      id: c.id,
      at: c.createdAt,
      category: c.category,
      text: c.text,
      state: c.state,
      contact: c.contact.method === 'phone' ? `电话 ${c.contact.phone ?? ''}`.trim() : c.contact.method === 'wechat' ? '微信消息' : '无需联系',
    })),
    subscriptions: [...consents.entries()].map(([template, remaining]) => ({ template, remaining })),
    careOff,
    storedValue: {
      principalFen: stored.principalFen,
      bonusFen: stored.bonusFen,
      entries: stored.entries.map((e) => ({ at: e.at, kind: e.kind, principalFen: e.principalFen, bonusFen: e.bonusFen, description: e.description, store: store(e.storeId) })),
    },
    payments: [...recharges, ...memberships]
      .sort((x, y) => y.createdAt.localeCompare(x.createdAt))
      .map((p) => ({ at: p.createdAt, kind: p.kind, outTradeNo: p.outTradeNo, item: p.item.name, amountFen: p.amountFen, state: p.state, paidAt: p.paidAt, refundedFen: p.refundedFen })),
    checkIns,
    referrals,
    surveys,
    ratings: ratings.map((r) => ({ store: store(r.storeId) ?? r.storeId, orderId: r.orderId, stars: r.stars, comment: r.comment, at: r.at })),
  });
  const key = `data-copies/${memberId}/${day}-${randomBytes(8).toString('hex')}.json`;
  await putFile(key, `${JSON.stringify(doc, null, 2)}\n`, 'application/json; charset=utf-8');
  return key;
}

/** The worker's entry point: payload {memberId, day}. */
export async function handler(payload: { memberId?: unknown; day?: unknown }): Promise<{ ok: boolean }> {
  const memberId = String(payload.memberId ?? '');
  const day = String(payload.day ?? '');
  try {
    const key = await writeDataCopy(memberId, day);
    await finishDataExport(memberId, day, { state: 'ready', fileKey: key, at: clock.now().toISOString() });
    return { ok: true };
  } catch (e) {
    logger.error('data copy failed', { memberId, day, error: e as Error });
    await finishDataExport(memberId, day, { state: 'failed', fileKey: null, at: clock.now().toISOString() }).catch(() => undefined);
    return { ok: false };
  }
}
