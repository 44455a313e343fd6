/**
 * The audit log as people read it (issue 16): actions in Chinese, who did it by role (never a raw
 * openid), the member an entry concerns, phone numbers masked inside what changed, and a Beijing
 * date range turned into sort-key bounds. Pure: the audit use case and the admin page read it.
 */
import { maskPhone } from './phone';

/** Chinese names of the audited actions. An action not listed here reads 其他操作 (never its code). */
export const AUDIT_ACTION_LABELS: Readonly<Record<string, string>> = {
  'points.adjust': '积分调整',
  'tier.manual': '手动设置等级',
  'tiers.update': '修改等级体系',
  'rules.version': '修改积分规则',
  'member.tags': '修改会员标签',
  'member.consent': '同意会员协议与隐私政策',
  'member.phone_revealed': '查看会员完整手机号',
  'complaint.phone_revealed': '查看投诉联系电话',
  'coupon.issue': '定向发券',
  'coupon.template.create': '新建优惠券',
  'coupon.template.edit': '修改优惠券',
  'coupon.template.state': '优惠券上下架',
  'product.batch.create': '新建商品码批次',
  'product.batch.state': '商品码批次启停',
  'segment.create': '新建人群',
  'segment.export': '导出人群',
  'segment.tag': '人群批量打标签',
  'tag.rule.create': '新建标签规则',
  'tag.rule.update': '修改标签规则',
  'tag.rule.delete': '删除标签规则',
  'rfm.settings': '修改会员价值分层设置',
  'care.settings.update': '修改关怀消息设置',
  'repurchase.settings.update': '修改复购提醒设置',
  'campaign.create': '新建营销活动',
  'campaign.run': '执行营销活动',
  'membership.plan.create': '新建付费会员方案',
  'membership.plan.edit': '修改付费会员方案',
  'membership.settings': '修改付费会员设置',
  'storedvalue.package.create': '新建储值套餐',
  'storedvalue.package.edit': '修改储值套餐',
  'storedvalue.package.state': '储值套餐上下架',
  'checkin.settings.update': '修改签到设置',
};

export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? '其他操作';
}

/** The member an entry concerns: its target `member:<id>`, else a `memberId` in what it recorded. */
export function auditMemberOf(target: string, after: unknown): string | null {
  if (target.startsWith('member:')) return target.slice('member:'.length);
  const m = after && typeof after === 'object' ? (after as { memberId?: unknown }).memberId : undefined;
  return typeof m === 'string' ? m : null;
}

/** What we know of an actor: her roles (role items) and a name when one was recorded. */
export interface ActorFacts {
  name: string | null;
  admin: boolean;
  staffStoreName: string | null;
  staff: boolean;
  member: boolean;
}

const SYSTEM_ACTORS: Readonly<Record<string, string>> = { seed: '系统初始化', system: '系统', scheduler: '定时任务', 'admin-cli': '运维命令行' };

/**
 * "张敏（管理员）", "管理员", "店员 · 静安店", "系统": who did it by name or role. Never her openid (the
 * log is read by people; an openid is neither readable nor theirs to see).
 */
export function actorLabel(actor: string, facts: ActorFacts | null): { label: string; role: 'admin' | 'staff' | 'member' | 'system' | 'unknown' } {
  if (SYSTEM_ACTORS[actor]) return { label: SYSTEM_ACTORS[actor]!, role: 'system' };
  if (!facts) return { label: '未知用户', role: 'unknown' };
  if (facts.admin) return { label: facts.name ? `${facts.name}（管理员）` : '管理员', role: 'admin' };
  if (facts.staff) {
    const where = facts.staffStoreName ? ` · ${facts.staffStoreName}` : '';
    return { label: facts.name ? `${facts.name}（店员${where}）` : `店员${where}`, role: 'staff' };
  }
  if (facts.member) return { label: facts.name ? `${facts.name}（会员）` : '会员', role: 'member' };
  return { label: '已撤销权限的人员', role: 'unknown' };
}

/** A member as the log names her: "张三 138****5678" (masked), "138****5678" without a name. */
export function auditMemberLabel(m: { name: string | null; phone: string } | null): string | null {
  if (!m) return null;
  return m.name ? `${m.name} ${maskPhone(m.phone)}` : maskPhone(m.phone);
}

const PHONE_IN_TEXT = /(?<!\d)(1\d{2})\d{4}(\d{4})(?!\d)/g;

/** A recorded before/after with every mainland mobile number in it masked (the log never shows one whole). */
export function maskPhonesDeep(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(PHONE_IN_TEXT, (_m, a: string, b: string) => maskPhone(`${a}0000${b}`));
  if (Array.isArray(value)) return value.map(maskPhonesDeep);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskPhonesDeep(v)]));
  return value;
}

/**
 * Sort-key bounds of a Beijing date range (both days included): audit rows sort by their UTC instant,
 * so `from` starts at 00:00 +08:00 and `to` ends before the next day's 00:00 +08:00. The brand's zone
 * has no daylight saving, so the offset is fixed.
 */
export function auditRangeBounds(from: string | undefined, to: string | undefined): { lo: string; hi: string } {
  const lo = from ? new Date(`${from}T00:00:00+08:00`).toISOString() : '0000';
  const hi = to ? new Date(Date.parse(`${to}T00:00:00+08:00`) + 86_400_000 - 1).toISOString() : '9999';
  return { lo, hi: `${hi}~` };
}
