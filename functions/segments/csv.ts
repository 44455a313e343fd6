/**
 * A segment's CSV export: one row per member, in the words and the time of the brand's marketers
 * (tier names, lifecycle in Chinese, instants in Beijing time). Pure: the use case reads, this writes.
 */
import type { MemberInsight } from '../../shared/contract/segments';
import { localDateTime, maskPhone } from '../../shared/domain';
import { LIFECYCLE_LABELS } from '../../shared/domain/rfm';

export const SEGMENT_CSV_HEADER = ['会员ID', '手机号', '姓名', '等级', '标签', '生命周期', 'R', 'F', 'M', '近12个月订单数', '近12个月消费(元)', '最近消费', '积分', '注册门店', '最近消费门店', '问卷资料'];

/** What a row needs of a member: her profile facts and her insight of the day. */
export interface ExportedMember {
  memberId: string;
  phone: string;
  name: string | null;
  tierCode: string;
  tags: string[];
  lastPurchaseAt?: string | null;
  pointsBalance?: number | null;
  registrationStoreId?: string | null;
  lastStoreId?: string | null;
  /** Profile facts from questionnaires (issue 19), printed as 肤质:干性|口味:甜. */
  surveyFacts?: Record<string, string>;
}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) || /^[=+\-@]/.test(s) ? `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"` : s;
};

/**
 * The CSV text (CRLF lines, a header first): phones masked unless `phonesVisible`, tiers by name,
 * 最近消费 as "YYYY-MM-DD HH:mm" in Beijing time.
 */
export function segmentCsv(
  members: { member: ExportedMember; insight: Pick<MemberInsight, 'lifecycle' | 'rfm' | 'orders12m' | 'spend12mFen'> }[],
  opts: { phonesVisible: boolean; tierName: (code: string) => string },
): string {
  const rows = members.map(({ member: p, insight: i }) => [
    p.memberId,
    opts.phonesVisible ? p.phone : maskPhone(p.phone),
    p.name ?? '',
    opts.tierName(p.tierCode),
    p.tags.join('|'),
    LIFECYCLE_LABELS[i.lifecycle],
    i.rfm.r,
    i.rfm.f,
    i.rfm.m,
    i.orders12m,
    (i.spend12mFen / 100).toFixed(2),
    p.lastPurchaseAt ? localDateTime(p.lastPurchaseAt) : '',
    p.pointsBalance ?? 0,
    p.registrationStoreId ?? '',
    p.lastStoreId ?? '',
    Object.entries(p.surveyFacts ?? {})
      .map(([k, v]) => `${k}:${v}`)
      .join('|'),
  ]);
  return [SEGMENT_CSV_HEADER, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
