import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Tier } from '../../shared/domain';
import { db } from '../../functions/adapters/dynamo/client';
import { isConditionFailed } from '../../functions/adapters/dynamo/errors';
import { grantRole } from '../../functions/adapters/dynamo/identity-repo';
import { keys } from '../../functions/adapters/dynamo/keys';
import { createMember, findMemberIdByPhone } from '../../functions/adapters/dynamo/member-repo';

/** The demo brand every local stack and test starts from. */
export const demoBrand = {
  tiers: [
    { code: 'MEMBER', name: '普通会员', rank: 0, thresholdFen: 0, multiplier: 1 },
    { code: 'SILVER', name: '银卡会员', rank: 1, thresholdFen: 50_000, multiplier: 1.2 },
    { code: 'GOLD', name: '金卡会员', rank: 2, thresholdFen: 150_000, multiplier: 1.5 },
  ] satisfies Tier[],
  spendRule: { version: 1, pointsPerYuan: 1 },
  stores: [{ storeId: 'S001', name: '旗舰店', city: '上海' }],
  staff: [{ openid: 'demo-staff', storeId: 'S001' }],
  admins: ['demo-admin'],
  /** A member registered at a store before the mini-program existed: signing in with this phone binds to her. */
  importedMembers: [{ memberId: 'm_demoimported01', phone: '13900000001', name: '王女士' }],
};

async function putOnce(item: Record<string, unknown>): Promise<boolean> {
  const { client, table } = db();
  try {
    await client.send(new PutCommand({ TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(PK)' }));
    return true;
  } catch (e) {
    if (isConditionFailed(e)) return false;
    throw e;
  }
}

/**
 * Seeds the demo brand. Idempotent: every item is written only if absent, so a restart neither
 * duplicates nor overwrites what a tester changed.
 */
export async function seedDemoBrand(now = new Date()): Promise<{ written: number }> {
  const at = now.toISOString();
  let written = 0;
  for (const t of demoBrand.tiers) {
    if (await putOnce({ ...keys.brandTier(t.rank), ...t, createdAt: at })) written++;
  }
  if (await putOnce({ ...keys.brandSpendRule(), ...demoBrand.spendRule, createdAt: at })) written++;
  for (const s of demoBrand.stores) {
    if (await putOnce({ ...keys.store(s.storeId), ...s, createdAt: at })) written++;
  }
  for (const s of demoBrand.staff) {
    if (await putOnce({ ...keys.openidRole(s.openid, 'staff'), openid: s.openid, role: 'staff', storeId: s.storeId, GSI1PK: `STAFF#${s.storeId}`, GSI1SK: s.openid, grantedBy: 'seed', grantedAt: at })) written++;
  }
  for (const openid of demoBrand.admins) {
    if (await putOnce({ ...keys.openidRole(openid, 'admin'), openid, role: 'admin', GSI1PK: 'ADMINS', GSI1SK: openid, grantedBy: 'seed', grantedAt: at })) written++;
  }
  for (const m of demoBrand.importedMembers) {
    if (await findMemberIdByPhone(m.phone)) continue;
    const r = await createMember({
      memberId: m.memberId,
      phone: m.phone,
      openid: null,
      name: m.name,
      gender: null,
      birthday: null,
      tierCode: 'MEMBER',
      qualifyingSpendFen: 0,
      consentAt: at,
      createdAt: at,
      source: 'import',
    });
    if (r === 'ok') written++;
  }
  return { written };
}

export { grantRole };
