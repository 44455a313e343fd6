/** The words of the import page: fields, states, encodings. */
export const FIELDS = [
  ['phone', '手机号（必填）'],
  ['name', '姓名'],
  ['gender', '性别'],
  ['birthday', '生日'],
  ['store', '门店'],
  ['tier', '等级'],
  ['points', '积分余额'],
  ['cardNo', '卡号'],
] as const

export type Field = (typeof FIELDS)[number][0]
export type Mapping = Partial<Record<Field, number>>

export const STATE_LABELS: Record<string, string> = {
  uploading: '待上传',
  ready: '待开始',
  running: '导入中',
  done: '已完成',
  failed: '未完成',
}

export const ENCODING_LABELS: Record<string, string> = {
  'utf-8-bom': '文本文件（统一码，带标记）',
  'utf-8': '文本文件（统一码）',
  gbk: '文本文件（国标码，中文版表格软件默认）',
  xlsx: '电子表格文件',
}

export function formatOf(fileName: string): 'csv' | 'xlsx' | null {
  const m = /\.([A-Za-z]+)$/.exec(fileName)
  const ext = m?.[1]?.toLowerCase()
  return ext === 'csv' || ext === 'txt' ? 'csv' : ext === 'xlsx' ? 'xlsx' : null
}
