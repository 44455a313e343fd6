import { useState } from 'react'
import { View } from '@tarojs/components'
import { RoleGate, useResource } from '../../kit'
import { SideNote } from '../../kit/fields'
import { BatchForm } from './BatchForm'
import { BatchList } from './BatchList'
import type { Sample } from './form'
import { SampleSheet } from './SampleSheet'
import '../common.scss'
import './index.scss'

/** Product-code batches: the list with exports and sample sheets, and the form for a new batch. */
function AdminBatches() {
  const list = useResource('adminListProductBatches')
  const coupons = useResource('adminListCouponTemplates')
  const [sample, setSample] = useState<Sample | null>(null)
  const templates = coupons.data?.templates ?? []
  const batches = list.data?.batches ?? null

  return (
    <View className='page admin-page admin-batches'>
      <BatchList
        batches={batches}
        templates={templates}
        error={list.error}
        reload={() => void list.reload()}
        onChanged={(b) => list.setData({ batches: (batches ?? []).map((x) => (x.id === b.id ? b : x)) })}
        onSample={setSample}
      />
      {sample ? <SampleSheet sample={sample} onClose={() => setSample(null)} /> : null}
      <SideNote what='优惠券列表' error={coupons.error} />
      <BatchForm templates={templates} onCreated={list.reload} />
    </View>
  )
}

/** For admins only: signed out, it asks to sign in and comes back; another role is told and shown the way back. */
export default function AdminBatchesPage() {
  return (
    <RoleGate role='admin' title='防伪码批次'>
      <AdminBatches />
    </RoleGate>
  )
}
