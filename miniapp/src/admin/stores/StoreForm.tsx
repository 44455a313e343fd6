import { useState } from 'react'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { Store } from '@shared/contract'
import { ErrorNote } from '../../kit'
import { InputField } from '../../kit/fields'
import { FieldNote, adminError } from '../errors'

export interface StoreDraft {
  name: string
  city: string
  address: string
}

export const draftOf = (s: Store | null): StoreDraft => ({ name: s?.name ?? '', city: s?.city ?? '', address: s?.address ?? '' })

/** Name, city and address of a store (new or edited); the store's code is never typed or shown. */
export function StoreForm(p: { id: string; initial: StoreDraft; busy: boolean; error: unknown; submitText: string; onSubmit: (d: StoreDraft) => void; onCancel?: () => void }) {
  const [d, setD] = useState(p.initial)
  const edit = (patch: Partial<StoreDraft>) => setD((x) => ({ ...x, ...patch }))
  return (
    <View id={p.id} className='store-form'>
      <InputField label='门店名称' id={`${p.id}-name`} maxlength={40} placeholder='如：南京西路店' value={d.name} onChange={(name) => edit({ name })} />
      <FieldNote error={p.error} path='name' />
      <InputField label='城市' id={`${p.id}-city`} maxlength={20} placeholder='如：上海' value={d.city} onChange={(city) => edit({ city })} />
      <FieldNote error={p.error} path='city' />
      <InputField label='地址' id={`${p.id}-address`} maxlength={120} placeholder='选填' value={d.address} onChange={(address) => edit({ address })} />
      <FieldNote error={p.error} path='address' />
      <ErrorNote error={adminError(p.error)} />
      <View className='row'>
        <Button id={`${p.id}-submit`} type='primary' size='small' loading={p.busy} onClick={() => p.onSubmit(d)}>
          {p.submitText}
        </Button>
        {p.onCancel ? (
          <Button id={`${p.id}-cancel`} size='small' onClick={p.onCancel}>
            取消
          </Button>
        ) : null}
      </View>
    </View>
  )
}

/** The next free store code (S001, S002, …): made here, never shown; a taken one answers store_exists and the page retries. */
export function nextStoreId(stores: Store[]): string {
  const used = stores.map((s) => /^S(\d+)$/.exec(s.storeId)).filter(Boolean).map((m) => Number(m![1]))
  return `S${String(Math.max(0, ...used) + 1).padStart(3, '0')}`
}
