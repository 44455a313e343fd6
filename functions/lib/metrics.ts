/**
 * Business metrics (issue 16): the one place capability code counts what happened — checkouts, points
 * issued, coupon claims, product scans, care and campaign send outcomes — as CloudWatch metrics in the
 * `Huiyuan` namespace (POWERTOOLS_METRICS_NAMESPACE, set in serverless.yml), written as Embedded Metric
 * Format log lines by Powertools Metrics. Use cases call `countMetric`; the `route()` wrapper and the
 * scheduled jobs' wrappers call `flushMetrics()` once per invocation.
 *
 * Quiet off Lambda: Powertools is built only inside a deployed Lambda (AWS_LAMBDA_FUNCTION_NAME set,
 * not serverless-offline) and never when POWERTOOLS_METRICS_DISABLED is true, so tests, benches and the
 * local stack print nothing. Like the logger, Powertools is loaded on the first metric, not at module load.
 * Counts are also kept per warm process (`metricTotals`), which is how tests see what was counted.
 */
import type { Metrics } from '@aws-lambda-powertools/metrics';

/** Every business metric, by name (unit: count; PointsIssued counts points). */
export type BusinessMetric =
  | 'Checkouts'
  | 'PointsIssued'
  | 'CouponClaims'
  | 'ProductScans'
  | 'CareSent'
  | 'CareRefusedNoConsent'
  | 'CareFailed'
  | 'CampaignSent'
  | 'CampaignRefusedNoConsent'
  | 'CampaignFailed';

export const METRICS_NAMESPACE_DEFAULT = 'Huiyuan';

let instance: Metrics | undefined;
let pending = 0;
const totals = new Map<BusinessMetric, number>();

function emitting(): boolean {
  const disabled = (process.env.POWERTOOLS_METRICS_DISABLED ?? '').toLowerCase();
  if (disabled === 'true' || disabled === '1') return false;
  return !!process.env.AWS_LAMBDA_FUNCTION_NAME && !process.env.IS_OFFLINE;
}

function built(): Metrics {
  if (!instance) {
    const { Metrics: PowertoolsMetrics } = require('@aws-lambda-powertools/metrics') as typeof import('@aws-lambda-powertools/metrics');
    instance = new PowertoolsMetrics({
      namespace: process.env.POWERTOOLS_METRICS_NAMESPACE || METRICS_NAMESPACE_DEFAULT,
      serviceName: process.env.POWERTOOLS_SERVICE_NAME || 'huiyuan',
    });
  }
  return instance;
}

/** Counts `value` (default 1) of a business metric; a zero or negative value is not counted. */
export function countMetric(name: BusinessMetric, value = 1): void {
  if (!(value > 0)) return;
  totals.set(name, (totals.get(name) ?? 0) + value);
  if (!emitting()) return;
  try {
    built().addMetric(name, 'Count', value);
    pending++;
  } catch {
    // Metrics never fail a request.
  }
}

/** Writes what this invocation counted (one EMF line); nothing when nothing was counted. */
export function flushMetrics(): void {
  if (!instance || pending === 0) return;
  pending = 0;
  try {
    instance.publishStoredMetrics();
  } catch {
    // Metrics never fail a request.
  }
}

/** Runs one invocation of a scheduled job and flushes its metrics, also when it throws. */
export function withMetrics<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await fn(...args);
    } finally {
      flushMetrics();
    }
  };
}

/** What this process counted so far, by metric (tests). */
export function metricTotals(): Record<string, number> {
  return Object.fromEntries(totals);
}
