/** The tier program (thresholds, multipliers, retention, birthday gifts), edited as a whole and audited. */
import type { TierProgram } from '../../shared/domain';
import { clearBrandCache, saveTierProgram } from '../adapters/dynamo/brand-repo';
import { getTemplate } from '../adapters/dynamo/coupon-repo';
import { clock } from '../lib/clock';
import { fail, failAs } from '../lib/errors';
import type { Session } from '../lib/session';
import { brandOrFail } from '../core';

export async function getTiers() {
  clearBrandCache();
  const brand = await brandOrFail();
  return brand.tiers;
}

export async function putTiers(session: Session, program: TierProgram) {
  // A birthday gift names a coupon template that exists.
  for (const [i, t] of program.tiers.entries()) {
    const id = t.birthdayGift?.couponTemplateId;
    if (id && !(await getTemplate(id))) {
      throw failAs('template_not_found', 'referenced', `tier ${t.code}: no coupon template ${id}`, [{ path: `tiers.${i}.birthdayGift.couponTemplateId`, message: 'no such coupon template' }]);
    }
  }
  clearBrandCache();
  const brand = await brandOrFail();
  const at = clock.now().toISOString();
  const { rev, updatedAt: _u, updatedBy: _b, ...before } = brand.tiers;
  const out = await saveTierProgram(program, rev, { at, actor: session.openid, action: 'tiers.update', target: 'tiers', before, after: program });
  clearBrandCache();
  if (!out.ok) throw fail('tiers_changed', 'the tier program was changed meanwhile; reload and try again');
  return getTiers();
}
