/**
 * Demo offers for `npm start` (issue 17; not for the tests): paid-membership plans 尊享年卡 ¥99 a year and
 * 尊享月卡 ¥19 a month (×2 points, the demo 10 元 coupon each month), and recharge packages 充 500 送 50 and
 * 充 1000 送 120. Idempotent: fixed ids, written only if absent.
 */
import { getRechargePackage, insertRechargePackage, type RechargePackageRecord } from '../../functions/adapters/dynamo/balance-repo';
import { getPlan, insertPlan, type PlanRecord } from '../../functions/adapters/dynamo/membership-repo';

const pack = ['t_demo0002'];
export const demoPlans: Omit<PlanRecord, 'rev' | 'createdAt' | 'updatedAt'>[] = [
  { id: 'pl_demoyear01', name: '尊享年卡', priceFen: 9_900, months: 12, multiplier: 2, couponTemplateIds: pack, badge: '尊享', active: true },
  { id: 'pl_demomonth1', name: '尊享月卡', priceFen: 1_900, months: 1, multiplier: 2, couponTemplateIds: pack, badge: '尊享', active: true },
];

export async function seedDemoPlans(now = new Date()): Promise<{ written: number }> {
  let written = 0;
  const at = now.toISOString();
  for (const p of demoPlans) {
    if (await getPlan(p.id)) continue;
    const out = await insertPlan({ ...p, rev: 0, createdAt: at, updatedAt: at }, { at, actor: 'seed', action: 'membership.plan.create', target: `plan:${p.id}`, before: null, after: p });
    if (out.ok) written++;
  }
  return { written };
}

export const demoPackages: Omit<RechargePackageRecord, 'rev' | 'createdAt' | 'updatedAt' | 'createdBy'>[] = [
  { id: 'pk_demo500', name: '充 500 送 50', amountFen: 50_000, bonusFen: 5_000, validFrom: null, validUntil: null, active: true },
  { id: 'pk_demo1000', name: '充 1000 送 120', amountFen: 100_000, bonusFen: 12_000, validFrom: null, validUntil: null, active: true },
];

export async function seedDemoPackages(now = new Date()): Promise<{ written: number }> {
  let written = 0;
  const at = now.toISOString();
  for (const p of demoPackages) {
    if (await getRechargePackage(p.id)) continue;
    const out = await insertRechargePackage(
      { ...p, rev: 0, createdAt: at, updatedAt: at, createdBy: 'seed' },
      { at, actor: 'seed', action: 'storedvalue.package.create', target: `package:${p.id}`, before: null, after: p },
    );
    if (out.ok) written++;
  }
  return { written };
}
