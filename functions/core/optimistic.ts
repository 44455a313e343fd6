import { pause } from '../adapters/dynamo/errors';
import { fail } from '../lib/errors';

export type Attempt<T> = { done: T } | 'retry';

/**
 * Optimistic concurrency: read, compute, write with conditions on what was read; on a lost race
 * read again. Backoff is jittered so many writers on one account spread out.
 */
export async function optimistic<T>(attempt: () => Promise<Attempt<T>>, maxAttempts = 40): Promise<T> {
  for (let i = 0; i < maxAttempts; i++) {
    const r = await attempt();
    if (r !== 'retry') return r.done;
    await pause(Math.min(i, 6));
  }
  throw fail('busy', 'the member account is busy; retry the same request');
}
