/**
 * A campaign's results as a report table (issue 18): treated against control, the uplift, the coupons'
 * cost and the ROI, as the Results view shows them; functions/insight/exports.ts writes it as CSV.
 */
import type { HoldoutComparison } from '../../shared/contract/campaigns';
import { yuan, type ReportTable } from '../../shared/domain/report-table';
import { localDate } from '../../shared/domain/time';
import { getCampaign } from '../adapters/dynamo/campaign-repo';
import { fail } from '../lib/errors';
import { campaignResults } from './campaigns';

const percent = (rate: number | null) => (rate === null ? null : `${(rate * 100).toFixed(1)}%`);
const money = (fen: number | null) => (fen === null ? null : yuan(fen));

/** The comparison as rows of 指标 / 实验组 / 对照组 / 差异 (pure; money in yuan, rates in percent). */
export function comparisonTable(name: string, c: HoldoutComparison | null): ReportTable {
  const header = ['指标', '实验组（收到活动）', '对照组（未收到）', '差异'];
  const title = `活动效果-${name}`;
  if (!c) return { title, header, rows: [] };
  const t = c.treated;
  const k = c.control;
  const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);
  const rows: ReportTable['rows'] = [
    ['人数', t.members, k.members, null],
    [`购买人数（${c.windowDays}天内）`, t.purchasers, k.purchasers, null],
    ['购买率', percent(t.purchaseRate), percent(k.purchaseRate), c.uplift.ratePoints === null ? null : `${c.uplift.ratePoints.toFixed(2)}个百分点`],
    ['购买率相对提升', null, null, percent(c.uplift.rateRelative)],
    ['订单数', t.orders, k.orders, null],
    ['消费金额（元）', yuan(t.spendFen), yuan(k.spendFen), null],
    ['人均消费（元）', money(t.spendPerMemberFen), money(k.spendPerMemberFen), money(c.uplift.spendPerMemberFen ?? diff(t.spendPerMemberFen, k.spendPerMemberFen))],
    ['核销券数', t.couponsRedeemed, null, null],
    ['增量销售额（元）', null, null, money(c.incrementalSpendFen)],
    ['券成本（元）', null, null, yuan(c.couponCostFen)],
    ['投资回报率', null, null, percent(c.roi)],
    ['对照组比例', null, null, `${c.holdoutPercent}%`],
    ['观察期', null, null, c.complete ? `已结束（${c.windowDays}天）` : `进行中（${c.windowDays}天，至${localDate(new Date(c.windowEndsAt))}）`],
  ];
  return { title, header, rows };
}

/** A campaign's results as a report table (the CSV export); 404 campaign_not_found for an unknown id. */
export async function campaignReport(campaignId: string): Promise<ReportTable> {
  const c = await getCampaign(campaignId);
  if (!c) throw fail('campaign_not_found', 'no such campaign');
  const results = await campaignResults(campaignId);
  return comparisonTable(c.definition.name, results.comparison);
}
