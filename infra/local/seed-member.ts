/**
 * A demo member for `npm start`, so every page has something to show on first sign-in: `demo-member`
 * (phone 13900000002) registered through the stand-in's phone code, one purchase at S001 recorded by
 * the demo clerk (points, facts, the 蕾丝 tag rule) and one complaint about that store waiting at the
 * desk. Written through the use cases, as a person would; skipped when demo-member is already bound.
 */
import { checkout } from '../../functions/checkout/checkout';
import { createComplaint } from '../../functions/complaints/complaints';
import { findIdentity } from '../../functions/adapters/dynamo/identity-repo';
import { issueMemberCode, register } from '../../functions/members/members';
import type { Session } from '../../functions/lib/session';

export const DEMO_MEMBER = { openid: 'demo-member', phone: '13900000002' };

export async function seedDemoMember(standInUrl: string): Promise<{ written: boolean }> {
  if ((await findIdentity(DEMO_MEMBER.openid)).memberId) return { written: false };
  const res = await fetch(`${standInUrl}/__dev/phone-code`, { method: 'POST', body: JSON.stringify({ phone: DEMO_MEMBER.phone }) });
  const { code } = (await res.json()) as { code: string };
  const member: Session = { openid: DEMO_MEMBER.openid, memberId: null, roles: ['member'], storeId: null };
  await register(member, code);
  const clerk: Session = { openid: 'demo-staff', memberId: null, roles: ['member', 'staff'], storeId: 'S001' };
  const { code: memberCode } = await issueMemberCode(member);
  await checkout(clerk, {
    memberCode,
    orderId: 'DEMO-0001',
    storeId: 'S001',
    amountFen: 32_800,
    items: [
      { sku: 'SKU-LACE-01', name: '法式蕾丝文胸', category: '内衣', quantity: 1, unitPriceFen: 25_900 },
      { sku: 'SKU-SOCK-02', name: '棉袜三双装', category: '袜子', quantity: 1, unitPriceFen: 6_900 },
    ],
  });
  await createComplaint(member, {
    requestId: 'demo-complaint-0001',
    category: 'product',
    text: '文胸洗过一次后蕾丝边开线了，想换一件。',
    orderId: 'DEMO-0001',
    storeId: 'S001',
    contact: { method: 'wechat' },
  });
  return { written: true };
}
