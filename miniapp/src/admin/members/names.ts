/** Chinese names of the member tools' request fields, for refused input. */
export const FIELD_NAMES: Record<string, string> = {
  phone: '手机号',
  points: '积分',
  reason: '原因',
  adjustmentId: '调整编号',
  tierCode: '等级',
  until: '截止日期',
}
