/**
 * What the campaigns capability offers other capabilities (an explicit, named collaboration):
 * - insight: a campaign's results (treated against control) as a report table for the CSV export.
 */
export { campaignReport } from './report';
