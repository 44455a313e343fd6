/**
 * The business-metrics module (functions/lib/metrics.ts): quiet off Lambda and when disabled (no
 * stdout in tests or on the local stack), one EMF line per flushed invocation inside Lambda, none
 * when nothing was counted.
 */
type MetricsModule = typeof import('../../functions/lib/metrics');

function fresh(env: Record<string, string | undefined>): { m: MetricsModule; restore: () => void } {
  const saved = { ...process.env };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  let m!: MetricsModule;
  jest.isolateModules(() => {
    m = require('../../functions/lib/metrics') as MetricsModule;
  });
  return { m, restore: () => (process.env = saved) };
}

function stdout(run: () => void): string {
  const chunks: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((c: unknown) => {
    chunks.push(String(c));
    return true;
  });
  try {
    run();
  } finally {
    spy.mockRestore();
  }
  return chunks.join('');
}

test('off Lambda (tests, the local stack): counted, nothing written', () => {
  const { m, restore } = fresh({ AWS_LAMBDA_FUNCTION_NAME: undefined, POWERTOOLS_METRICS_DISABLED: undefined });
  try {
    const out = stdout(() => {
      m.countMetric('Checkouts');
      m.countMetric('PointsIssued', 399);
      m.countMetric('PointsIssued', 0);
      m.flushMetrics();
    });
    expect(out).toBe('');
    expect(m.metricTotals()).toEqual({ Checkouts: 1, PointsIssued: 399 });
  } finally {
    restore();
  }
});

test('in Lambda with POWERTOOLS_METRICS_DISABLED=true: nothing written', () => {
  const { m, restore } = fresh({ AWS_LAMBDA_FUNCTION_NAME: 'huiyuan-ci-checkout', POWERTOOLS_METRICS_DISABLED: 'true' });
  try {
    expect(stdout(() => (m.countMetric('Checkouts'), m.flushMetrics()))).toBe('');
  } finally {
    restore();
  }
});

test('in Lambda: one EMF line per flush in the Huiyuan namespace; nothing when nothing was counted', () => {
  const { m, restore } = fresh({ AWS_LAMBDA_FUNCTION_NAME: 'huiyuan-ci-checkout', POWERTOOLS_METRICS_DISABLED: undefined, POWERTOOLS_DEV: undefined, POWERTOOLS_METRICS_NAMESPACE: 'Huiyuan', IS_OFFLINE: undefined });
  try {
    const out = stdout(() => {
      m.countMetric('Checkouts');
      m.countMetric('PointsIssued', 120);
      m.flushMetrics();
    });
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(1);
    const emf = JSON.parse(lines[0]!);
    expect(emf._aws.CloudWatchMetrics[0].Namespace).toBe('Huiyuan');
    expect(emf._aws.CloudWatchMetrics[0].Metrics.map((x: { Name: string }) => x.Name).sort()).toEqual(['Checkouts', 'PointsIssued']);
    expect([emf.Checkouts, emf.PointsIssued, emf.service]).toEqual([1, 120, 'huiyuan']);
    expect(stdout(() => m.flushMetrics())).toBe('');
  } finally {
    restore();
  }
});

test('withMetrics flushes a scheduled job also when it throws', async () => {
  const { m, restore } = fresh({ AWS_LAMBDA_FUNCTION_NAME: 'huiyuan-ci-job', POWERTOOLS_METRICS_DISABLED: undefined, POWERTOOLS_DEV: undefined, IS_OFFLINE: undefined });
  try {
    const job = m.withMetrics(async () => {
      m.countMetric('CareSent', 3);
      throw new Error('boom');
    });
    const chunks: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((c: unknown) => (chunks.push(String(c)), true));
    await expect(job()).rejects.toThrow('boom');
    spy.mockRestore();
    expect(JSON.parse(chunks.join('').trim()).CareSent).toBe(3);
  } finally {
    restore();
  }
});
