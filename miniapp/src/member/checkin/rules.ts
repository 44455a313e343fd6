/** The check-in page's words: the rules in full and the next reward, from the brand's settings (no Latin). */
import type { CheckInView } from '@shared/contract'
import { groupThousands } from '@shared/domain/money'

const PERIOD: Record<'day' | 'week' | 'month', string> = { day: '每天', week: '每周', month: '每月' }

export const pts = (n: number) => `${groupThousands(n)} 积分`

/** The rules as the member reads them, one sentence each. */
export function rulesOf(v: CheckInView): string[] {
  const out: string[] = []
  out.push(v.todayPoints > 0 ? `每天可签到一次，每次获得 ${pts(v.todayPoints)}。` : '每天可签到一次。')
  if (v.dailyLimit) out.push(`签到积分${PERIOD[v.dailyLimit.period]}最多发放 ${v.dailyLimit.count} 次，超出后仍可签到并累计连续天数。`)
  const steps = v.settings.streakRewards
  if (steps.length > 0) {
    out.push(`连续签到奖励：${steps.map((s) => `连续 ${s.days} 天额外获得 ${pts(s.points)}`).join('；')}。`)
    if (v.settings.repeat) out.push(`连续签到满 ${steps[steps.length - 1]!.days} 天后重新计算，可再次获得奖励。`)
    else out.push('同一轮连续签到，每档奖励只发放一次。')
  }
  if (v.settings.streakCap) out.push(`连续签到奖励${PERIOD[v.settings.streakCap.period]}最多发放 ${v.settings.streakCap.count} 次。`)
  out.push('中断一天，连续天数从 1 重新开始。')
  out.push('签到日期按北京时间计算，零点起为新的一天。')
  out.push('积分有效期与其他积分相同，可在「积分明细」查看。')
  return out
}

/** "再签 4 天，连续 7 天可额外获得 50 积分" (or why not). */
export function nextRewardText(v: CheckInView): string {
  const capped = v.settings.streakCap !== null && v.rewardsThisPeriod >= v.settings.streakCap.count
  if (capped) return `本${v.settings.streakCap!.period === 'week' ? '周' : '月'}连续签到奖励已领满，继续签到仍可获得每日积分`
  if (!v.nextReward) return v.settings.streakRewards.length > 0 ? '本轮连续签到奖励已全部领取' : '坚持每天签到，积分天天领'
  const n = v.nextReward
  // `inDays` counts the check-ins still needed, today's among them when she has not checked in yet.
  const head = !v.checkedInToday && n.inDays === 1 ? '今天签到' : `再签 ${n.inDays} 天`
  return `${head}，连续 ${n.atStreak} 天可额外获得 ${pts(n.points)}`
}
