import { useEffect, useState } from 'react'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { RouteResponse } from '@shared/contract/routes'
import { request } from '../../api/client'
import { ErrorNote, useSubmit } from '../../kit'
import { SideNote } from '../../kit/fields'
import { adminError } from '../errors'
import { actorName, formatDate } from '../common'
import type { Member } from './file'

const INSIGHT_STAGE: Record<string, string> = { new: '新客', active: '活跃', silent: '沉默', dormant: '睡眠', lost: '流失' }
const FAMILY_ROLE: Record<Member['family']['role'], string> = { none: '未加入家庭账户', primary: '家庭主卡', secondary: '家庭副卡' }

/** Who the member is: tier, points (balance, spendable, held, debt), family, and the segments' insight. */
/**
 * The member's phone: masked for every admin; one holding the phones permission reveals it with 查看完整号码
 * (each reveal is audited, then the member's 操作记录 shows it).
 */
function PhoneLine(p: { member: Member; onRevealed: () => void }) {
  const [whole, setWhole] = useState<string | null>(null)
  useEffect(() => setWhole(null), [p.member.id])
  const reveal = useSubmit(async () => {
    const r = await request('adminRevealPhone', { params: { memberId: p.member.id } })
    setWhole(r.phone)
    p.onRevealed()
  })
  return (
    <>
      <View className='row'>
        <View id='member-phone' className='member-phone'>
          {whole ?? p.member.phoneMasked}
        </View>
        {p.member.phoneRevealable && !whole ? (
          <Button id='member-phone-reveal' size='small' loading={reveal.busy} onClick={() => void reveal.submit()}>
            查看完整号码
          </Button>
        ) : null}
      </View>
      {whole ? <View className='muted'>已记录本次查看</View> : null}
      <ErrorNote id='member-phone-error' error={adminError(reveal.error)} />
    </>
  )
}

export function MemberCard(p: { member: Member; tierName: (code: string) => string; insight: RouteResponse<'memberTags'> | null; insightError: unknown; onRevealed?: () => void }) {
  const { member, insight } = p
  const stats = [
    { id: 'member-balance', value: member.points.balance, label: '积分余额' },
    { id: 'member-spendable', value: member.points.spendable, label: '可用' },
    { id: 'member-held', value: member.points.held, label: '冻结中' },
    { id: 'member-debt', value: member.points.debt, label: '欠分', debt: member.points.debt > 0 },
  ]
  return (
    <View id='member-card' className='card member-card' data-member-id={member.id}>
      <View className='between'>
        <View>
          <PhoneLine member={member} onRevealed={() => p.onRevealed?.()} />
          <View id='member-name' className='muted'>
            {member.name ?? '未填写姓名'} · 注册于 {formatDate(member.registeredAt)}
          </View>
        </View>
        <View id='member-tier' className='member-tier'>
          {member.tier.name}
        </View>
      </View>
      <View id='member-tier-since' className='muted'>
        {member.tier.name} · 自 {member.tier.since}
        {member.tier.retainUntil ? ` · 保级至 ${member.tier.retainUntil}` : ''}
      </View>
      {member.manualTier ? (
        <View id='member-manual-tier' className='muted'>
          人工设置：{p.tierName(member.manualTier.code)} 至 {member.manualTier.until}（{member.manualTier.reason} · {actorName(member.manualTier.by)}）
        </View>
      ) : null}
      <View className='stats'>
        {stats.map((s) => (
          <View key={s.id} className='stat'>
            <View id={s.id} className={s.debt ? 'stat-value debt' : 'stat-value'}>
              {s.value}
            </View>
            <View className='muted'>{s.label}</View>
          </View>
        ))}
      </View>
      <View id='member-family' className='muted'>
        {FAMILY_ROLE[member.family.role]}
        {member.points.account === 'family' ? '（余额为家庭共享积分）' : ''}
      </View>
      {insight ? (
        <View id='member-insight' className='muted' data-lifecycle={insight.lifecycle}>
          {INSIGHT_STAGE[insight.lifecycle]} · 最近消费 {insight.rfm.r} 分 · 频次 {insight.rfm.f} 分 · 客单价 {insight.rfm.m} 分 · 近 12 个月 {insight.orders12m} 笔 · 标签：
          {insight.tags.length ? insight.tags.join('、') : '暂无'}
          {insight.registrationStoreId ? ` · 注册门店 ${insight.registrationStoreId}` : ''}
          {insight.lastStoreId ? ` · 最近消费门店 ${insight.lastStoreId}` : ''}
        </View>
      ) : (
        <SideNote what='标签与生命周期' error={p.insightError} />
      )}
    </View>
  )
}
