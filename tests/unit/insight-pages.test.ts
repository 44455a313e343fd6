/**
 * The pure parts of the insight pages (issue 18): chart data -> uCharts options (miniapp/src/kit/charts),
 * the KPI tiles and trends from a Dashboard, and the snapshot's slices, heat tables and pyramid rows.
 */
import { axisMax, chartIsEmpty, chartOptions, dayLabel, valueText, type ChartData } from '../../miniapp/src/kit/charts/options';
import { changeText, tiles, trendCharts, TILES } from '../../miniapp/src/components/insight/figures';
import { heatTable, lifecycleSlices, pyramidRows, tierMovesChart, tierSlices } from '../../miniapp/src/admin/insight/snapshot';
import { zeroDay } from '../../functions/insight/dashboard';
import type { PeriodTotals } from '../../shared/contract/figures';

const size = { width: 350, height: 200, pixelRatio: 2 };

describe('chart options', () => {
  test('a line chart: device-pixel size, the pixel ratio, categories and series as given, no animation', () => {
    const data: ChartData = { kind: 'line', categories: ['12-01', '12-02'], series: [{ name: '订单', data: [3, 5] }] };
    const o = chartOptions(data, size);
    expect(o).toMatchObject({ type: 'line', width: 700, height: 400, pixelRatio: 2, animation: false, categories: ['12-01', '12-02'] });
    expect(o.series).toEqual([{ name: '订单', data: [3, 5] }]);
    // One series: no legend; few points: their shapes and (for columns) values shown.
    expect((o.legend as { show: boolean }).show).toBe(false);
    expect(o.dataPointShape).toBe(true);
  });

  test('money is given in fen and drawn in yuan, the axis reads ¥ with thousands', () => {
    const o = chartOptions({ kind: 'column', categories: ['a'], unit: 'fen', series: [{ name: '消费', data: [1_234_567] }] }, size);
    expect((o.series as { data: number[] }[])[0]!.data).toEqual([12_345.67]);
    const axis = (o.yAxis as { data: { min: number; formatter: (v: number) => string }[] }).data[0]!;
    expect(axis.min).toBe(0);
    expect(axis.formatter(12_000)).toBe('¥12,000');
    expect(o.dataLabel).toBe(true);
    const label = (o.series as { formatter: (v: number) => string }[])[0]!.formatter;
    expect(label(12_345.67)).toBe('¥12,346');
    expect(label(0)).toBe('');
  });

  test('90 days: six labels on the x axis, no point shapes, no value labels; two series get a legend', () => {
    const categories = Array.from({ length: 90 }, (_, i) => `d${i}`);
    const o = chartOptions({ kind: 'line', categories, series: [{ name: '甲', data: categories.map(() => 1) }, { name: '乙', data: categories.map(() => 2) }] }, size);
    expect((o.xAxis as { labelCount: number }).labelCount).toBe(6);
    expect(o.dataPointShape).toBe(false);
    expect(o.dataLabel).toBe(false);
    expect((o.legend as { show: boolean }).show).toBe(true);
  });

  test('a ring: slices named with their value, the total in the centre, negative values drawn as 0', () => {
    const o = chartOptions({ kind: 'ring', slices: [{ name: '普通会员', value: 1200 }, { name: '金卡', value: 34 }, { name: '错', value: -1 }], centre: '会员' }, { ...size, pixelRatio: 0 });
    expect(o.pixelRatio).toBe(1);
    expect(o.title).toMatchObject({ name: '1,234' });
    expect(o.subtitle).toMatchObject({ name: '会员' });
    expect((o.series as { data: { name: string; value: number }[] }[])[0]!.data).toEqual([
      { name: '普通会员 1,200', value: 1200 },
      { name: '金卡 34', value: 34 },
      { name: '错 -1', value: 0 },
    ]);
  });

  test('empty when there is nothing to draw', () => {
    expect(chartIsEmpty({ kind: 'line', categories: [], series: [] })).toBe(true);
    expect(chartIsEmpty({ kind: 'line', categories: ['a'], series: [{ name: 'x', data: [0] }] })).toBe(true);
    expect(chartIsEmpty({ kind: 'line', categories: ['a'], series: [{ name: 'x', data: [1] }] })).toBe(false);
    expect(chartIsEmpty({ kind: 'ring', slices: [{ name: 'a', value: 0 }] })).toBe(true);
    expect(chartIsEmpty({ kind: 'ring', slices: [{ name: 'a', value: 2 }] })).toBe(false);
  });

  test('the value axis ends on a round top: four whole-number steps', () => {
    expect([0, 3, 4, 7, 55, 100, 1234, 12_345.67].map(axisMax)).toEqual([4, 4, 4, 8, 60, 100, 1600, 16_000]);
    for (let max = 1; max < 5000; max += 7) {
      const top = axisMax(max);
      expect(top).toBeGreaterThanOrEqual(max);
      expect(Number.isInteger(top / 4)).toBe(true);
      expect(top).toBeLessThanOrEqual(Math.max(4, max * 1.6));
    }
    const o = chartOptions({ kind: 'column', categories: ['9月'], series: [{ name: '升级', data: [55] }] }, size);
    expect((o.yAxis as { data: { max: number }[] }).data[0]!.max).toBe(60);
  });

  test('value and day labels', () => {
    expect(valueText(1234567)).toBe('1,234,567');
    expect(valueText(2.5)).toBe('2.5');
    expect(valueText(150_000, 'fen')).toBe('¥1,500');
    expect(dayLabel('2026-12-01')).toBe('12-01');
  });
});

