import { useState } from 'react'
import { View } from '@tarojs/components'
import { request } from '../../api/client'
import { ErrorNote, useSubmit } from '../../kit'
import { Done, InputField, SubmitButton } from '../../kit/fields'
import { adminError } from '../errors'
import { parseIntText } from '../common'

const newAdjustmentId = () => `adj${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`

/**
 * 积分调整. One id per submission: a retry of the same values (after a network error, say) reuses it,
 * so the server adjusts once; new values or a successful submission start a new id.
 */
export function AdjustForm({ memberId, onAdjusted }: { memberId: string; onAdjusted: () => Promise<unknown> }) {
  const [values, setValues] = useState({ points: '', reason: '', id: newAdjustmentId() })
  const [result, setResult] = useState<{ balance: number; replayed: boolean } | null>(null)
  const adjust = useSubmit(async (points: number) => {
    const res = await request('adminAdjustPoints', { params: { memberId }, body: { adjustmentId: values.id, points, reason: values.reason.trim() } })
    setResult({ balance: res.balance, replayed: res.replayed })
    setValues({ points: '', reason: '', id: newAdjustmentId() })
    // The adjustment is made; a failed refresh is reported apart from it.
    await onAdjusted()
  })

  const edit = (patch: { points?: string; reason?: string }) => {
    setValues((v) => {
      const next = { ...v, ...patch }
      return next.points !== v.points || next.reason !== v.reason ? { ...next, id: newAdjustmentId() } : next
    })
    setResult(null)
  }
  const submit = () => {
    if (adjust.busy) return
    setResult(null)
    const points = parseIntText(values.points, true)
    if (points === null || points === 0) return adjust.setError('请输入非零整数积分（扣减填负数）')
    if (values.reason.trim().length < 2) return adjust.setError('请填写原因（至少 2 个字）')
    void adjust.submit(points)
  }

  return (
    <View id='adjust-form' className='card'>
      <View className='section-title'>积分调整</View>
      <InputField label='积分（增加填正数，扣减填负数）' id='adjust-points' placeholder='如 100 或 -50' value={values.points} onChange={(points) => edit({ points })} />
      <InputField label='原因' id='adjust-reason' maxlength={100} placeholder='必填' value={values.reason} onChange={(reason) => edit({ reason })} />
      <SubmitButton id='adjust-submit' busy={adjust.busy} onClick={submit}>
        确认调整
      </SubmitButton>
      <ErrorNote id='adjust-error' error={adminError(adjust.error)} />
      {result ? (
        <View>
          <Done id='adjust-result'>已调整，当前余额 {result.balance}</Done>
          {result.replayed ? <View className='muted'>重复提交，未重复计入</View> : null}
        </View>
      ) : null}
    </View>
  )
}
