/** The check-in settings form: text fields as typed, checked here before the API sees them (words in Chinese). */
import type { CheckInSettings } from '@shared/contract'

export interface StepRow {
  days: string
  points: string
}

export interface CheckInForm {
  enabled: boolean
  steps: StepRow[]
  repeat: boolean
  cap: 'none' | 'week' | 'month'
  capCount: string
}

export const MAX_STEPS = 10

export function formOf(s: CheckInSettings): CheckInForm {
  return {
    enabled: s.enabled,
    steps: s.streakRewards.map((r) => ({ days: String(r.days), points: String(r.points) })),
    repeat: s.repeat,
    cap: s.streakCap ? s.streakCap.period : 'none',
    capCount: s.streakCap ? String(s.streakCap.count) : '4',
  }
}

const wholeIn = (text: string, lo: number, hi: number): number | null => {
  const t = text.trim()
  if (!/^\d+$/.test(t)) return null
  const n = Number(t)
  return n >= lo && n <= hi ? n : null
}

/** The settings, or the first problem (which field, in Chinese). */
export function settingsOf(f: CheckInForm): { ok: true; settings: CheckInSettings } | { ok: false; path: string; message: string } {
  const rewards: CheckInSettings['streakRewards'] = []
  const seen = new Set<number>()
  for (let i = 0; i < f.steps.length; i++) {
    const days = wholeIn(f.steps[i]!.days, 2, 366)
    if (days === null) return { ok: false, path: `settings.streakRewards.${i}.days`, message: `第 ${i + 1} 档：连续天数请填 2 到 366 的整数` }
    if (seen.has(days)) return { ok: false, path: `settings.streakRewards.${i}.days`, message: `第 ${i + 1} 档：连续 ${days} 天已设置过` }
    seen.add(days)
    const points = wholeIn(f.steps[i]!.points, 1, 100_000)
    if (points === null) return { ok: false, path: `settings.streakRewards.${i}.points`, message: `第 ${i + 1} 档：奖励积分请填 1 到 100,000 的整数` }
    rewards.push({ days, points })
  }
  let streakCap: CheckInSettings['streakCap'] = null
  if (f.cap !== 'none') {
    const count = wholeIn(f.capCount, 1, 31)
    if (count === null) return { ok: false, path: 'settings.streakCap.count', message: '奖励次数上限请填 1 到 31 的整数' }
    streakCap = { count, period: f.cap }
  }
  rewards.sort((a, b) => a.days - b.days)
  return { ok: true, settings: { enabled: f.enabled, streakRewards: rewards, repeat: f.repeat, streakCap } }
}
