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
