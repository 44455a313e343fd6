/**
 * Demo coupons for `npm start` (not for the tests, whose wallets must start empty): a 满减 in the
 * coupon centre, a registration gift, a points-exchange voucher and a stamp card with its reward.
 * Idempotent: fixed template ids, each written only if absent.
 */
import type { CouponTemplateInput } from '../../shared/contract';
import { createTemplate, getTemplate, shardsFor } from '../../functions/adapters/dynamo/coupon-repo';
import { Tx } from '../../functions/adapters/dynamo/tx';

const base = { description: '', scope: { kind: 'all' }, stores: null, stackable: false, validity: { kind: 'afterIssue', days: 30 }, stock: null, perMemberLimit: 1, claimable: false } as const;

export const demoCoupons: { id: string; definition: CouponTemplateInput }[] = [
  { id: 't_demo0001', definition: { ...base, name: '满300减50', description: '全场通用', kind: 'threshold', amountOffFen: 5_000, thresholdFen: 30_000, stock: 1_000, claimable: true } },
  { id: 't_demo0002', definition: { ...base, name: '新人礼 10 元', description: '注册即送', kind: 'amountOff', amountOffFen: 1_000, registrationGift: true } },
  { id: 't_demo0003', definition: { ...base, name: '20 元代金券', description: '200 积分兑换', kind: 'amountOff', amountOffFen: 2_000, perMemberLimit: 5, pointsCost: 200 } },
  { id: 't_demo0004', definition: { ...base, name: '集点奖励 30 元', kind: 'amountOff', amountOffFen: 3_000, perMemberLimit: null } },
  {
    id: 't_demo0005',
    definition: { ...base, name: '集点卡', description: '实付满 50 元集 1 点，集满 5 点送 30 元券', kind: 'stampCard', stampCard: { purchasesNeeded: 5, minOrderFen: 5_000, rewardTemplateId: 't_demo0004' }, validity: { kind: 'afterIssue', days: 180 }, claimable: true },
  },
];

export async function seedDemoCoupons(now = new Date()): Promise<{ written: number }> {
  let written = 0;
  for (const c of demoCoupons) {
    if (await getTemplate(c.id)) continue;
    const tx = new Tx();
    createTemplate(tx, { id: c.id, state: 'active', definition: c.definition, shards: shardsFor(c.definition.stock), createdAt: now.toISOString(), createdBy: 'seed', rev: 0 });
    if ((await tx.send()).ok) written++;
  }
  return { written };
}
