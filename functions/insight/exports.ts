/**
 * Report exports as CSV in S3 (issue 18): 'daily' (one row per day of the brand or a store) and 'stores'
 * (one row per store, the period's totals) are built here from the daily figures; the planning reports and
 * a campaign's results come from their capabilities as report tables. Written with tableCsv (BOM, CRLF,
 * formula-safe) and answered with a presigned download link (one hour).
 */
import type { ReportExport, ReportExportRequest } from '../../shared/contract/figures';
import { addDays } from '../../shared/domain/calendar';
import { BRAND_SCOPE, periodTotals } from '../../shared/domain/figures';
import { tableCsv, yuan, type ReportTable } from '../../shared/domain/report-table';
import { listStores } from '../adapters/dynamo/brand-repo';
import { presignDownload, putFile } from '../adapters/s3/files';
import { campaignReport } from '../campaigns/collaboration';
import { today } from '../core';
import { clock } from '../lib/clock';
import { fail } from '../lib/errors';
import type { Session } from '../lib/session';
import { planningReport } from '../planning/collaboration';
import { figuresOf, storeInScope } from './dashboard';

const rate = (sum: number, n: number) => (n > 0 ? (sum / n).toFixed(2) : '');

const DAILY_HEADER = [
  '日期', '新会员', '活跃会员', '会员订单', '消费金额（元）', '退货单', '退款金额（元）', '复购会员', '积分发放', '积分使用', '积分过期', '积分结余',
  '发券', '核销', '投诉新增', '投诉解决', '投诉超时', '评价数', '平均评分', '关怀发送', '未授权未发送', '储值充值（元）', '储值消费（元）', '储值退款（元）', '储值余额（元）', '升级', '降级',
];
type Figures = Omit<import('../../shared/contract/figures').DailyFigures, 'day'>;
const dailyCells = (f: Figures) => [
  f.newMembers, f.activeMembers, f.orders, yuan(f.spendFen), f.returns, yuan(f.refundFen), f.repeatPurchasers, f.pointsEarned, f.pointsSpent, f.pointsExpired, f.pointsOutstanding,
  f.couponsIssued, f.couponsRedeemed, f.complaintsOpened, f.complaintsResolved, f.complaintsOverdue, f.ratings, rate(f.ratingSum, f.ratings), f.careSent, f.careNoConsent,
  yuan(f.storedValueRechargedFen), yuan(f.storedValueSpentFen), yuan(f.storedValueRefundedFen), yuan(f.storedValueOutstandingFen), f.tierUps, f.tierDowns,
];

async function dailyReport(session: Session, days: number, storeId?: string): Promise<ReportTable> {
  const scope = storeId ? await storeInScope(session, storeId) : null;
  const f = await figuresOf(scope ? scope.storeId : BRAND_SCOPE, today(), days);
  return {
    title: `${scope ? `门店${scope.storeName ?? scope.storeId}-` : ''}经营日报-近${days}天`,
    header: DAILY_HEADER,
    rows: f.days.map((d) => [d.day, ...dailyCells(d)]),
  };
}

async function storesReport(days: number): Promise<ReportTable> {
  const to = today();
  const from = addDays(to, -(days - 1));
  const stores = await listStores();
  const rows = await Promise.all(
    stores.map(async (s) => {
      const f = await figuresOf(s.storeId, to, days);
      const t = periodTotals(f.days);
      return [s.storeId, s.name, f.members, t.newMembers, t.activeMembers, t.orders, yuan(t.spendFen), t.returns, yuan(t.refundFen), t.repeatPurchasers, t.pointsEarned, t.pointsSpent, t.couponsRedeemed, t.complaintsOpened, t.complaintsResolved, t.complaintsOverdue, t.ratings, rate(t.ratingSum, t.ratings), yuan(t.storedValueSpentFen)];
    }),
  );
  return {
    title: `门店汇总-${from}至${to}`,
    header: ['门店编号', '门店', '注册会员', '新会员', '活跃会员（人次）', '会员订单', '消费金额（元）', '退货单', '退款金额（元）', '复购会员（人次）', '积分发放', '积分使用', '核销', '投诉新增', '投诉解决', '投诉超时', '评价数', '平均评分', '储值消费（元）'],
    rows,
  };
}

async function tableOf(session: Session, req: ReportExportRequest): Promise<ReportTable> {
  const days = req.days ?? 30;
  switch (req.report) {
    case 'daily':
      return dailyReport(session, days, req.storeId);
    case 'stores':
      return storesReport(days);
    case 'campaign':
      if (!req.campaignId) throw fail('invalid_input', 'invalid body: campaignId', [{ path: 'campaignId', message: 'required for a campaign report' }]);
      return campaignReport(req.campaignId);
    default:
      return planningReport(req.report, { shares: req.shares });
  }
}

const safeName = (s: string) => s.replace(/[\\/:*?"<>|\s]+/g, '_');

export async function exportReport(session: Session, req: ReportExportRequest): Promise<ReportExport> {
  const table = await tableOf(session, req);
  const now = clock.now();
  const fileName = `${safeName(table.title)}-${today(now)}.csv`;
  const key = `exports/reports/${req.report}/${now.getTime()}-${Math.random().toString(36).slice(2, 8)}.csv`;
  await putFile(key, tableCsv(table), 'text/csv; charset=utf-8');
  return { report: req.report, fileName, downloadUrl: await presignDownload(key, 3600, fileName), rows: table.rows.length };
}
