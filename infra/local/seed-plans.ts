/**
 * Demo paid-membership plans for `npm start` (issue 17; not for the tests): 尊享年卡 ¥99 a year and 尊享月卡
 * ¥19 a month, ×2 points, the demo 10 元 coupon each month. Idempotent: fixed plan ids, written only if absent.
 */
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
