import { useState } from 'react'
import { View } from '@tarojs/components'
import { request } from '../../api/client'
import { RoleGate, useResource, useSubmit } from '../../kit'
import { CampaignForm, type Choices } from './CampaignForm'
import { CampaignList } from './CampaignList'
import { Results } from './Results'
import { orderedKeys, type MessageTemplate, type Results as CampaignResults } from './form'
import { getSession } from '../../session'
import { signedInId } from '../common'
import '../common.scss'
import './index.scss'

/** The message templates of the care settings, each once, with their WeChat data keys in order. */
function messageTemplates(settings: { templates: Record<string, { templateId: string; title: string; fields: Record<string, string> }> } | undefined): MessageTemplate[] {
  const seen = new Set<string>()
  const all = Object.values(settings?.templates ?? {}).filter((t) => !seen.has(t.templateId) && !!seen.add(t.templateId))
  return all.map((t) => ({ value: t.templateId, label: t.title, keys: orderedKeys(t.fields) }))
}

/** Campaigns: the list with approval and runs, a campaign's results, and the form for a new one. */
function AdminCampaigns() {
  const list = useResource('adminListCampaigns')
  const segments = useResource('adminListSegments')
  const coupons = useResource('adminListCouponTemplates')
  const care = useResource('adminGetCareSettings')
  const [results, setResults] = useState<CampaignResults | null>(null)
  const showResults = useSubmit(async (id: string) => setResults(await request('adminCampaignResults', { params: { campaignId: id } })))

  const choices: Choices = {
    segments: (segments.data?.segments ?? []).map((s) => ({ value: s.id, label: s.name, filter: s.filter })),
    coupons: (coupons.data?.templates ?? []).filter((t) => t.state === 'active').map((t) => ({ value: t.id, label: t.definition.name })),
    templates: messageTemplates(care.data?.settings),
    errors: [
      { what: '人群列表', error: segments.error },
      { what: '优惠券列表', error: coupons.error },
      { what: '消息模板', error: care.error },
    ],
  }

  return (
    <View className='page admin-page admin-campaigns'>
      <CampaignList me={signedInId(getSession()?.token)} templateNames={Object.fromEntries(choices.templates.map((t) => [t.value, t.label]))} campaigns={list.data?.campaigns ?? null} error={list.error} reload={list.reload} showResults={showResults.submit} resultsError={showResults.error} />
      {results ? <Results results={results} /> : null}
      {/* Its first send time keeps out of the care settings' quiet hours. */}
      <CampaignForm choices={choices} quiet={care.data?.settings.quietHours ?? null} onCreated={list.reload} />
    </View>
  )
}

/** For admins only: signed out, it asks to sign in and comes back; another role is told and shown the way back. */
export default function AdminCampaignsPage() {
  return (
    <RoleGate role='admin' title='营销活动'>
      <AdminCampaigns />
    </RoleGate>
  )
}
