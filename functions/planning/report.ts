/**
 * The planning reports as tables (issue 18, part C) for the CSV export (functions/insight/exports.ts):
 * tiers, lifecycle, rfm, pyramid and repurchase from the newest snapshot / the counters, planner from
 * the shares asked for. Headers in Chinese, money in yuan.
 */
import { ladder } from '../../shared/domain';
import { yuan, type ReportTable } from '../../shared/domain/report-table';
import { LIFECYCLE_LABELS, LIFECYCLE_STAGES } from '../../shared/domain/rfm';
import { brandOrFail } from '../core';
import { latestSnapshot, planTiers, repurchaseReport } from './planning';

export type PlanningReportKind = 'tiers' | 'lifecycle' | 'rfm' | 'pyramid' | 'planner' | 'repurchase';

const BAND_LABELS: Record<string, string> = { top10: '前10%', next20: '次20%', next30: '再30%', bottom40: '后40%' };
const pct = (n: number, of: number) => (of ? ((n * 100) / of).toFixed(1) : '0.0');

export async function planningReport(kind: PlanningReportKind, opts: { shares?: number[] }): Promise<ReportTable> {
  if (kind === 'planner') {
    const p = await planTiers({ shares: opts.shares && opts.shares.length >= 2 ? opts.shares : [70, 20, 10] });
    return {
      title: `等级门槛规划-${p.basedOn}`,
      header: ['等级', '目标占比(%)', '建议门槛(元)', '现行门槛(元)', '会员数', '实际占比(%)'],
      rows: [
        ...p.tiers.map((t, i) => [t.name ?? `第${i + 1}级`, t.targetShare, yuan(t.thresholdFen), t.currentThresholdFen === null ? null : yuan(t.currentThresholdFen), t.members, t.share]),
        ['升级人数', null, null, null, p.movesUp, null],
        ['降级人数', null, null, null, p.movesDown, null],
        ['不变人数', null, null, null, p.unchanged, null],
      ],
    };
  }
  if (kind === 'repurchase') {
    const r = await repurchaseReport();
    return {
      title: '复购周期',
      header: ['类型', '编码', '名称', '复购次数', '复购周期中位数(天)', '消耗品'],
      rows: r.cycles.map((c) => [c.kind === 'sku' ? '商品' : '品类', c.key, c.name, c.intervals, c.medianDays, c.consumable ? '是' : '否']),
    };
  }
  const { snapshot: s } = await latestSnapshot();
  const day = s?.day ?? '';
  if (kind === 'tiers') {
    const brand = await brandOrFail();
    const known = ladder(brand.tiers);
    const codes = [...known.map((t) => t.code), ...Object.keys(s?.tiers ?? {}).filter((c) => !known.some((t) => t.code === c))];
    const names = new Map(known.map((t) => [t.code, t.name]));
    const rows: ReportTable['rows'] = codes.map((c) => [names.get(c) ?? c, s?.tiers[c] ?? 0, pct(s?.tiers[c] ?? 0, s?.members ?? 0)]);
    for (const m of s?.tierMoves ?? []) rows.push([`${m.month} 升级/降级`, m.ups, m.downs]);
    return { title: `等级分布-${day}`, header: ['等级', '会员数', '占比(%)'], rows };
  }
  if (kind === 'lifecycle') {
    return {
      title: `生命周期-${day}`,
      header: ['阶段', '会员数', '占比(%)'],
      rows: LIFECYCLE_STAGES.map((st) => [LIFECYCLE_LABELS[st], s?.lifecycle[st] ?? 0, pct(s?.lifecycle[st] ?? 0, s?.members ?? 0)]),
    };
  }
  if (kind === 'rfm') {
    const rows: ReportTable['rows'] = [];
    const rf = s?.rf ?? [];
    const rm = s?.rm ?? [];
    for (let r = rf.length; r >= 1; r--) {
      rows.push([`R=${r}`, ...(rf[r - 1] ?? []), null, ...(rm[r - 1] ?? [])]);
    }
    const fCols = rf[0]?.length ?? 3;
    const mCols = rm[0]?.length ?? 4;
    return {
      title: `RFM分布-${day}`,
      header: ['最近消费', ...Array.from({ length: fCols }, (_, i) => `频次F=${i + 1}`), '', ...Array.from({ length: mCols }, (_, i) => `客单M=${i + 1}`)],
      rows,
    };
  }
  // pyramid
  return {
    title: `贡献金字塔-${day}`,
    header: ['分层', '会员数', '近12个月消费(元)', '消费占比(%)', '订单数', '人均年订单', '客单价(元)', '最低消费(元)'],
    rows: (s?.pyramid ?? []).map((b) => [BAND_LABELS[b.band] ?? b.band, b.members, yuan(b.spendFen), b.spendShare, b.orders, b.ordersPerMember, yuan(b.averageOrderFen), yuan(b.minSpendFen)]),
  };
}
