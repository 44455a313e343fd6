import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { CardBatch, CardBatchExport } from '@shared/contract'
import { groupCardNo } from '@shared/domain/cards'
import { request } from '../../api/client'
import { ChoiceChips, Empty, ErrorNote, RoleGate, useResource, useSubmit } from '../../kit'
import { Done, InputField, SubmitButton } from '../../kit/fields'
import { SideNote } from '../../kit/fields'
import { adminError } from '../errors'
import { formatTime, parseIntText } from '../common'
import { downloadFromUrl } from '../../platform'
import '../common.scss'
import './index.scss'

const FIELD_NAMES = { name: '批次名称', count: '数量', openingPoints: '开卡积分', tierCode: '等级' }

/** The print file: a link valid 15 minutes, fetched at once; each export is recorded. */
async function fetchPrintFile(exp: CardBatchExport): Promise<string> {
  await downloadFromUrl(exp.url, exp.fileName)
  return `已下载制卡文件（卡号和密码）：${exp.fileName}。密码只在此文件中，请妥善保管，交付印制后删除。`
}

function NewBatch({ tiers, onCreated }: { tiers: { code: string; name: string }[]; onCreated: (note: string) => Promise<unknown> }) {
  const [name, setName] = useState('')
  const [count, setCount] = useState('100')
  const [points, setPoints] = useState('0')
  const [tier, setTier] = useState('')
  const create = useSubmit(async () => {
    const n = parseIntText(count)
    const p = parseIntText(points)
    if (!name.trim()) throw '请填写批次名称'
    if (n === null || n < 1 || n > 5000) throw '数量须为 1–5000 张'
    if (p === null || p > 1_000_000) throw '开卡积分须为 0–1000000 的整数'
    const r = await request('adminCreateCardBatch', { body: { name: name.trim(), count: n, openingPoints: p, tierCode: tier || null } })
    setName('')
    await onCreated(`已生成 ${r.batch.count} 张卡。${await fetchPrintFile(r.export)}`)
  })
  const options = [{ value: '', label: '不带等级', id: 'cards-tier-none' }, ...tiers.map((t) => ({ value: t.code, label: t.name }))]
  return (
    <View id='cards-form' className='card'>
      <View className='section-title'>新建卡批次</View>
      <InputField label='批次名称' id='cards-name' maxlength={40} placeholder='如 2026 春季门店开卡' value={name} onChange={setName} />
      <View className='row field'>
        <InputField fieldClassName='half' label='数量（张）' id='cards-count' type='number' maxlength={4} value={count} onChange={setCount} />
        <InputField fieldClassName='half' label='开卡积分' id='cards-points' type='number' maxlength={7} value={points} onChange={setPoints} />
      </View>
      <View className='label'>卡内等级（绑定时低于此等级的会员升至此等级）</View>
      <ChoiceChips idPrefix='cards-tier' options={options} value={tier} onChange={setTier} />
      <SubmitButton id='cards-submit' busy={create.busy} onClick={() => void create.submit()}>
        生成并下载制卡文件
      </SubmitButton>
      <ErrorNote id='cards-form-error' error={adminError(create.error, FIELD_NAMES)} />
    </View>
  )
}

function BatchRow({ b, tierName, busy, onExport }: { b: CardBatch; tierName: string | null; busy: boolean; onExport: () => void }) {
  return (
    <View id={`cards-batch-${b.id}`} className='list-row' data-bound={b.bound}>
      <View className='between'>
        <View className='grow'>
          <View className='row-name'>{b.name}</View>
          <View className='muted card-range'>
            {groupCardNo(b.firstCardNo)} 至 {groupCardNo(b.lastCardNo)}
          </View>
          <View id={`cards-counts-${b.id}`} className='row-summary'>
            共 {b.count} 张 · 已绑定 {b.bound} · 已挂失 {b.lost}
          </View>
          <View className='muted'>
            开卡积分 {b.openingPoints}
            {tierName ? ` · 等级 ${tierName}` : ''} · {formatTime(b.createdAt)} 生成 · 已导出 {b.exports} 次
          </View>
        </View>
        <View className='row-side'>{b.state === 'ready' ? '' : <Text className='muted'>生成中</Text>}</View>
      </View>
      <View className='choices'>
        <Button id={`cards-export-${b.id}`} size='small' type='primary' disabled={busy || b.state !== 'ready'} onClick={onExport}>
          下载制卡文件
        </Button>
      </View>
    </View>
  )
}

/** Card batches: create (numbers with a check digit, a PIN each), download the print file, bound and lost counts. */
function AdminCards() {
  const list = useResource('adminListCardBatches')
  const tiers = useResource('adminGetTiers')
  const [note, setNote] = useState('')
  const exporting = useSubmit(async (b: CardBatch) => {
    setNote('')
    setNote(await fetchPrintFile(await request('adminExportCardBatch', { params: { batchId: b.id } })))
    await list.reload()
  })
  const tierList = (tiers.data?.tiers ?? []).map((t) => ({ code: t.code, name: t.name }))
  const tierName = (code: string | null) => (code ? (tierList.find((t) => t.code === code)?.name ?? null) : null)
  const batches = list.data?.batches ?? null

  return (
    <View className='page admin-page admin-cards'>
      <NewBatch
        tiers={tierList}
        onCreated={async (n) => {
          setNote(n)
          await list.reload()
        }}
      />
      <Done id='cards-note'>{note}</Done>
      <SideNote what='会员等级' error={tiers.error} />
      <View id='cards-list' className='card'>
        <View className='between'>
          <View className='section-title'>卡批次</View>
          <Button id='cards-reload' size='small' onClick={() => void list.reload()}>
            刷新
          </Button>
        </View>
        {(batches ?? []).map((b) => (
          <BatchRow key={b.id} b={b} tierName={tierName(b.tierCode)} busy={exporting.busy} onExport={() => void exporting.submit(b)} />
        ))}
        {batches && batches.length === 0 ? <Empty id='cards-empty'>暂无卡批次</Empty> : null}
        <ErrorNote id='cards-list-error' error={adminError(exporting.error) || adminError(list.error)} />
      </View>
    </View>
  )
}

/** For admins only: signed out, it asks to sign in and comes back; another role is told and shown the way back. */
export default function AdminCardsPage() {
  return (
    <RoleGate role='admin' title='会员卡批次'>
      <AdminCards />
    </RoleGate>
  )
}
