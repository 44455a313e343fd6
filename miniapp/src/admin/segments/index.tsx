import { useMemo, useState } from 'react'
import { View } from '@tarojs/components'
import { RoleGate, useResource } from '../../kit'
import { Builder } from './Builder'
import { EMPTY, factChoices, type Draft } from './draft'
import { PreviewCard } from './PreviewCard'
import { SavedList } from './SavedList'
import '../common.scss'
import './index.scss'

/** Segment builder: choose criteria, see the live count and a sample, save, export, tag in bulk. */
function AdminSegments() {
  const tiers = useResource('adminGetTiers')
  const tags = useResource('adminListTags')
  const segments = useResource('adminListSegments')
  // Questionnaire facts (肤质…) the builder offers, from the surveys' single-choice questions.
  const surveys = useResource('adminListSurveys')
  const facts = useMemo(() => factChoices(surveys.data?.surveys ?? []), [surveys.data])
  const [draft, setDraft] = useState<Draft>(EMPTY)
  // The last preview's or save's failure: shown at its field in the builder and under the count.
  const [error, setError] = useState<unknown>(null)
  const ladder = useMemo(() => [...(tiers.data?.tiers ?? [])].sort((a, b) => a.rank - b.rank), [tiers.data])

  return (
    <View className='page admin-page admin-segments'>
      <View className='card'>
        <View className='title'>会员分群</View>
        <View className='muted'>各条件同时满足；同一条件内多选为“任一”。不选即不限。</View>
      </View>
      <Builder draft={draft} edit={(patch) => setDraft((d) => ({ ...d, ...patch }))} tiers={ladder} tags={(tags.data?.tags ?? []).map((x) => x.tag)} facts={facts} error={error} />
      <PreviewCard
        draft={draft}
        error={error}
        setError={setError}
        listsError={tiers.error || tags.error || segments.error}
        onSaved={(s) => segments.setData({ segments: [s, ...(segments.data?.segments ?? [])] })}
      />
      <SavedList segments={segments.data?.segments ?? []} />
    </View>
  )
}

/** For admins only: signed out, it asks to sign in and comes back; another role is told and shown the way back. */
export default function AdminSegmentsPage() {
  return (
    <RoleGate role='admin' title='会员分群'>
      <AdminSegments />
    </RoleGate>
  )
}
