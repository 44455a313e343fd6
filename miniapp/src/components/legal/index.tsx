/** A plain-text agreement page (会员服务协议, 隐私政策): numbered sections, short paragraphs. */
import { Text, View } from '@tarojs/components'
import './legal.scss'

export interface LegalSection {
  title: string
  paragraphs: string[]
}

export function LegalText(p: { id: string; title: string; updated: string; intro: string; sections: LegalSection[] }) {
  return (
    <View className='page legal'>
      <View id={p.id} className='card legal-card'>
        <View className='title'>{p.title}</View>
        <View className='muted'>更新日期：{p.updated}</View>
        <View className='legal-intro'>{p.intro}</View>
        {p.sections.map((s, i) => (
          <View key={s.title} className='legal-section'>
            <Text className='legal-heading'>
              {i + 1}. {s.title}
            </Text>
            {s.paragraphs.map((t) => (
              <View key={t} className='legal-paragraph'>
                {t}
              </View>
            ))}
          </View>
        ))}
      </View>
    </View>
  )
}
