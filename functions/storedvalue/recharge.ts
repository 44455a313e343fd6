/** A recharge: a package on offer, within the cap, sold through WeChat Pay (credited when paid, by the payment kind). */
import type { PaymentStarted, RechargeRequest } from '../../shared/contract';
import { formatYuan } from '../../shared/domain';
import { exceedsCap, packageOnOffer, rechargeDescription } from '../../shared/domain/stored-value';
import { getBalance, getRechargePackage } from '../adapters/dynamo/balance-repo';
import { getMember } from '../adapters/dynamo/member-repo';
import { startPayment } from '../pay/collaboration';
import { clock } from '../lib/clock';
import { fail } from '../lib/errors';
import type { Session } from '../lib/session';
import { refuseFrozen, resolveMemberId } from '../core';
import { capFen } from './cap';

/**
 * Starts a recharge: the package must exist and be on offer; the balance plus its principal and bonus
 * must stay within the cap (a credit itself is never refused: the money is taken). The order keeps the
 * package as it is now (amount, bonus), so a later edit changes nothing for it. A retried requestId
 * answers the same order.
 */
export async function startRecharge(session: Session, req: RechargeRequest): Promise<PaymentStarted> {
  const memberId = await resolveMemberId(session);
  const [member, pkg, balance] = await Promise.all([getMember(memberId), getRechargePackage(req.packageId), getBalance(memberId)]);
  if (!member) throw fail('member_not_found', 'member not found');
  refuseFrozen(member);
  if (!pkg) throw fail('package_not_found', `no recharge package ${req.packageId}`, [{ path: 'packageId', message: 'no such package' }]);
  if (!packageOnOffer(pkg, clock.now().toISOString())) throw fail('package_not_on_offer', 'this package is stopped or outside its validity', [{ path: 'packageId', message: 'not on offer' }]);
  const cap = capFen();
  if (exceedsCap(balance, { principalFen: pkg.amountFen, bonusFen: pkg.bonusFen }, cap)) {
    const room = Math.max(0, cap - balance.principalFen - balance.bonusFen);
    throw fail('balance_cap_exceeded', `the balance would exceed the cap of ${cap} fen`, [{ path: 'packageId', message: `at most ${room} fen more`, limit: room }]);
  }
  return startPayment({
    kind: 'recharge',
    memberId,
    openid: session.openid,
    amountFen: pkg.amountFen,
    description: rechargeDescription(pkg, formatYuan),
    item: { id: pkg.id, name: pkg.name, detail: { principalFen: pkg.amountFen, bonusFen: pkg.bonusFen } },
    requestId: req.requestId,
  });
}
