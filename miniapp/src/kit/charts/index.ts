/**
 * The chart kit (issue 18): line, column and ring charts on @qiun/ucharts, drawn on a canvas in the weapp
 * build (canvas 2d) and on H5 (an HTML canvas; see platform/canvas.ts). Imported only by subpackage pages
 * (admin/insight, staff/insight), never from the kit's index, so the library stays out of the main package.
 */
export { Chart } from './Chart'
export { PALETTE, chartIsEmpty, chartOptions, dayLabel, valueText, type ChartData, type ChartSeries, type ChartSlice, type ChartSize, type ChartUnit } from './options'
