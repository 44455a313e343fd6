/** Display formatting shared by the member, staff and admin pages. */
import { formatYuan } from '@shared/domain/money'

const pad = (n: number) => String(n).padStart(2, '0')

/** Local "YYYY-MM-DD HH:mm" of an ISO instant. */
export function formatTime(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** Local "YYYY-MM-DD" of an ISO instant. */
export function formatDate(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso.slice(0, 10)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

/** "+12" / "-5" / "0". */
export const signed = (n: number): string => (n > 0 ? `+${n}` : String(n))

/** A qualifying amount as the member reads it: "¥900.00" for spend (fen), "900 积分" for points. */
export const qualifyingText = (basis: 'spend' | 'points', v: number): string => (basis === 'spend' ? formatYuan(v) : `${v} 积分`)

/** "再消费 ¥900.00 升级为 金卡会员" / "再获得 900 积分升级为 金卡会员". */
export function upgradeText(basis: 'spend' | 'points', remaining: number, tierName: string): string {
  return basis === 'spend' ? `再消费 ${formatYuan(remaining)} 升级为 ${tierName}` : `再获得 ${remaining} 积分升级为 ${tierName}`
}

/** Chinese names of the tier changes' reasons (TierChangeReason in shared/domain/tiers.ts). */
export const TIER_REASON: Record<string, string> = {
  purchase: '消费升级',
  qualified: '达标升级',
  downgrade: '保级期满降级',
  manual: '手动调整',
  manual_ended: '手动等级到期',
}
