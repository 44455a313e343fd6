/** An agreement page (会员服务协议, 隐私政策): the version in force, from the API, in numbered sections. */
import { Text, View } from '@tarojs/components'
import type { PolicyKind } from '@shared/contract'
import { LoadGate, useResource } from '../../kit'
import './legal.scss'

export interface LegalSection {
  title: string
  paragraphs: string[]
}

export function LegalText(p: { id: string; title: string; updated: string; version?: number; intro: string; sections: LegalSection[] }) {
  return (
    <View className='page legal'>
      <View id={p.id} className='card legal-card'>
        <View className='title'>{p.title}</View>
        <View className='muted'>
          {p.version ? `第 ${p.version} 版，` : ''}生效日期：{p.updated}
        </View>
        {p.intro ? <View className='legal-intro'>{p.intro}</View> : null}
        {p.sections.map((s, i) => (
          <View key={`${i}-${s.title}`} className='legal-section'>
            <Text className='legal-heading'>
              {i + 1}. {s.title}
            </Text>
            {s.paragraphs.map((t, j) => (
              <View key={j} className='legal-paragraph'>
                {t}
              </View>
            ))}
          </View>
        ))}
      </View>
    </View>
  )
}

/** The version of `kind` in force today (GET /policies/{kind}, public: readable before signing in). */
export function CurrentPolicy({ kind, id }: { kind: PolicyKind; id: string }) {
  const policy = useResource('currentPolicy', { params: { kind }, reloadOnShow: false })
  const p = policy.data
  if (!p) return <LoadGate error={policy.error} errorId={`${id}-error`} />
  return <LegalText id={id} title={p.title} updated={p.effectiveFrom} version={p.version} intro={p.intro} sections={p.sections} />
}
