/** What a new rules version changes against the version in force, line by line, with its warnings. */
import type { EarningRulesInput } from '@shared/contract/program'
import { changeLine, rateWarning, type ChangeLine } from '@shared/domain/changes'
import { formatYuan } from '@shared/domain/money'
import type { BirthdayRule } from '@shared/domain/rules'
import { EVENTS, ROUNDINGS, expiryText } from './form'

const roundingText = (r: string) => ROUNDINGS.find((x) => x.value === r)?.label ?? r
const birthdayText = (b: BirthdayRule) => (b.mode === 'bonus' ? `生日当天 ${b.points} 积分` : b.mode === 'multiplier' ? `生日月 ×${b.multiplier}` : '无')
const listText = (xs: readonly string[]) => (xs.length ? xs.join('、') : '无')

/** The changed settings of `after` against `before` (the version in force), each with the warning it calls for. */
export function rulesChanges(before: EarningRulesInput, after: EarningRulesInput): ChangeLine[] {
  const b = before.spend
  const a = after.spend
  const lines: ChangeLine[] = [
    ...changeLine('每元积分', `${b.pointsPerYuan} 积分`, `${a.pointsPerYuan} 积分`, rateWarning('每元积分', b.pointsPerYuan, a.pointsPerYuan)),
    ...changeLine('取整方式', roundingText(b.rounding), roundingText(a.rounding)),
    ...changeLine('最低消费', formatYuan(b.minOrderFen), formatYuan(a.minOrderFen)),
    ...changeLine('不计积分品类', listText(b.excludedCategories), listText(a.excludedCategories)),
    ...changeLine('单笔上限', b.capPerOrder === null ? '无上限' : `${b.capPerOrder} 积分`, a.capPerOrder === null ? '无上限' : `${a.capPerOrder} 积分`),
    ...changeLine('生日', birthdayText(before.birthday), birthdayText(after.birthday)),
    ...changeLine('冻结天数', `${before.holdingDays} 天`, `${after.holdingDays} 天`),
    ...changeLine('有效期', expiryText(before.expiry), expiryText(after.expiry)),
  ]
  for (const { key, label } of EVENTS) {
    const x = before.events[key]?.points ?? 0
    const y = after.events[key]?.points ?? 0
    lines.push(...changeLine(label, `${x} 积分`, `${y} 积分`, rateWarning(label, x, y)))
  }
  return lines
}
