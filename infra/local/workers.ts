import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { setLocalRunner } from '../../functions/lib/background';
import { loadHandler } from './api-gateway';

const ROOT = join(__dirname, '..', '..');

/**
 * Runs background workers in this process, by their serverless.yml function name and handler, as Lambda
 * would run them asynchronously in AWS (functions/lib/background.ts).
 */
export function installLocalWorkers(): void {
  const sls = load(readFileSync(join(ROOT, 'serverless.yml'), 'utf8')) as { functions: Record<string, { handler: string }> };
  setLocalRunner(async (worker, payload) => {
    const fn = sls.functions[worker];
    if (!fn) throw new Error(`serverless.yml has no function ${worker}`);
    const handler = (await loadHandler(fn.handler)) as unknown as (event: unknown) => Promise<unknown>;
    await handler(payload);
  });
}
