import { View } from '@tarojs/components'
import { RoleGate, useResource } from '../../kit'
import { IssueForm } from './IssueForm'
import { TemplateForm, useTemplateEditor } from './TemplateForm'
import { TemplateList } from './TemplateList'
import '../common.scss'
import './index.scss'

/** Coupon templates: the list with its figures, the form to create or edit one, and 定向发放. */
function AdminCoupons() {
  const list = useResource('adminListCouponTemplates')
  const tiers = useResource('adminGetTiers')
  const editor = useTemplateEditor(list.reload)
  const templates = list.data?.templates ?? []
  return (
    <View className='page admin-page admin-coupons'>
      <TemplateList
        templates={list.data?.templates ?? null}
        error={list.error}
        onEdit={editor.start}
        onChanged={(t) => list.setData({ templates: templates.map((x) => (x.id === t.id ? t : x)) })}
      />
      <TemplateForm editor={editor} templates={templates} />
      <IssueForm templates={templates} tiers={tiers.data?.tiers ?? []} tiersError={tiers.error} onIssued={list.reload} />
    </View>
  )
}

/** For admins only: signed out, it asks to sign in and comes back; another role is told and shown the way back. */
export default function AdminCouponsPage() {
  return (
    <RoleGate role='admin' title='优惠券'>
      <AdminCoupons />
    </RoleGate>
  )
}
