/** What a scheduled job over many members reports (tier evaluation, points expiry). */
export interface JobResult {
  job: string;
  runId: string;
  done: boolean;
  processed: number;
  changed: number;
  itemsRead: number;
}
