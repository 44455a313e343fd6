import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Input, Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { CreateComplaintRequest } from '@shared/contract'
import { request } from '../../api/client'
import { ChoiceChips, ErrorNote, useResource, useSubmit } from '../../kit'
import { CATEGORY_LABEL, CONTACT_LABEL, newRequestId } from '../../components/complaints'
import '../../components/complaints/complaints.scss'

type Category = CreateComplaintRequest['category']
type Method = CreateComplaintRequest['contact']['method']
const CATEGORIES = (Object.keys(CATEGORY_LABEL) as Category[]).map((value) => ({ value, label: CATEGORY_LABEL[value] }))
const METHODS = (Object.keys(CONTACT_LABEL) as Method[]).map((value) => ({ value, label: CONTACT_LABEL[value] }))

/** A member files a complaint: what it is about, what happened, an order and store if any, how to reach her. */
export default function NewComplaint() {
  const router = useRouter()
  const [category, setCategory] = useState<Category>('product')
  const [text, setText] = useState('')
  const [orderId, setOrderId] = useState(router.params.orderId ? decodeURIComponent(router.params.orderId) : '')
  const [storeId, setStoreId] = useState(router.params.storeId ? decodeURIComponent(router.params.storeId) : '')
  const [method, setMethod] = useState<Method>('wechat')
  const [phone, setPhone] = useState('')
  // Stores by name (a member does not know store codes); a link may preselect one (?storeId=).
  const stores = useResource('complaintStores', { reloadOnShow: false })
  const storeChoices = [
    { value: '', label: '不涉及门店', id: 'complaint-store-none' },
    ...(stores.data?.stores ?? []).map((s) => ({ value: s.storeId, label: s.city ? `${s.name}（${s.city}）` : s.name })),
  ]
  // One request id per form: a double tap or a retry files the complaint once.
  const [requestId] = useState(newRequestId)

  const filing = useSubmit(async (body: CreateComplaintRequest) => {
    const c = await request('createComplaint', { body })
    await Taro.redirectTo({ url: `/member/complaints/detail?id=${c.id}` })
  })

  function submit() {
    if (text.trim().length < 5) return filing.setError('请至少用 5 个字描述问题')
    if (method === 'phone' && !/^1\d{10}$/.test(phone.trim())) return filing.setError('请输入 11 位手机号')
    void filing.submit({
      requestId,
      category,
      text: text.trim(),
      ...(orderId.trim() ? { orderId: orderId.trim() } : {}),
      ...(storeId.trim() ? { storeId: storeId.trim() } : {}),
      contact: method === 'phone' ? { method, phone: phone.trim() } : { method },
    })
  }

  return (
    <View className='page complaints-page complaint-new'>
      <View className='card'>
        <View className='title'>我要投诉</View>
        <View className='muted'>我们会在 24 小时内回复您</View>
      </View>
      <View className='card'>
        <View className='field'>
          <Text className='label'>问题类型</Text>
          <ChoiceChips className='choices' idPrefix='complaint-cat' chipClassName='' activeClassName='' options={CATEGORIES} value={category} onChange={setCategory} />
        </View>
        <View className='field'>
          <Text className='label'>问题描述</Text>
          <Textarea
            id='complaint-text'
            className='textarea'
            placeholder='请描述发生了什么（至少 5 个字）'
            maxlength={1000}
            value={text}
            onInput={(e) => setText(e.detail.value)}
          />
        </View>
        <View className='field'>
          <Text className='label'>订单号（选填）</Text>
          <Input id='complaint-order' className='input' placeholder='小票上的订单号' value={orderId} onInput={(e) => setOrderId(e.detail.value)} />
        </View>
        <View className='field'>
          <Text className='label'>涉及门店（选填）</Text>
          <ChoiceChips id='complaint-store' className='choices' idPrefix='complaint-store' chipClassName='' activeClassName='' options={storeChoices} value={storeId} onChange={setStoreId} />
          <ErrorNote id='complaint-stores-error' error={stores.error} />
        </View>
        <View className='field'>
          <Text className='label'>联系方式</Text>
          <ChoiceChips className='choices' idPrefix='complaint-contact' chipClassName='' activeClassName='' options={METHODS} value={method} onChange={setMethod} />
          {method === 'phone' ? (
            <Input id='complaint-phone' className='input' type='number' maxlength={11} placeholder='11 位手机号' value={phone} onInput={(e) => setPhone(e.detail.value)} />
          ) : null}
        </View>
        <ErrorNote id='complaint-error' error={filing.error} overrides={{ unknown_store: '该门店已不存在，请重新选择' }} />
        <View className='actions'>
          <Button id='complaint-submit' type='primary' block loading={filing.busy} disabled={filing.busy} onClick={submit}>
            提交投诉
          </Button>
        </View>
      </View>
    </View>
  )
}
