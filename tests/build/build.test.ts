import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { ROOT, buildWeapp, packageFunctions, type PackageResult } from './measure';

const MB = 1024 * 1024;

test('TypeScript strict: the whole repo typechecks', () => {
  execFileSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json', '--noEmit'], { cwd: ROOT, stdio: 'pipe' });
}, 180_000);

test('the weapp build fits WeChat limits: main package and each subpackage < 2 MB, total < 20 MB', () => {
  const s = buildWeapp();
  console.log(`weapp main package ${(s.mainBytes / 1024).toFixed(1)} KB; subpackages ${JSON.stringify(s.subpackages)}; total ${(s.totalBytes / 1024).toFixed(1)} KB`);
  expect(s.mainBytes).toBeLessThan(2 * MB);
  for (const size of Object.values(s.subpackages)) expect(size).toBeLessThan(2 * MB);
  expect(Object.keys(s.subpackages)).toContain('staff/');
  expect(s.totalBytes).toBeLessThan(20 * MB);
  // The chart library (@qiun/ucharts, issue 18) is loaded by the dashboards only: in the admin and staff
  // subpackages (their sub-common), never in the main package.
  const withCharts = filesHolding(s.dir, '[uCharts]');
  console.log(`uCharts in: ${withCharts.join(', ')}`);
  expect(withCharts.length).toBeGreaterThan(0);
  for (const f of withCharts) expect(f).toMatch(/^(admin|staff)\//);
}, 300_000);

/** The .js files under `dir` (paths relative to it) whose text holds `needle`. */
function filesHolding(dir: string, needle: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) return filesHolding(dir, needle, rel);
    return e.name.endsWith('.js') && readFileSync(join(dir, rel), 'utf8').includes(needle) ? [rel] : [];
  });
}

describe('serverless package', () => {
  let pkg: PackageResult;
  const sls = load(readFileSync(join(ROOT, 'serverless.yml'), 'utf8')) as { functions: Record<string, { events?: { schedule?: unknown }[] }> };
  beforeAll(() => {
    pkg = packageFunctions();
  }, 300_000);

  test('the table: PITR, retained on delete and replace, encrypted, GSI1 and GSI2, TTL', () => {
    const table = Object.values(pkg.template.Resources).find((r) => r.Type === 'AWS::DynamoDB::Table')!;
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
    expect(table.Properties.PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled).toBe(true);
    expect(table.Properties.SSESpecification.SSEEnabled).toBe(true);
    expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.Properties.GlobalSecondaryIndexes.map((g: { IndexName: string }) => g.IndexName)).toEqual(['GSI1', 'GSI2']);
    expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: 'ttl', Enabled: true });
  });

  test('each function is packaged on its own, with its own IAM role scoped to the table', () => {
    const fns = Object.values(pkg.template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function');
    expect(fns).toHaveLength(Object.keys(sls.functions).length);
    expect(Object.keys(pkg.zips).sort()).toEqual(Object.keys(sls.functions).sort());
    const roles = Object.values(pkg.template.Resources).filter((r) => r.Type === 'AWS::IAM::Role');
    expect(roles.length).toBeGreaterThanOrEqual(fns.length);
    const roleRefs = new Set(fns.map((f) => JSON.stringify(f.Properties.Role)));
    expect(roleRefs.size).toBe(fns.length);
    for (const f of fns) expect(f.Properties.Environment.Variables.TABLE_NAME).toBe('huiyuan-ci');
    const serialized = JSON.stringify(roles);
    expect(serialized).not.toMatch(/"dynamodb:\*"/);
    expect(serialized).not.toMatch(/"Resource":"\*"[^}]*dynamodb/);
  });

  test('secrets are not in the template, only references resolved by AWS at deploy time', () => {
    const env = JSON.stringify(Object.values(pkg.template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function').map((f) => f.Properties.Environment));
    expect(env).toMatch(/\{\{resolve:secretsmanager:huiyuan\/ci\/session/);
  });

  test('every schedule of a scheduled function has its rule', () => {
    const scheduled = Object.values(sls.functions).flatMap((f) => (f.events ?? []).filter((e) => e.schedule));
    const rules = Object.values(pkg.template.Resources).filter((r) => r.Type === 'AWS::Events::Rule');
    expect(rules.length).toBe(scheduled.length);
    expect(rules.map((r) => r.Properties.ScheduleExpression)).toContain('rate(1 hour)');
  });

  test('packages stay small (the AWS SDK comes from the Lambda runtime)', () => {
    console.log(`function packages (bytes): ${JSON.stringify(pkg.zips)}`);
    for (const size of Object.values(pkg.zips)) expect(size).toBeLessThan(1 * MB);
  });
});
