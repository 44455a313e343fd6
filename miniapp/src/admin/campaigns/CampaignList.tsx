import { useState } from 'react'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { request } from '../../api/client'
import { Empty, ErrorNote, useSubmit } from '../../kit'
import { Done, InputField } from '../../kit/fields'
import { adminError } from '../errors'
import { actorName, formatTime } from '../common'
import { wording } from '../../api/messages'
import { STATE_TEXT, scheduleText, type Campaign } from './form'

/**
 * A refused move is worded by its code even when it is a 403 (same_approver), which messageFor would
 * otherwise word as a missing permission.
 */
const ACTION_WORDS = { same_approver: wording('same_approver', 'staff') }

/** Why a run now did nothing (the API says it in English), as a marketer reads it. */
function skippedText(reason: string | null): string {
  if (reason === 'claimed by another run') return '另一次执行正在进行，请稍后刷新'
  if (reason === 'nothing to run') return '该活动已没有待发送的批次'
  if (reason === 'not due') return '还未到发送时间'
  if (reason?.startsWith('state ')) return '活动当前状态不能执行，请刷新'
  return '请刷新后再试'
}

type Action = 'submit' | 'approve' | 'reject' | 'cancel' | 'run'
const DONE_TEXT: Record<Exclude<Action, 'run'>, string> = { submit: '已提交审批', approve: '已批准', reject: '已驳回', cancel: '已取消' }

/**
 * The campaigns with their state; `showResults` reports its own failure (as `resultsError`).
 * Moves: submit, approve (by another admin), reject, cancel, run now.
 */
export function CampaignList(p: {
  /** The signed-in admin's id: she does not approve her own campaigns. */
  me: string | null
  /** The names of the message templates by id. */
  templateNames: Record<string, string>
  campaigns: Campaign[] | null; error: unknown; reload: () => Promise<unknown>; showResults: (id: string) => Promise<unknown>; resultsError: unknown }) {
  const [busy, setBusy] = useState<string | null>(null)
  const [done, setDone] = useState('')
  const [rejectReason, setRejectReason] = useState('')

  const act = useSubmit(async (c: Campaign, action: Action) => {
    setBusy(`${action}-${c.id}`)
    try {
      const params = { campaignId: c.id }
      if (action === 'submit') await request('adminSubmitCampaign', { params })
      if (action === 'approve') await request('adminApproveCampaign', { params })
      if (action === 'reject') await request('adminRejectCampaign', { params, body: { reason: rejectReason.trim() } })
      if (action === 'cancel') await request('adminCancelCampaign', { params })
      if (action === 'run') {
        const r = await request('adminRunCampaignNow', { params })
        setDone(r.run ? `已执行：目标 ${r.run.targeted} 人，发送 ${r.run.sent} 条，发券 ${r.run.couponsIssued} 张` : `未执行：${skippedText(r.skipped)}`)
        await p.showResults(c.id)
      } else setDone(`${c.definition.name}：${DONE_TEXT[action]}`)
      setRejectReason('')
      await p.reload()
    } finally {
      setBusy(null)
    }
  })

  function start(c: Campaign, action: Action) {
    if (busy) return
    setDone('')
    if (action === 'reject' && !rejectReason.trim()) return act.setError('请填写驳回原因')
    void act.submit(c, action)
  }

  const btn = (c: Campaign, action: Action, text: string, type: 'primary' | 'default' = 'default') => (
    <Button id={`cmp-${action}-${c.id}`} size='small' type={type} loading={busy === `${action}-${c.id}`} disabled={busy !== null} onClick={() => start(c, action)}>
      {text}
    </Button>
  )
  const list = p.campaigns ?? []

  return (
    <View id='cmp-list' className='card'>
      <View className='section-title'>营销活动</View>
      {list.map((c) => (
        <View key={c.id} id={`cmp-${c.id}`} className='list-row cmp-row' data-campaign-id={c.id} data-state={c.state}>
          <View className='cmp-head between'>
            <View className='row-name cmp-name'>{c.definition.name}</View>
            <View className={`cmp-state ${c.state}`} id={`cmp-state-${c.id}`}>
              {STATE_TEXT[c.state]}
            </View>
          </View>
          <View className='muted'>
            人群：{c.segmentName ?? '已删除的人群'} · 模板：{p.templateNames[c.definition.template.templateId] ?? '订阅消息'}
            {c.couponName ? ` · 券：${c.couponName}` : ''}
          </View>
          <View className='muted'>{scheduleText(c)}</View>
          <View className='muted'>
            创建：{actorName(c.createdBy, p.me)}
            {c.approvedBy ? ` · 审批：${actorName(c.approvedBy, p.me)}` : ''}
            {c.rejectedBy ? ` · 驳回：${actorName(c.rejectedBy, p.me)}（${c.rejectReason ?? ''}）` : ''}
            {c.nextRunAt ? ` · 下次：${formatTime(c.nextRunAt)}` : ''}
            {c.runs ? ` · 已执行 ${c.runs} 次` : ''}
          </View>
          <View className='choices cmp-actions'>
            {c.state === 'draft' ? btn(c, 'submit', '提交审批', 'primary') : null}
            {c.state === 'pending_approval' && c.createdBy !== p.me ? btn(c, 'approve', '批准', 'primary') : null}
            {c.state === 'pending_approval' && c.createdBy === p.me ? (
              <View id={`cmp-awaiting-${c.id}`} className='muted'>
                待另一位管理员审批
              </View>
            ) : null}
            {c.state === 'pending_approval' ? btn(c, 'reject', '驳回') : null}
            {c.state === 'approved' ? btn(c, 'run', '立即执行', 'primary') : null}
            {c.state === 'draft' || c.state === 'pending_approval' || c.state === 'approved' ? btn(c, 'cancel', '取消') : null}
            {c.runs > 0 ? (
              <Button id={`cmp-results-${c.id}`} size='small' onClick={() => void p.showResults(c.id)}>
                查看结果
              </Button>
            ) : null}
          </View>
        </View>
      ))}
      {p.campaigns && list.length === 0 ? <Empty id='cmp-empty' className='muted'>暂无活动</Empty> : null}
      {list.some((c) => c.state === 'pending_approval') ? (
        <InputField fieldClassName='field cmp-reject-field' label='驳回原因（驳回时填写）' id='cmp-reject-reason' maxlength={200} value={rejectReason} onChange={setRejectReason} />
      ) : null}
      <Done id='cmp-action-done'>{done}</Done>
      <ErrorNote id='cmp-action-error' error={adminError(act.error, {}, ACTION_WORDS) || adminError(p.resultsError)} />
      <ErrorNote id='cmp-list-error' error={adminError(p.error)} />
    </View>
  )
}
