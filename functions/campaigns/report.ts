/** STUB until the control-group results land: a campaign's results as a report table. */
import type { ReportTable } from '../../shared/domain/report-table';

export async function campaignReport(campaignId: string): Promise<ReportTable> {
  return { title: `活动效果-${campaignId}`, header: ['组别', '人数'], rows: [] };
}
