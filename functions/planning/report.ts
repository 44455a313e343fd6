/** STUB until the planning reports land: tiers, lifecycle, rfm, pyramid, planner, repurchase as report tables. */
import type { ReportTable } from '../../shared/domain/report-table';

export type PlanningReportKind = 'tiers' | 'lifecycle' | 'rfm' | 'pyramid' | 'planner' | 'repurchase';

export async function planningReport(kind: PlanningReportKind, _opts: { shares?: number[] }): Promise<ReportTable> {
  return { title: kind, header: [], rows: [] };
}
