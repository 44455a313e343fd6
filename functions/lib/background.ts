/**
 * Background work a request starts (a member import, a segment export, a member's data copy): the
 * worker is a function of serverless.yml without HTTP events, invoked asynchronously. In AWS that is a
 * Lambda `Event` invocation of `<service>-<stage>-<worker>` (Lambda retries a failed run twice; a worker
 * that may outlive its timeout checkpoints in the table and starts itself again with `startBackground`).
 * Locally (npm start, tests) the same handler runs in this process after the response, through the
 * runner the local stack installs (infra/local/workers.ts): same code path, no Lambda service.
 */
import { withoutBudget } from '../adapters/budget';
import { logger } from './logger';

export type WorkerPayload = Record<string, unknown>;
type LocalRunner = (worker: string, payload: WorkerPayload) => Promise<void>;

let localRunner: LocalRunner | null = null;
const running = new Set<Promise<void>>();

/** The local stack and tests run workers in-process through this. */
export function setLocalRunner(runner: LocalRunner | null): void {
  localRunner = runner;
}

/** Starts `worker` (a function name in serverless.yml) with `payload`; returns once it is queued. */
export async function startBackground(worker: string, payload: WorkerPayload): Promise<void> {
  if (process.env.AWS_LAMBDA_FUNCTION_NAME) {
    const { invokeAsync } = await import('../adapters/lambda/invoke');
    await invokeAsync(`${process.env.FUNCTION_PREFIX ?? 'huiyuan-dev'}-${worker}`, payload);
    return;
  }
  const runner = localRunner;
  if (!runner) throw new Error(`no background runner for ${worker}: start the local stack or call setLocalRunner`);
  // The worker runs on after the request's answer: outside the request's time budget.
  const run: Promise<void> = new Promise<void>((r) => withoutBudget(() => setImmediate(r)))
    .then(() => withoutBudget(() => runner(worker, payload)))
    .catch((e: unknown) => logger.error('background worker failed', { worker, error: e instanceof Error ? e.message : String(e) }))
    .finally(() => running.delete(run));
  running.add(run);
}

/** Waits until in-process background work (and what it started) has finished: tests, benches. */
export async function drainBackground(): Promise<void> {
  while (running.size) await Promise.all([...running]);
}