function totals(patch: Partial<PeriodTotals>): PeriodTotals {
  const { day: _day, ...z } = zeroDay('2026-11-01');
  return { ...z, from: '2026-11-01', to: '2026-11-30', ...patch };
}

describe('KPI tiles', () => {
  test('each figure with its change against the previous period', () => {
    const t = tiles({
      totals: totals({ newMembers: 120, spendFen: 1_234_500, orders: 50, complaintsOpened: 3, storedValueOutstandingFen: 0 }),
      previous: totals({ newMembers: 100, spendFen: 1_500_000, orders: 0, complaintsOpened: 2 }),
    });
    expect(t.map((x) => x.key)).toEqual(TILES.map((x) => x.key));
    const by = Object.fromEntries(t.map((x) => [x.key, x]));
    expect(by.newMembers).toMatchObject({ text: '120', change: '较上期 +20.0%', trend: 'up', good: true });
    expect(by.spendFen).toMatchObject({ text: '¥12,345.00', change: '较上期 -17.7%', trend: 'down', good: false });
    expect(by.orders).toMatchObject({ change: '上期为 0', trend: 'up' });
    expect(by.complaintsOpened).toMatchObject({ trend: 'up', good: false });
    expect(by.storedValueOutstandingFen).toMatchObject({ text: '¥0.00', change: '与上期持平', trend: 'flat', good: null });
  });

  test('active members: the daily average over the period (a sum would count a member once per day)', () => {
    const t = tiles({ totals: totals({ activeMembers: 301 }), previous: totals({ from: '2026-10-02', to: '2026-10-31', activeMembers: 240 }) });
    expect(t.find((x) => x.key === 'activeMembers')).toMatchObject({ label: '日均活跃会员', value: 10, text: '10.0', previous: 8, change: '较上期 +25.0%' });
    expect(tiles({ totals: totals({ activeMembers: 6 }), previous: totals({}) }).find((x) => x.key === 'activeMembers')).toMatchObject({ value: 0.2, text: '0.2' });
  });

  test('change text', () => {
    expect(changeText(0, 5)).toEqual({ change: '较上期 -100.0%', trend: 'down' });
    expect(changeText(1, 3)).toEqual({ change: '较上期 -66.7%', trend: 'down' });
  });

  test('trends: one category per day, the series from the days', () => {
    const days = [{ ...zeroDay('2026-11-29'), orders: 2, spendFen: 500 }, { ...zeroDay('2026-11-30'), orders: 1, spendFen: 100, newMembers: 4 }];
    const charts = trendCharts({ days });
    const spend = charts.find((c) => c.id === 'trend-spend')!.data;
    expect(spend).toMatchObject({ kind: 'line', unit: 'fen', categories: ['11-29', '11-30'], series: [{ name: '会员消费', data: [500, 100] }] });
    const members = charts.find((c) => c.id === 'trend-members')!.data;
    expect(members.kind === 'line' && members.series[0]!.data).toEqual([0, 4]);
  });
});

describe('snapshot views', () => {
  test('tiers in the program order, a retired tier at the end; lifecycle in stage order', () => {
    const program = [{ code: 'GOLD', name: '金卡', rank: 2 }, { code: 'MEMBER', name: '普通会员', rank: 0 }];
    expect(tierSlices({ tiers: { MEMBER: 10, GOLD: 2, OLD: 1 } }, program)).toEqual([
      { name: '普通会员', value: 10 },
      { name: '金卡', value: 2 },
      { name: '已停用等级', value: 1 },
    ]);
    expect(lifecycleSlices({ lifecycle: { new: 1, active: 2, silent: 3, dormant: 4, lost: 5 } }).map((s) => `${s.name}${s.value}`)).toEqual(['新客1', '活跃2', '沉默3', '睡眠4', '流失5']);
  });

  test('heat table: R 5 on top, heat against the largest cell, ragged rows padded', () => {
    const t = heatTable([[1, 2], [0, 8], [4]]);
    expect(t.columns).toEqual([1, 2]);
    expect(t.total).toBe(15);
    expect(t.rows.map((r) => r.score)).toEqual([3, 2, 1]);
    expect(t.rows[0]!.cells).toEqual([{ count: 4, heat: 0.5 }, { count: 0, heat: 0 }]);
    expect(t.rows[1]!.cells[1]).toEqual({ count: 8, heat: 1 });
    expect(heatTable([]).rows).toEqual([]);
  });

  test('tier moves: the last twelve months in order, ups and downs side by side', () => {
    const moves = Array.from({ length: 14 }, (_, i) => ({ month: `${2025 + Math.floor((i + 10) / 12)}-${String(((i + 10) % 12) + 1).padStart(2, '0')}`, ups: i, downs: 1 })).reverse();
    const c = tierMovesChart({ tierMoves: moves });
    expect(c.kind).toBe('column');
    if (c.kind !== 'column') return;
    expect(c.categories).toHaveLength(12);
    expect(c.categories[0]).toBe('1月');
    expect(c.categories[11]).toBe('12月');
    expect(c.series.map((x) => x.name)).toEqual(['升级', '降级']);
    expect(c.series[0]!.data[11]).toBe(13);
  });

  test('pyramid rows in Chinese with money and shares', () => {
    const rows = pyramidRows({
      pyramid: [{ band: 'top10', members: 1200, spendFen: 12_345_600, orders: 6000, spendShare: 48.25, ordersPerMember: 5, averageOrderFen: 20_576, minSpendFen: 500_000 }],
    });
    expect(rows[0]).toMatchObject({ name: '前 10%', members: '1,200', spend: '¥123,456.00', share: '48.3%', ordersPerMember: '5.0', averageOrder: '¥205.76', minSpend: '约 ¥5,000' });
  });
});
