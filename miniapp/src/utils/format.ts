/** Display formatting shared by the member, staff and admin pages. */
import { formatYuan, groupThousands } from '@shared/domain/money'

const pad = (n: number) => String(n).padStart(2, '0')

/** "YYYY-MM-DD HH:mm" of an ISO instant in Beijing time. */
export function formatTime(iso: string): string {
  const d = shanghai(iso)
  if (!d) return iso
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
}

/**
 * The instant moved to Beijing time (UTC+8, no daylight saving), read with the getUTC* methods:
 * the brand's calendar, whatever the phone's or the browser's time zone.
 */
function shanghai(iso: string): Date | null {
  const t = new Date(iso).getTime()
  return Number.isNaN(t) ? null : new Date(t + 8 * 3_600_000)
}

/** "YYYY-MM-DD" of an ISO instant in Beijing time. */
export function formatDate(iso: string): string {
  const d = shanghai(iso)
  if (!d) return iso.slice(0, 10)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
}

/** "+12" / "-5" / "0". */
export const signed = (n: number): string => (n > 0 ? `+${n}` : String(n))

/** A qualifying amount as the member reads it: "¥900.00" for spend (fen), "900 积分" for points. */
export const qualifyingText = (basis: 'spend' | 'points', v: number): string => (basis === 'spend' ? formatYuan(v) : `${groupThousands(v)} 积分`)

/** "再消费 ¥900.00 升级为 金卡会员" / "再获得 900 积分升级为 金卡会员". */
export function upgradeText(basis: 'spend' | 'points', remaining: number, tierName: string): string {
  return basis === 'spend' ? `再消费 ${formatYuan(remaining)} 升级为 ${tierName}` : `再获得 ${groupThousands(remaining)} 积分升级为 ${tierName}`
}

/** Chinese names of the tier changes' reasons (TierChangeReason in shared/domain/tiers.ts). */
export const TIER_REASON: Record<string, string> = {
  purchase: '消费升级',
  qualified: '达标升级',
  downgrade: '保级期满降级',
  manual: '手动调整',
  manual_ended: '手动等级到期',
}
