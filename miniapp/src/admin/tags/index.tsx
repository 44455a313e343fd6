import { useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { RouteBody, RouteResponse } from '@shared/contract/routes'
import { request } from '../../api/client'
import { describeError, parseIntText, parseNumberText, splitList, yuanText } from '../common'
import '../common.scss'
import './index.scss'

type Catalogue = RouteResponse<'adminListTags'>['tags']
type Rule = RouteResponse<'adminListTagRules'>['rules'][number]
type Kind = Rule['kind']
type Rfm = RouteResponse<'adminGetRfmSettings'>

const KINDS: { kind: Kind; label: string; hint: string }[] = [
  { kind: 'skuNameContains', label: '商品名称/SKU 包含', hint: '如 蕾丝' },
  { kind: 'spend12mAtLeast', label: '近 12 个月消费满（元）', hint: '如 1500' },
  { kind: 'orders12mAtLeast', label: '近 12 个月订单数满', hint: '如 3' },
]

const FIELD_NAMES: Record<string, string> = { tag: '标签', text: '包含文字', fen: '金额', orders: '订单数' }

const rfmToText = (s: Rfm) => ({
  recency: s.recencyMonths.join(', '),
  frequency: s.frequencyOrders.join(', '),
  monetary: s.monetaryFen.map((f) => yuanText(f)).join(', '),
  lifecycle: [s.lifecycle.newDays, s.lifecycle.activeDays, s.lifecycle.silentDays, s.lifecycle.dormantDays].join(', '),
})

function ruleText(r: Pick<Rule, 'kind' | 'text' | 'fen' | 'orders' | 'tag'>): string {
  if (r.kind === 'skuNameContains') return `购买商品名称或 SKU 含「${r.text ?? ''}」→ ${r.tag}`
  if (r.kind === 'spend12mAtLeast') return `近 12 个月消费满 ¥${yuanText(r.fen ?? 0)} → ${r.tag}`
  return `近 12 个月订单数满 ${r.orders ?? 0} 笔 → ${r.tag}`
}

/** Tags (the catalogue clerks pick from) and tag rules evaluated on every order. */
export default function AdminTags() {
  const [tags, setTags] = useState<Catalogue | null>(null)
  const [rules, setRules] = useState<Rule[] | null>(null)
  const [rfm, setRfm] = useState<Rfm | null>(null)
  const [error, setError] = useState('')

  const [newTag, setNewTag] = useState('')
  const [tagPending, setTagPending] = useState(false)

  const [kind, setKind] = useState<Kind>('skuNameContains')
  const [value, setValue] = useState('')
  const [ruleTag, setRuleTag] = useState('')
  const [rulePending, setRulePending] = useState(false)
  const [ruleError, setRuleError] = useState('')
  const [ruleDone, setRuleDone] = useState('')
  const [rfmText, setRfmText] = useState({ recency: '', frequency: '', monetary: '', lifecycle: '' })
  const [rfmPending, setRfmPending] = useState(false)
  const [rfmError, setRfmError] = useState('')
  const [rfmDone, setRfmDone] = useState(false)

  async function load() {
    setError('')
    try {
      const [t, r, s] = await Promise.all([request('adminListTags'), request('adminListTagRules'), request('adminGetRfmSettings')])
      setTags(t.tags)
      setRules(r.rules)
      setRfm(s)
      setRfmText(rfmToText(s))
    } catch (e) {
      setError(describeError(e))
    }
  }

  useDidShow(() => {
    void load()
  })

  async function addTag() {
    const tag = newTag.trim()
    if (!tag || tagPending) return
    setTagPending(true)
    setError('')
    try {
      const t = await request('adminCreateTag', { body: { tag } })
      setTags(t.tags)
      setNewTag('')
    } catch (e) {
      setError(describeError(e, FIELD_NAMES))
    } finally {
      setTagPending(false)
    }
  }

  function ruleBody(): RouteBody<'adminCreateTagRule'> | string {
    const tag = ruleTag.trim()
    if (!tag) return '请填写标签'
    if (kind === 'skuNameContains') {
      if (!value.trim()) return '请填写商品名称包含的文字'
      return { kind, text: value.trim(), tag }
    }
    if (kind === 'spend12mAtLeast') {
      const yuan = parseNumberText(value)
      if (yuan === null || yuan <= 0) return '请填写金额（元）'
      return { kind, fen: Math.round(yuan * 100), tag }
    }
    const orders = parseIntText(value)
    if (orders === null || orders < 1) return '请填写订单数'
    return { kind, orders, tag }
  }

  async function createRule() {
    if (rulePending) return
    setRuleError('')
    setRuleDone('')
    const body = ruleBody()
    if (typeof body === 'string') {
      setRuleError(body)
      return
    }
    setRulePending(true)
    try {
      const r = await request('adminCreateTagRule', { body })
      setRuleDone(`已添加：${ruleText(r)}`)
      setValue('')
      setRuleTag('')
      await load()
    } catch (e) {
      setRuleError(describeError(e, FIELD_NAMES))
    } finally {
      setRulePending(false)
    }
  }

  async function toggle(r: Rule) {
    try {
      const input =
        r.kind === 'skuNameContains'
          ? { kind: r.kind, text: r.text ?? '', tag: r.tag, enabled: !r.enabled }
          : r.kind === 'spend12mAtLeast'
            ? { kind: r.kind, fen: r.fen ?? 1, tag: r.tag, enabled: !r.enabled }
            : { kind: r.kind, orders: r.orders ?? 1, tag: r.tag, enabled: !r.enabled }
      await request('adminUpdateTagRule', { params: { ruleId: r.id }, body: input })
      await load()
    } catch (e) {
      setError(describeError(e))
    }
  }

  async function remove(r: Rule) {
    try {
      await request('adminDeleteTagRule', { params: { ruleId: r.id } })
      await load()
    } catch (e) {
      setError(describeError(e))
    }
  }

  async function saveRfm() {
    if (rfmPending) return
    setRfmError('')
    setRfmDone(false)
    const nums = (text: string) => splitList(text).map((x) => parseNumberText(x))
    const r = nums(rfmText.recency)
    const f = nums(rfmText.frequency)
    const m = nums(rfmText.monetary)
    const l = nums(rfmText.lifecycle)
    if (r.length !== 4 || f.length !== 2 || m.length !== 3 || l.length !== 4 || [...r, ...f, ...m, ...l].some((x) => x === null)) {
      setRfmError('请按格式填写：R 4 个月数，F 2 个笔数，M 3 个金额，生命周期 4 个天数')
      return
    }
    setRfmPending(true)
    try {
      const s = await request('adminPutRfmSettings', {
        body: {
          recencyMonths: r.map(Number) as [number, number, number, number],
          frequencyOrders: f.map(Number) as [number, number],
          monetaryFen: m.map((x) => Math.round(x! * 100)) as [number, number, number],
          lifecycle: { newDays: l[0]!, activeDays: l[1]!, silentDays: l[2]!, dormantDays: l[3]! },
        },
      })
      setRfm(s)
      setRfmText(rfmToText(s))
      setRfmDone(true)
    } catch (e) {
      setRfmError(describeError(e))
    } finally {
      setRfmPending(false)
    }
  }

  const hint = KINDS.find((k) => k.kind === kind)!.hint

  return (
    <View className='page admin-page admin-tags'>
      {error ? (
        <View id='tags-error' className='error'>
          {error}
        </View>
      ) : null}
      <View className='card'>
        <View className='title'>标签</View>
        <View className='muted'>店员和管理员可手动给会员打标签；规则在每笔订单后自动打标签；也可在「会员分群」中批量打标签。</View>
        <View id='tag-list' style={{ marginTop: '16px' }}>
          {tags === null ? null : tags.length === 0 ? (
            <View id='tag-empty' className='muted'>
              暂无标签
            </View>
          ) : (
            tags.map((t) => (
              <Text key={t.tag} className='tag-chip' data-tag={t.tag}>
                {t.tag}
              </Text>
            ))
          )}
        </View>
        <View className='row'>
          <Input id='tag-new' className='input grow' maxlength={20} placeholder='新标签，如 敏感肌' value={newTag} onInput={(e) => setNewTag(e.detail.value)} onConfirm={() => void addTag()} />
          <Button id='tag-add' type='primary' loading={tagPending} onClick={() => void addTag()}>
            添加
          </Button>
        </View>
      </View>

      <View className='card'>
        <View className='section-title'>自动打标签规则</View>
        <View id='rule-list'>
          {rules === null ? null : rules.length === 0 ? (
            <View id='rule-empty' className='muted'>
              暂无规则
            </View>
          ) : (
            rules.map((r) => (
              <View key={r.id} className='list-row between rule-row' data-rule-id={r.id}>
                <View className={r.enabled ? 'rule-text' : 'rule-text rule-off'}>
                  {ruleText(r)}
                  {r.enabled ? '' : '（已停用）'}
                </View>
                <View className='rule-actions'>
                  <Button id={`rule-toggle-${r.id}`} size='small' onClick={() => void toggle(r)}>
                    {r.enabled ? '停用' : '启用'}
                  </Button>
                  <Button id={`rule-delete-${r.id}`} size='small' type='danger' fill='outline' onClick={() => void remove(r)}>
                    删除
                  </Button>
                </View>
              </View>
            ))
          )}
        </View>
      </View>

      <View id='rule-form' className='card'>
        <View className='section-title'>新增规则</View>
        <View className='choices'>
          {KINDS.map((k) => (
            <Button
              key={k.kind}
              id={`rule-kind-${k.kind}`}
              size='small'
              type={kind === k.kind ? 'primary' : 'default'}
              onClick={() => {
                setKind(k.kind)
                setValue('')
              }}
            >
              {k.label}
            </Button>
          ))}
        </View>
        <View className='field'>
          <Text className='label'>{KINDS.find((k) => k.kind === kind)!.label}</Text>
          <Input id='rule-value' className='input' placeholder={hint} value={value} onInput={(e) => setValue(e.detail.value)} />
        </View>
        <View className='field'>
          <Text className='label'>打上标签</Text>
          <Input id='rule-tag' className='input' maxlength={20} placeholder='如 蕾丝' value={ruleTag} onInput={(e) => setRuleTag(e.detail.value)} />
        </View>
        <Button id='rule-submit' type='primary' block loading={rulePending} onClick={() => void createRule()}>
          添加规则
        </Button>
        {ruleError ? (
          <View id='rule-error' className='error'>
            {ruleError}
          </View>
        ) : null}
        {ruleDone ? (
          <View id='rule-result' className='success'>
            {ruleDone}
          </View>
        ) : null}
      </View>

      {rfm ? (
        <View id='rfm-settings' className='card'>
          <View className='section-title'>RFM 与生命周期口径</View>
          <View className='muted'>
            R（最近消费）：{rfm.recencyMonths.map((m, i) => `${m} 个月内 ${5 - i} 分`).join('，')}，更早 1 分，从未消费 0 分
          </View>
          <View className='muted'>F（近 12 个月订单数）：1 笔 1 分，{rfm.frequencyOrders.map((n, i) => `${n} 笔及以上 ${i + 2} 分`).join('，')}</View>
          <View className='muted'>
            M（近 12 个月客单价）：¥{yuanText(rfm.monetaryFen[0])} 及以下 1 分，{rfm.monetaryFen.map((f, i) => `高于 ¥${yuanText(f)} ${i + 2} 分`).join('，')}
          </View>
          <View className='muted'>
            生命周期：首次消费 {rfm.lifecycle.newDays} 天内或未消费为新客；距上次消费 {rfm.lifecycle.activeDays} 天内活跃，{rfm.lifecycle.silentDays} 天内沉默，
            {rfm.lifecycle.dormantDays} 天内睡眠，更久为流失
          </View>
          <View className='field'>
            <Text className='label'>R：5/4/3/2 分的月数</Text>
            <Input id='rfm-recency' className='input' value={rfmText.recency} onInput={(e) => setRfmText((t) => ({ ...t, recency: e.detail.value }))} />
          </View>
          <View className='field'>
            <Text className='label'>F：2/3 分的订单数</Text>
            <Input id='rfm-frequency' className='input' value={rfmText.frequency} onInput={(e) => setRfmText((t) => ({ ...t, frequency: e.detail.value }))} />
          </View>
          <View className='field'>
            <Text className='label'>M：客单价分档（元）</Text>
            <Input id='rfm-monetary' className='input' value={rfmText.monetary} onInput={(e) => setRfmText((t) => ({ ...t, monetary: e.detail.value }))} />
          </View>
          <View className='field'>
            <Text className='label'>生命周期天数：新客、活跃、沉默、睡眠</Text>
            <Input id='rfm-lifecycle' className='input' value={rfmText.lifecycle} onInput={(e) => setRfmText((t) => ({ ...t, lifecycle: e.detail.value }))} />
          </View>
          <Button id='rfm-save' type='primary' block loading={rfmPending} onClick={() => void saveRfm()}>
            保存口径
          </Button>
          {rfmError ? (
            <View id='rfm-error' className='error'>
              {rfmError}
            </View>
          ) : null}
          {rfmDone ? (
            <View id='rfm-result' className='success'>
              已保存，分群与收银台将按新口径计算
            </View>
          ) : null}
        </View>
      ) : null}
    </View>
  )
}
