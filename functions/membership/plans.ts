/** Plans, the membership settings and the members page (admin): audited changes, reads by index. */
import { randomBytes } from 'node:crypto';
import type { MembershipPlan, MembershipPlanInput } from '../../shared/contract';
import { maskPhone } from '../../shared/domain';
import { lastDayOf } from '../../shared/domain/membership';
import { getTemplate } from '../adapters/dynamo/coupon-repo';
import { getMember } from '../adapters/dynamo/member-repo';
import {
  countRunningTerms,
  getPlan,
  getPlusSettings,
  insertPlan,
  listPlans,
  savePlanEdit,
  savePlusSettings,
  termsEndingBetween,
  type PlanRecord,
} from '../adapters/dynamo/membership-repo';
import { clock } from '../lib/clock';
import { fail, failAs } from '../lib/errors';
import type { Session } from '../lib/session';
import { termOf } from './term';

const view = (p: PlanRecord): MembershipPlan => ({
  id: p.id,
  name: p.name,
  priceFen: p.priceFen,
  months: p.months,
  multiplier: p.multiplier,
  couponTemplateIds: p.couponTemplateIds,
  badge: p.badge,
  active: p.active,
  rev: p.rev,
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
});

/** Every coupon of the pack must exist (422 naming the entry). */
async function checkTemplates(ids: string[]) {
  const found = await Promise.all(ids.map((id) => getTemplate(id)));
  const i = found.findIndex((t) => !t);
  if (i >= 0) throw failAs('template_not_found', 'referenced', 'no such coupon template', [{ path: `couponTemplateIds.${i}`, message: 'unknown template' }]);
}

const definitionOf = (input: MembershipPlanInput & { priceFen: number }) => ({
  name: input.name,
  priceFen: input.priceFen,
  months: input.months,
  multiplier: input.multiplier,
  couponTemplateIds: input.couponTemplateIds,
  badge: input.badge,
  active: input.active,
});

export async function listMembershipPlans() {
  const [plans, settings] = await Promise.all([listPlans(), getPlusSettings()]);
  return { plans: plans.map(view), settings };
}

export async function createMembershipPlan(session: Session, input: MembershipPlanInput & { priceFen: number }): Promise<MembershipPlan> {
  await checkTemplates(input.couponTemplateIds);
  const at = clock.now().toISOString();
  const plan: PlanRecord = { id: `pl_${randomBytes(6).toString('hex')}`, ...definitionOf(input), rev: 0, createdAt: at, updatedAt: at };
  const out = await insertPlan(plan, { at, actor: session.openid, action: 'membership.plan.create', target: `plan:${plan.id}`, before: null, after: definitionOf(input) });
  if (!out.ok) throw fail('busy', 'could not create the plan; try again');
  return view(plan);
}

/** A plan's new definition over the revision read: terms already bought keep what they were sold with. */
export async function editMembershipPlan(session: Session, planId: string, input: MembershipPlanInput & { priceFen: number; rev: number }): Promise<MembershipPlan> {
  const before = await getPlan(planId);
  if (!before) throw fail('plan_not_found', 'no such membership plan');
  if (before.rev !== input.rev) throw fail('plan_changed', 'the plan was changed meanwhile; reload and try again');
  await checkTemplates(input.couponTemplateIds);
  const at = clock.now().toISOString();
  const next: PlanRecord = { ...before, ...definitionOf(input), rev: before.rev + 1, updatedAt: at };
  const out = await savePlanEdit(next, before.rev, { at, actor: session.openid, action: 'membership.plan.edit', target: `plan:${planId}`, before: definitionOf(before), after: definitionOf(input) });
  if (!out.ok) throw fail('plan_changed', 'the plan was changed meanwhile; reload and try again');
  return view(next);
}

export async function saveMembershipSettings(session: Session, req: { stackPlusWithTier: boolean; rev: number }) {
  const before = await getPlusSettings();
  if (before.rev !== req.rev) throw fail('plan_changed', 'the settings were changed meanwhile; reload and try again');
  const at = clock.now().toISOString();
  const out = await savePlusSettings({ stackPlusWithTier: req.stackPlusWithTier }, before.rev, {
    at,
    actor: session.openid,
    action: 'membership.settings',
    target: 'membership:settings',
    before: { stackPlusWithTier: before.stackPlusWithTier },
    after: { stackPlusWithTier: req.stackPlusWithTier },
  });
  if (!out.ok) throw fail('plan_changed', 'the settings were changed meanwhile; reload and try again');
  return { stackPlusWithTier: req.stackPlusWithTier, rev: before.rev + 1 };
}

/** Running terms (a count) and those ending within 30 days, soonest first, with masked phones. */
export async function membershipMembers() {
  const now = clock.now();
  const to = new Date(now.getTime() + 30 * 86_400_000).toISOString();
  const [activeCount, ending] = await Promise.all([countRunningTerms(now.toISOString()), termsEndingBetween(now.toISOString(), to, 100)]);
  const members = await Promise.all(ending.map((p) => getMember(p.memberId)));
  return {
    activeCount,
    endingSoon: ending.map((p, i) => ({ memberId: p.memberId, phoneMasked: members[i] ? maskPhone(members[i]!.phone) : '', planName: p.planName, lastDay: lastDayOf(termOf(p)), termEnd: p.termEnd })),
  };
}
