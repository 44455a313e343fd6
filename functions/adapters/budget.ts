/**
 * The time budget of the current request (issue 20). An API request must finish or fail cleanly well
 * inside its Lambda's timeout (10 s; API Gateway gives up at 29 s): `route` (functions/lib/http.ts) runs each
 * request inside a budget, and the adapters that wait on the network (DynamoDB, WeChat) give up when it is
 * spent, so the caller gets a clean 503 it may retry instead of a Lambda timeout with the outcome unknown.
 * Work outside a request (scheduled jobs, workers, the stream consumer) has no budget: their own timeouts
 * and checkpoints bound them. Real time, never the moved test clock.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const current = new AsyncLocalStorage<{ deadline: number; total: number } | null>();

/** Runs `fn` with `ms` milliseconds to spend, from now. */
export function withBudget<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  return current.run({ deadline: Date.now() + Math.max(1, ms), total: Math.max(1, ms) }, fn);
}

/** Runs `fn` outside any budget (background work a request starts runs on after its answer). */
export function withoutBudget<T>(fn: () => T): T {
  return current.run(null, fn);
}

/** Milliseconds left of the current budget; null outside one. */
export function budgetLeftMs(): number | null {
  const b = current.getStore();
  return b ? b.deadline - Date.now() : null;
}

/** The whole of the current budget in milliseconds; null outside one. */
export function budgetTotalMs(): number | null {
  return current.getStore()?.total ?? null;
}

/** A signal that aborts when the current budget is spent (undefined outside one). */
export function budgetSignal(): AbortSignal | undefined {
  const left = budgetLeftMs();
  return left === null ? undefined : AbortSignal.timeout(Math.max(1, left));
}

/**
 * A short budget of its own for the bookkeeping that must follow something already done (giving back a
 * reservation whose answer was lost, recording that a message went out), which a spent request budget must
 * not cut short. In a Lambda it fits inside the 1.5 s a request's budget keeps back before the function's end.
 */
export function withGrace<T>(fn: () => Promise<T>): Promise<T> {
  return withBudget(process.env.AWS_LAMBDA_FUNCTION_NAME ? 1000 : 10_000, fn);
}

/** Thrown before starting work that must not be cut halfway when too little of the budget is left; transient. */
export class BudgetSpentError extends Error {
  override name = 'TimeoutError';
  constructor(what: string) {
    super(`too little of the time budget left to ${what}`);
  }
}
