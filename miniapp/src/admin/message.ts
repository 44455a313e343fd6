/** WeChat subscription-message data keys as marketers read them (the care and campaign editors share it). Pure. */

/** The kind of a WeChat data key (thing1, date3, character_string1…) as a marketer reads it, with its limit. */
const KEY_KINDS: [RegExp, string][] = [
  [/^thing/, '文字（最多 20 字）'], [/^date/, '日期'], [/^time/, '时间'], [/^number/, '数字'], [/^amount/, '金额'],
  [/^character_string/, '编号'], [/^phrase/, '状态（最多 5 字）'], [/^name/, '姓名'],
]

/** "第 1 项 · 文字（最多 20 字）" for thing1: the field's place and what WeChat lets it hold. */
export function fieldKeyLabel(key: string, i: number): string {
  return `第 ${i + 1} 项 · ${KEY_KINDS.find(([re]) => re.test(key))?.[1] ?? '内容'}`
}

/**
 * Placeholders in a message as marketers read and type them: 【会员姓名】 on screen, {name} in the API.
 * `words` maps each API key to its word and the sample the live preview shows. Care and campaigns share it.
 */
export function messageTokens<K extends string>(words: Readonly<Record<K, readonly [word: string, sample: string]>>) {
  const entries = Object.entries(words) as [K, readonly [string, string]][]
  const keyOf = (word: string) => entries.find(([, [w]]) => w === word)?.[0]
  return {
    /** {name} → 【会员姓名】 (unknown keys stay as they are). */
    toDisplay: (text: string) => text.replace(/\{(\w+)\}/g, (all, k: string) => (words[k as K] ? `【${words[k as K][0]}】` : all)),
    /** 【会员姓名】 → {name} (an unknown 【…】 stays as typed). */
    toApi: (text: string) => text.replace(/【([^】]+)】/g, (all, w: string) => (keyOf(w) ? `{${keyOf(w)}}` : all)),
    /** The first 【…】 that is no known placeholder, if any. */
    unknownIn: (text: string) => [...text.matchAll(/【([^】]+)】/g)].find((m) => !keyOf(m[1]!))?.[0] ?? null,
    /** Each known 【…】 replaced by its sample (or the given one): the live preview. */
    preview: (text: string, samples: Partial<Record<K, string>> = {}) =>
      text.replace(/【([^】]+)】/g, (all, w: string) => {
        const k = keyOf(w)
        return k ? (samples[k] ?? words[k][1]) : all
      }),
  }
}
