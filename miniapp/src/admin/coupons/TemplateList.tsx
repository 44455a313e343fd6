import { useState } from 'react'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { couponSummary } from '@shared/domain/coupons'
import { request } from '../../api/client'
import { Empty, ErrorNote, useSubmit } from '../../kit'
import { adminError } from '../errors'
import { formatDate } from '../common'
import { localDay, type Template } from './form'

/** Where a template applies and how long its coupons last, in one muted line. */
function terms(d: Template['definition']): string {
  const scope = d.scope.kind === 'categories' ? `品类：${d.scope.categories.join('、')} · ` : d.scope.kind === 'skus' ? `商品：${d.scope.skus.join('、')} · ` : ''
  const stores = d.stores ? `门店：${d.stores.join('、')} · ` : ''
  const validity = d.validity.kind === 'fixed' ? `${localDay(d.validity.from)} 至 ${localDay(d.validity.until)} · ` : `领取后 ${d.validity.days} 天有效 · `
  return `${scope}${stores}${validity}${d.claimable ? '领券中心可领' : '不在领券中心'}${d.stackable ? ' · 可叠加' : ''}`
}

/** The templates with their figures; each can be paused, resumed or opened in the form. */
export function TemplateList(p: {
  templates: Template[] | null
  error: unknown
  onChanged: (t: Template) => void
  onEdit: (t: Template) => void
}) {
  const [toggling, setToggling] = useState<string | null>(null)
  const toggle = useSubmit(async (t: Template) => {
    setToggling(t.id)
    try {
      p.onChanged(await request('adminSetCouponTemplateState', { params: { templateId: t.id }, body: { state: t.state === 'active' ? 'paused' : 'active' } }))
    } finally {
      setToggling(null)
    }
  })
  return (
    <View id='template-list' className='card'>
      <View className='section-title'>优惠券模板</View>
      {(p.templates ?? []).map((t) => (
        <View key={t.id} id={`template-${t.id}`} className='list-row template-row' data-template-id={t.id} data-state={t.state}>
          <View className='between'>
            <View className='grow'>
              <View className='row-name template-name'>{t.definition.name}</View>
              <View className='row-summary template-summary'>{couponSummary(t.definition)}</View>
              <View className='muted template-stock'>
                已发 {t.issued} / 剩余 {t.remaining === null ? '不限' : t.remaining}
                {t.definition.perMemberLimit ? ` · 每人限领 ${t.definition.perMemberLimit}` : ''}
              </View>
              <View className='muted template-redeemed' id={`template-redeemed-${t.id}`}>
                已核销 {t.redeemed} · 核销率 {Math.round(t.redemptionRate * 1000) / 10}%
                {t.definition.pointsCost ? ` · ${t.definition.pointsCost} 积分兑换` : ''}
                {t.definition.registrationGift ? ' · 新人礼' : ''}
              </View>
              <View className='muted'>
                {terms(t.definition)} · 创建于 {formatDate(t.createdAt)}
              </View>
            </View>
            <View className='row-side template-right'>
              <View className={t.state === 'active' ? 'template-state active' : 'template-state paused'}>{t.state === 'active' ? '进行中' : '已暂停'}</View>
              <Button id={`template-toggle-${t.id}`} size='small' type={t.state === 'active' ? 'default' : 'primary'} loading={toggling === t.id} disabled={toggling !== null} onClick={() => void toggle.submit(t)}>
                {t.state === 'active' ? '暂停' : '恢复'}
              </Button>
              <Button id={`template-edit-${t.id}`} size='small' onClick={() => p.onEdit(t)}>
                编辑
              </Button>
            </View>
          </View>
        </View>
      ))}
      {p.templates && p.templates.length === 0 ? <Empty id='template-empty' className='muted'>暂无优惠券模板</Empty> : null}
      <ErrorNote id='template-error' error={adminError(toggle.error) || adminError(p.error)} />
    </View>
  )
}
