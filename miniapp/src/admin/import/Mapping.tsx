import { Text, View } from '@tarojs/components'
import { ChoiceChips } from '../../kit'
import { FIELDS, type Field, type Mapping } from './labels'

/** Which column is which (proposed from the header; the admin corrects it), and the first rows as a table. */
export function MappingCard(p: { header: string[]; rows: string[][]; mapping: Mapping; onChange: (m: Mapping) => void }) {
  const options = [{ value: 'none', label: '不导入' }, ...p.header.map((h, i) => ({ value: String(i), label: `第 ${i + 1} 列 ${h}` }))]
  const set = (f: Field, v: string) => {
    const next = { ...p.mapping }
    if (v === 'none') delete next[f]
    else next[f] = Number(v)
    p.onChange(next)
  }
  return (
    <View id='import-mapping' className='card'>
      <View className='section-title'>对应列</View>
      <View className='muted'>已按表头自动对应，请核对；手机号必须对应。</View>
      {FIELDS.map(([f, label]) => (
        <View key={f} className='list-row'>
          <View className='field-label'>{label}</View>
          <ChoiceChips idPrefix={`import-map-${f}`} className='choices' look='button' options={options} value={p.mapping[f] === undefined ? 'none' : String(p.mapping[f])} onChange={(v) => set(f, v)} />
        </View>
      ))}
      <View className='section-title preview-title'>前 {p.rows.length} 行预览</View>
      <View id='import-preview' className='preview-table'>
        <View className='preview-row preview-head'>
          {p.header.map((h, i) => (
            <Text key={i} className='preview-cell'>
              {h}
            </Text>
          ))}
        </View>
        {p.rows.map((r, ri) => (
          <View key={ri} className='preview-row'>
            {p.header.map((_, i) => (
              <Text key={i} className='preview-cell'>
                {r[i] ?? ''}
              </Text>
            ))}
          </View>
        ))}
      </View>
    </View>
  )
}
