import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { ROOT, packageFunctions, type PackageResult } from './measure';

/**
 * Operations in the packaged CloudFormation (issue 16): the alarms (API 5xx rate, DynamoDB throttling,
 * failed scheduled jobs) and their SNS topic, the scheduled jobs' dead-letter queue as every scheduled
 * function's on-failure destination (with the right to send to it), and the business metrics' namespace
 * on every function. `serverless package` runs offline, as in build.test.ts.
 */
type Resource = { Type: string; Properties?: any };
let pkg: PackageResult;
let res: Record<string, Resource>;
const sls = load(readFileSync(join(ROOT, 'serverless.yml'), 'utf8')) as { functions: Record<string, { events?: { schedule?: unknown }[] }> };
const scheduled = Object.entries(sls.functions).filter(([, f]) => (f.events ?? []).some((e) => e.schedule)).map(([name]) => name);
const logicalId = (fn: string) => `${fn[0]!.toUpperCase()}${fn.slice(1)}`;

beforeAll(() => {
  pkg = packageFunctions();
  res = pkg.template.Resources as Record<string, Resource>;
}, 300_000);

const alarms = () => Object.entries(res).filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm');
const ofType = (t: string) => Object.entries(res).filter(([, r]) => r.Type === t);

test('one SNS topic receives every alarm (and its return to OK)', () => {
  const topics = ofType('AWS::SNS::Topic');
  expect(topics).toHaveLength(1);
  const [topicId] = topics[0]!;
  expect(alarms().length).toBeGreaterThanOrEqual(3);
  for (const [, a] of alarms()) {
    expect(a.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
    expect(a.Properties.OKActions).toEqual([{ Ref: topicId }]);
    expect(a.Properties.TreatMissingData).toBe('notBreaching');
  }
});

test('API 5xx rate: 5xx over requests of the HTTP API, as a percentage', () => {
  const [, a] = alarms().find(([, r]) => JSON.stringify(r.Properties.Metrics ?? []).includes('"5xx"'))!;
  const metrics = a.Properties.Metrics as { Id: string; Expression?: string; MetricStat?: any; ReturnData: boolean }[];
  const stat = (name: string) => metrics.find((m) => m.MetricStat?.Metric.MetricName === name)!;
  expect(stat('5xx').MetricStat.Metric).toMatchObject({ Namespace: 'AWS/ApiGateway', Dimensions: [{ Name: 'ApiId', Value: { Ref: 'HttpApi' } }] });
  expect(stat('Count').MetricStat.Metric.Namespace).toBe('AWS/ApiGateway');
  const rate = metrics.find((m) => m.ReturnData)!;
  expect(rate.Expression).toMatch(/100 \* .*errors.* \/ requests/);
  expect(Number(a.Properties.Threshold)).toBeGreaterThan(0);
  expect(res.HttpApi?.Type).toBe('AWS::ApiGatewayV2::Api');
});

test('throttled DynamoDB requests on the table and its indexes', () => {
  const [, a] = alarms().find(([, r]) => JSON.stringify(r.Properties.Metrics ?? []).includes('ThrottleEvents'))!;
  const text = JSON.stringify(a.Properties.Metrics);
  expect(text).toContain('"Namespace":"AWS/DynamoDB"');
  expect(text).toContain('ReadThrottleEvents');
  expect(text).toContain('WriteThrottleEvents');
  expect(text).toContain('{"Name":"TableName","Value":{"Ref":"HuiyuanTable"}}');
  expect(text).toContain('"GSI1"');
  expect(text).toContain('"GSI2"');
});

test('failed scheduled jobs: every scheduled function sends failures to the dead-letter queue, whose visible messages alarm', () => {
  const queues = ofType('AWS::SQS::Queue');
  expect(queues).toHaveLength(1);
  const [dlq, q] = queues[0]!;
  expect(q.Properties.MessageRetentionPeriod).toBe(1_209_600);
  const [, alarm] = alarms().find(([, r]) => r.Properties.Namespace === 'AWS/SQS')!;
  expect(alarm.Properties).toMatchObject({ MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
  expect(alarm.Properties.Dimensions).toEqual([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlq, 'QueueName'] } }]);

  expect(scheduled.length).toBeGreaterThanOrEqual(10);
  const configs = ofType('AWS::Lambda::EventInvokeConfig').map(([, r]) => r.Properties);
  for (const fn of scheduled) {
    const c = configs.find((p) => p.FunctionName.Ref === `${logicalId(fn)}LambdaFunction`);
    expect([fn, c?.DestinationConfig?.OnFailure?.Destination]).toEqual([fn, { 'Fn::GetAtt': [dlq, 'Arn'] }]);
    // Its own role (one per function) may send to the queue.
    const role = res[`${logicalId(fn)}IamRoleLambdaExecution`];
    expect(JSON.stringify(role?.Properties)).toContain(JSON.stringify({ Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: { 'Fn::GetAtt': [dlq, 'Arn'] } }));
  }
});

test('business metrics: every function writes to the Huiyuan namespace', () => {
  const fns = ofType('AWS::Lambda::Function');
  expect(fns.length).toBe(Object.keys(sls.functions).length);
  for (const [, f] of fns) expect(f.Properties.Environment.Variables.POWERTOOLS_METRICS_NAMESPACE).toBe('Huiyuan');
});
