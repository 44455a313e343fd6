import { useMemo, useState } from 'react'
import { Switch, Text, View } from '@tarojs/components'
import type { EarningRulesInput } from '@shared/contract/program'
import type { RouteResponse } from '@shared/contract/routes'
import { evaluatePurchase } from '@shared/domain/rules'
import { formatYuan, parseYuan } from '@shared/domain/money'
import { ChoiceChips } from '../../kit'
import { Field, InputField, SideNote } from '../../kit/fields'

type Tier = RouteResponse<'adminGetTiers'>['tiers'][number]

/** 实时预览: what one order earns under the rules on the form (the checkout's own code). */
export function Preview(p: { rules: EarningRulesInput; errors: string[]; ladder: Tier[]; tiersError: unknown; birthdayBonus: string | null }) {
  const [amount, setAmount] = useState('399.00')
  const [chosen, setChosen] = useState('')
  const [birthdayMonth, setBirthdayMonth] = useState(false)
  // The chosen tier while it exists; else the entry tier.
  const tierCode = chosen && p.ladder.some((t) => t.code === chosen) ? chosen : (p.ladder[0]?.code ?? '')

  const preview = useMemo(() => {
    const amountFen = parseYuan(amount)
    if (amountFen === null) return { text: '请输入有效的订单金额', steps: [] as { label: string; points: number }[] }
    const tier = p.ladder.find((t) => t.code === tierCode)
    const earning = evaluatePurchase(p.rules, { amountFen, lines: [], tierMultiplier: tier?.multiplier ?? 1, birthdayMonth })
    const who = `${tier?.name ?? '会员'}${birthdayMonth ? '（生日月）' : ''}`
    return {
      text: `一笔 ${formatYuan(amountFen)} 的订单，${who}可得 ${earning.points} 积分`,
      steps: earning.breakdown.map((s) => ({ label: s.label, points: s.points })),
    }
  }, [p.rules, p.ladder, amount, tierCode, birthdayMonth])

  return (
    <View id='preview' className='card preview'>
      <View className='section-title'>实时预览</View>
      <InputField label='订单金额（元）' id='preview-amount' type='digit' value={amount} onChange={setAmount} />
      <Field label='会员等级'>
        <ChoiceChips id='preview-tier' idPrefix='preview-tier' options={p.ladder.map((t) => ({ value: t.code, label: `${t.name} ×${t.multiplier}` }))} value={tierCode} onChange={setChosen} />
        <SideNote what='会员等级' error={p.tiersError} />
      </Field>
      <View className='field between'>
        <Text className='label'>生日月</Text>
        <Switch id='preview-birthday' checked={birthdayMonth} onChange={(e) => setBirthdayMonth(e.detail.value)} />
      </View>
      <View>
        <View id='preview-result' className='preview-result'>
          {preview.text}
        </View>
        <View id='preview-breakdown'>
          {preview.steps.map((s, i) => (
            <View key={i} className='preview-step between'>
              <Text className='muted'>{s.label}</Text>
              <Text className='preview-step-points'>{s.points > 0 ? `+${s.points}` : s.points}</Text>
            </View>
          ))}
        </View>
        {p.errors.length > 0 ? (
          <View id='preview-warnings' className='error'>
            以下设置有误，预览中按当前版本计算：{p.errors.join('；')}
          </View>
        ) : null}
        {p.birthdayBonus !== null ? (
          <View id='preview-birthday-bonus' className='muted'>
            生日积分 {p.birthdayBonus || 0} 分于会员生日当天另行发放
          </View>
        ) : null}
      </View>
    </View>
  )
}
