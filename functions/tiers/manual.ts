/** A tier set by hand, with its end date: afterwards the member goes to the tier her own record earns. */
import type { AdminMemberView } from '../../shared/contract';
import { setManualTier, tierByCode } from '../../shared/domain';
import { recordManualTier } from '../adapters/dynamo/account-repo';
import { getMember } from '../adapters/dynamo/member-repo';
import { clock } from '../lib/clock';
import { fail } from '../lib/errors';
import type { Session } from '../lib/session';
import { brandOrFail, optimistic, today } from '../core';
import { memberView } from '../members/collaboration';

export async function setTier(session: Session, memberId: string, body: { tierCode: string; until: string; reason: string }): Promise<AdminMemberView> {
  const brand = await brandOrFail();
  if (!tierByCode(brand.tiers, body.tierCode)) {
    throw fail('unknown_tier', `no tier ${body.tierCode}`, [{ path: 'tierCode', message: 'not a tier of the program' }]);
  }
  const day = today();
  if (body.until < day) throw fail('until_in_past', 'the end date must not be in the past', [{ path: 'until', message: 'must be today or later' }]);
  await optimistic(async () => {
    const m = await getMember(memberId);
    if (!m) throw fail('member_not_found', 'member not found');
    if (m.familyRole === 'secondary') throw fail('family_secondary', "a secondary card's tier is the primary card's; set the primary's tier");
    const at = clock.now().toISOString();
    const r = setManualTier(brand.tiers, m.tier, { code: body.tierCode, until: body.until, by: session.openid, reason: body.reason }, day);
    const out = await recordManualTier({
      tier: { memberId, qrev: m.qrev, tier: r.state, change: r.change, history: { note: `${body.reason}（至 ${body.until}）`, by: session.openid, source: 'admin' } },
      audit: { at, actor: session.openid, action: 'tier.manual', target: `member:${memberId}`, before: m.tier, after: r.state },
    });
    return out.ok ? { done: true } : 'retry';
  });
  return memberView(session, memberId);
}
