import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { ChoiceChips, MultiChoiceChips } from '../../kit'
import { Field, TextInput } from '../../kit/fields'
import { FieldNote } from '../errors'
import { StoreMultiChips } from '../../components/store/names'
import { EMPTY, SCORES, SCORE_LABEL, STAGES, type Draft, type Tier } from './draft'

const MONTHS = Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: `${i + 1}月` }))

/** Two inputs for a range, "from 至 to". */
function Range({ label, ids, keys, values, placeholders, type, maxlength, error, onChange }: {
  label: string
  keys: [RangeKey, RangeKey]
  error: unknown
  ids: [string, string]
  values: [string, string]
  placeholders: [string, string]
  type?: 'number'
  maxlength?: number
  onChange: (i: 0 | 1, value: string) => void
}) {
  return (
    <Field label={label}>
      <View className='range'>
        <TextInput id={ids[0]} type={type} maxlength={maxlength} placeholder={placeholders[0]} value={values[0]} onChange={(v) => onChange(0, v)} />
        <Text className='range-sep'>至</Text>
        <TextInput id={ids[1]} type={type} maxlength={maxlength} placeholder={placeholders[1]} value={values[1]} onChange={(v) => onChange(1, v)} />
      </View>
      <FieldNote id={`${ids[0]}-error`} error={error} path={`filter.${keys[0]}`} />
      <FieldNote id={`${ids[1]}-error`} error={error} path={`filter.${keys[1]}`} />
    </Field>
  )
}

type RangeKey = 'registeredFrom' | 'registeredTo' | 'lastPurchaseFrom' | 'lastPurchaseTo' | 'pointsMin' | 'pointsMax'
const DAY: [string, string] = ['如 2026-01-01', '如 2026-12-31']
const RANGES: { label: string; ids: [string, string]; keys: [RangeKey, RangeKey]; placeholders: [string, string]; type?: 'number'; maxlength?: number }[] = [
  { label: '注册日期', ids: ['seg-reg-from', 'seg-reg-to'], keys: ['registeredFrom', 'registeredTo'], placeholders: DAY, maxlength: 10 },
  { label: '最近消费日期', ids: ['seg-last-from', 'seg-last-to'], keys: ['lastPurchaseFrom', 'lastPurchaseTo'], placeholders: DAY, maxlength: 10 },
  { label: '积分余额', ids: ['seg-points-min', 'seg-points-max'], keys: ['pointsMin', 'pointsMax'], placeholders: ['最少', '最多'], type: 'number' },
]

/** The criteria (what is wrong shown at its field): tiers, tags (any or all), lifecycle, R/F/M scores, birthday month, stores, dates, points. */
export function Builder({ draft, edit, tiers, tags, facts, error }: { draft: Draft; edit: (patch: Partial<Draft>) => void; tiers: Tier[]; tags: string[]; facts: { key: string; values: string[] }[]; error: unknown }) {
  return (
    <View id='segment-builder' className='card'>
      <View className='section-title'>等级</View>
      <MultiChoiceChips id='seg-tiers' idPrefix='seg-tier' options={tiers.map((t) => ({ value: t.code, label: t.name }))} values={draft.tiers} onChange={(v) => edit({ tiers: v })} />

      <View className='section-title'>
        标签
        <Button id='seg-tags-mode' size='small' className='mode' onClick={() => edit({ tagsMode: draft.tagsMode === 'any' ? 'all' : 'any' })}>
          {draft.tagsMode === 'any' ? '含任一' : '含全部'}
        </Button>
      </View>
      {tags.length === 0 ? <View className='muted'>暂无标签</View> : null}
      <MultiChoiceChips id='seg-tags' idPrefix='seg-tag' options={tags.map((t, i) => ({ value: t, label: t, id: `seg-tag-${i}` }))} values={draft.tags} onChange={(v) => edit({ tags: v })} />

      {facts.length ? <View className='section-title'>问卷资料</View> : null}
      {facts.map((f, i) => (
        <Field key={f.key} label={f.key}>
          <MultiChoiceChips
            id={`seg-fact-${i}`}
            idPrefix={`seg-fact-${i}`}
            options={f.values.map((v, j) => ({ value: v, label: v, id: `seg-fact-${i}-${j}` }))}
            values={draft.facts[f.key] ?? []}
            onChange={(v) => edit({ facts: { ...draft.facts, [f.key]: v } })}
          />
        </Field>
      ))}

      <View className='section-title'>生命周期</View>
      <MultiChoiceChips id='seg-stages' idPrefix='seg-stage' options={STAGES} values={draft.lifecycle} onChange={(lifecycle) => edit({ lifecycle })} />

      {(['r', 'f', 'm'] as const).map((k) => (
        <View key={k}>
          <View className='section-title'>{SCORE_LABEL[k]}</View>
          <MultiChoiceChips
            id={`seg-${k}`}
            idPrefix={`seg-${k}`}
            options={SCORES[k].map((n) => ({ value: String(n), label: `${n} 分` }))}
            values={draft[k].map(String)}
            onChange={(v) => edit({ [k]: v.map(Number) } as Partial<Draft>)}
          />
        </View>
      ))}

      <View className='section-title'>生日月份</View>
      <ChoiceChips
        id='seg-birthday'
        idPrefix='seg-birthday'
        options={MONTHS}
        value={draft.birthdayMonth ? String(draft.birthdayMonth) : null}
        onChange={(mo) => edit({ birthdayMonth: draft.birthdayMonth === Number(mo) ? null : Number(mo) })}
      />

      <Field label='门店（最近消费或注册门店，可多选）'>
        <StoreMultiChips id='seg-stores' values={draft.stores} onChange={(stores) => edit({ stores })} />
        <FieldNote id='seg-stores-error' error={error} path='filter.storeIds' />
      </Field>
      {RANGES.map((r) => (
        <Range key={r.label} {...r} error={error} values={[draft[r.keys[0]], draft[r.keys[1]]]} onChange={(i, v) => edit({ [r.keys[i]]: v })} />
      ))}
      <Button id='seg-reset' size='small' onClick={() => edit(EMPTY)}>
        清空条件
      </Button>
    </View>
  )
}
