/**
 * The one earn-points recipe as a use case calls it: the pure part is `earnPoints` in
 * shared/domain/earn.ts (credit into a bucket, repay debt, ledger entry, qualifying totals, tier after
 * earning); this file feeds it a loaded account, and `writeEarning` in the adapters writes it in the
 * caller's unit of work. Used by the checkout (spend + first-purchase bonus), event awards and product
 * scans.
 *
 * @example An event award (points/movements.ts awardEvent) or a product scan:
 * const earning = earningFor(acct, brand, day, [
 *   { points, bucket: earningBucket(rules.expiry, day), entry: { description: EVENT_LABELS[event], source: { kind: 'event', id: sourceId }, ruleVersion: rules.version } },
 * ]);
 * // in the adapter that builds the unit of work:
 * const { balanceAfter, wroteHolder } = writeEarning(tx, { holder: acct.holder, points: acct.points, earning, at, historySource: 'event' });
 *
 * @example A purchase (checkout): spend counts toward the tier whatever the program's basis.
 * earningFor(acct, brand, day, [spendEarning, firstPurchaseBonus], { spendFen: req.amountFen, month: monthOf(day) });
 */
import { earnPoints, type EarnOutcome, type Earning } from '../../shared/domain';
import type { Account } from './account';
import { byMember } from './account';
import type { BrandConfig } from './brand';

export type { EarnOutcome, Earning };
export { earningBucket } from '../../shared/domain';
export { writeEarning } from '../adapters/dynamo/account-repo';

/**
 * Earnings credited to the account's holder (the family primary for a secondary card, whose ledger
 * entries name the secondary) and counted toward the holder's tier. `purchase` marks a purchase.
 */
export function earningFor(acct: Account, brand: BrandConfig, day: string, earnings: readonly Earning[], purchase?: { spendFen: number; month?: string }): EarnOutcome {
  const who = byMember(acct);
  return earnPoints({
    points: acct.points.state,
    earnings: earnings.map((e) => ({ ...e, entry: { ...e.entry, ...who } })),
    standing: { qualifying: acct.holder.qualifying, tier: acct.holder.tier },
    program: brand.tiers,
    day,
    ...(purchase ? { purchase } : {}),
  });
}
