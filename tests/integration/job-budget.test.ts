/**
 * Scheduled jobs inside their time budget (issue 20): a segment scan stops at a checkpoint before the budget
 * runs out (here a 1.5 s budget and a 0.5 s margin, six pages of 0.3 s a segment: at most four can start in
 * time, whatever the machine's speed), and the next run resumes from the checkpoints: every item is processed
 * exactly once across the runs.
 */
import { withBudget } from '../../functions/adapters/budget';
import { runSegmentScan, type SegmentSource } from '../../functions/adapters/dynamo/jobs-repo';
import { setupWorld } from './support';

let world: Awaited<ReturnType<typeof setupWorld>>;
beforeAll(async () => {
  world = await setupWorld();
  process.env.JOB_STOP_MARGIN_MS = '500';
});
afterAll(async () => {
  delete process.env.JOB_STOP_MARGIN_MS;
  await world.close();
});

test('a scan stops at a checkpoint before its budget ends; the next run resumes and nothing is processed twice', async () => {
  // Two segments of 12 items, pages of 2, each page taking 300 ms.
  const items = (segment: number) => Array.from({ length: 12 }, (_, i) => `${segment}-${i}`);
  const source: SegmentSource<string> = {
    segments: 2,
    page: async (segment, start, limit) => {
      await new Promise((r) => setTimeout(r, 300));
      const from = start ? Number((start as { i: number }).i) : 0;
      const page = items(segment).slice(from, from + limit);
      return { items: page, lastKey: from + limit < 12 ? { i: from + limit } : undefined };
    },
  };
  const seen: string[] = [];
  const run = (budgetMs: number) =>
    withBudget(budgetMs, () =>
      runSegmentScan({
        job: 'budget-test',
        runId: 'r1',
        source,
        pageSize: 2,
        now: () => new Date(),
        onPage: async (page) => {
          seen.push(...page);
          return { processed: page.length, changed: 0 };
        },
      }),
    );
  const first = await run(1_500);
  expect(first.done).toBe(false);
  expect(first.processed).toBeGreaterThan(0);
  expect(first.processed).toBeLessThan(24);
  const second = await run(60_000);
  expect(second.done).toBe(true);
  expect(first.processed + second.processed).toBe(24);
  expect(new Set(seen).size).toBe(24);
  expect(seen).toHaveLength(24);
});
