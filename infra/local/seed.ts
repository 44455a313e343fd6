import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { EarningRules, TierProgram } from '../../shared/domain';
import { DEFAULT_CARE_SETTINGS } from '../../shared/domain/care';
import type { CheckInSettings } from '../../shared/domain/checkin';
import { db } from '../../functions/adapters/dynamo/client';
import { isConditionFailed } from '../../functions/adapters/dynamo/errors';
import { grantRole } from '../../functions/adapters/dynamo/identity-repo';
import { indexKeys, keys } from '../../functions/adapters/dynamo/keys';
import { createMember, findMemberIdByPhone } from '../../functions/adapters/dynamo/member-repo';
import { newMemberRecord } from '../../functions/core';
import { adjustPoints } from '../../functions/points/movements';

/** The demo brand every local stack and test starts from. */
export const demoBrand = {
  tierProgram: {
    basis: 'spend',
    window: { kind: 'rolling', months: 12 },
    downgrade: 'oneLevel',
    tiers: [
      { code: 'MEMBER', name: '普通会员', rank: 0, threshold: 0, multiplier: 1, retentionMonths: 12, birthdayGift: null, perks: ['消费积分'] },
      {
        code: 'SILVER',
        name: '银卡会员',
        rank: 1,
        threshold: 50_000,
        multiplier: 1.2,
        retentionMonths: 12,
        birthdayGift: { couponTemplateId: null, description: '生日 20 元礼券' },
        perks: ['1.2 倍积分', '生日礼券'],
      },
      {
        code: 'GOLD',
        name: '金卡会员',
        rank: 2,
        threshold: 150_000,
        multiplier: 1.5,
        retentionMonths: 12,
        birthdayGift: { couponTemplateId: null, description: '生日 50 元礼券' },
        perks: ['1.5 倍积分', '生日礼券', '免费礼盒包装', '新品优先购'],
      },
    ],
  } satisfies TierProgram,
  /** Earning rules, version 1. */
  rules: {
    version: 1,
    effectiveFrom: '2020-01-01T00:00:00.000Z',
    spend: {
      pointsPerYuan: 1,
      rounding: 'floor',
      minOrderFen: 0,
      excludedSkus: [],
      excludedCategories: ['礼品卡'],
      skuMultipliers: [],
      categoryMultipliers: [],
      applyTierMultiplier: true,
      capPerOrder: null,
    },
    events: {
      registration: { points: 0, limit: null },
      firstPurchase: { points: 0, limit: null },
      profileCompleted: { points: 50, limit: null },
      productScan: { points: 10, limit: { count: 5, period: 'day' } },
      checkIn: { points: 5, limit: { count: 31, period: 'month' } },
    },
    birthday: { mode: 'multiplier', multiplier: 2 },
    holdingDays: 0,
    expiry: { policy: 'yearEnd' },
  } satisfies EarningRules,
  /** Daily check-in (issue 19, part D): streak rewards at 3 and 7 days, a 7-day cycle, at most 8 a month. */
  checkIn: {
    enabled: true,
    streakRewards: [
      { days: 3, points: 10 },
      { days: 7, points: 50 },
    ],
    repeat: true,
    streakCap: { count: 8, period: 'month' },
  } satisfies CheckInSettings,
  stores: [{ storeId: 'S001', name: '旗舰店', city: '上海' }],
  staff: [{ openid: 'demo-staff', storeId: 'S001' }],
  /** Two admins: a campaign is approved by an admin other than the one who made it. */
  admins: ['demo-admin', 'demo-approver'],
  /** A member registered at a store before the mini-program existed: signing in with this phone binds to her. */
  importedMembers: [{ memberId: 'm_demoimported01', phone: '13900000001', name: '王女士', carriedPoints: 320 }],
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
  if (await putOnce({ ...keys.tierProgram(), ...demoBrand.tierProgram, rev: 0, updatedAt: at, updatedBy: 'seed' })) written++;
  if (await putOnce({ ...keys.rulesVersion(demoBrand.rules.version), ...demoBrand.rules, createdAt: at, createdBy: 'seed' })) written++;
  // Care messages: the brand's subscribe templates per care kind and the jobs' defaults (admin-editable).
  if (await putOnce({ ...keys.careSettings(), settings: DEFAULT_CARE_SETTINGS, rev: 1, updatedAt: at, updatedBy: 'seed' })) written++;
  if (await putOnce({ ...keys.checkInSettings(), settings: demoBrand.checkIn, rev: 1, updatedAt: at, updatedBy: 'seed' })) written++;
  for (const s of demoBrand.stores) {
    if (await putOnce({ ...keys.store(s.storeId), ...indexKeys.storeEntry(s.storeId), ...s, createdAt: at })) written++;
  }
  for (const s of demoBrand.staff) {
    if (await putOnce({ ...keys.openidRole(s.openid, 'staff'), openid: s.openid, role: 'staff', storeId: s.storeId, GSI1PK: `STAFF#${s.storeId}`, GSI1SK: s.openid, grantedBy: 'seed', grantedAt: at })) written++;
  }
  for (const openid of demoBrand.admins) {
    if (await putOnce({ ...keys.openidRole(openid, 'admin'), openid, role: 'admin', GSI1PK: 'ADMINS', GSI1SK: openid, grantedBy: 'seed', grantedAt: at })) written++;
  }
  for (const m of demoBrand.importedMembers) {
    if (await findMemberIdByPhone(m.phone)) continue;
    const r = await createMember(
      newMemberRecord({ memberId: m.memberId, phone: m.phone, openid: null, name: m.name, entryTierCode: 'MEMBER', at, source: 'import', registrationStoreId: 'S001' }),
    );
    if (r === 'ok') written++;
    // Her points from the store's paper card, carried over once (idempotent on the adjustment id).
    if (m.carriedPoints > 0) await adjustPoints('seed', m.memberId, `seed-carry-${m.memberId}`, m.carriedPoints, '纸质会员卡积分迁移');
  }
  return { written };
}

export { grantRole };
