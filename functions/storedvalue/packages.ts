/** Recharge packages (admin, audited) and finance's view of the prepaid liability. */
import { randomBytes } from 'node:crypto';
import type { RechargePackage, RechargePackageInput, RechargePackageList, StoredValueSummary } from '../../shared/contract';
import { packageOnOffer } from '../../shared/domain/stored-value';
import {
  getRechargePackage,
  insertRechargePackage,
  listRechargePackages,
  saveRechargePackage,
  storedValueTotals,
  type RechargePackageRecord,
} from '../adapters/dynamo/balance-repo';
import { clock } from '../lib/clock';
import { fail } from '../lib/errors';
import type { Session } from '../lib/session';
import { capFen } from './cap';

export const packageView = (p: RechargePackageRecord, now: string): RechargePackage => ({
  id: p.id,
  name: p.name,
  amountFen: p.amountFen,
  bonusFen: p.bonusFen,
  validFrom: p.validFrom,
  validUntil: p.validUntil,
  active: p.active,
  onOffer: packageOnOffer(p, now),
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
});

const terms = (p: RechargePackageRecord) => ({ name: p.name, amountFen: p.amountFen, bonusFen: p.bonusFen, validFrom: p.validFrom, validUntil: p.validUntil, active: p.active });

export async function adminListPackages(): Promise<RechargePackageList> {
  const now = clock.now().toISOString();
  return { packages: (await listRechargePackages()).map((p) => packageView(p, now)) };
}

export async function adminCreatePackage(session: Session, input: RechargePackageInput): Promise<RechargePackage> {
  const at = clock.now().toISOString();
  const p: RechargePackageRecord = {
    id: `pk_${Date.now().toString(36)}${randomBytes(4).toString('hex')}`,
    name: input.name,
    amountFen: input.amountFen,
    bonusFen: input.bonusFen,
    validFrom: input.validFrom ?? null,
    validUntil: input.validUntil ?? null,
    active: input.active ?? true,
    rev: 0,
    createdAt: at,
    updatedAt: at,
    createdBy: session.openid,
  };
  const out = await insertRechargePackage(p, { at, actor: session.openid, action: 'storedvalue.package.create', target: `rechargepkg:${p.id}`, before: null, after: terms(p) });
  if (!out.ok) throw fail('busy', 'could not create the package; try again');
  return packageView(p, at);
}

/** An edit or a stop (active: false). Orders already made keep the terms they were made with. */
export async function adminUpdatePackage(session: Session, packageId: string, input: RechargePackageInput): Promise<RechargePackage> {
  const before = await getRechargePackage(packageId);
  if (!before) throw fail('package_not_found', `no recharge package ${packageId}`);
  const at = clock.now().toISOString();
  const next: RechargePackageRecord = {
    ...before,
    name: input.name,
    amountFen: input.amountFen,
    bonusFen: input.bonusFen,
    validFrom: input.validFrom === undefined ? before.validFrom : input.validFrom,
    validUntil: input.validUntil === undefined ? before.validUntil : input.validUntil,
    active: input.active ?? before.active,
    updatedAt: at,
  };
  const action = before.active !== next.active ? 'storedvalue.package.state' : 'storedvalue.package.edit';
  const out = await saveRechargePackage(next, before.rev, { at, actor: session.openid, action, target: `rechargepkg:${packageId}`, before: terms(before), after: terms(next) });
  if (!out.ok) throw fail('conflict', 'the package was changed meanwhile; reload and try again');
  return packageView({ ...next, rev: before.rev + 1 }, at);
}

export async function adminStoredValue(): Promise<StoredValueSummary> {
  const t = await storedValueTotals();
  return {
    outstanding: { principalFen: t.principalFen, bonusFen: t.bonusFen, totalFen: t.principalFen + t.bonusFen },
    totals: { rechargedFen: t.rechargedFen, bonusGrantedFen: t.bonusGrantedFen, spentFen: t.spentFen, returnedFen: t.returnedFen, refundedFen: t.refundedFen, forfeitedFen: t.forfeitedFen },
    capFen: capFen(),
  };
}
