/**
 * The architecture rules as a test (issue 14): dependency-cruiser checks the layers of
 * .dependency-cruiser.cjs over our code, and a scan checks that only the adapters build DynamoDB
 * requests or transactions.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : /\.tsx?$/.test(name) ? [p] : [];
  });
}

describe('architecture', () => {
  test('dependency rules hold (layers, collaborations, no cycles, pages apart)', () => {
    const cli = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
    const r = spawnSync(process.execPath, [cli, '--config', '.dependency-cruiser.cjs', '--output-type', 'json', 'functions', 'shared', 'miniapp/src'], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const out = JSON.parse(r.stdout) as { summary: { violations: { rule: { name: string }; from: string; to: string }[]; totalCruised: number } };
    expect(out.summary.totalCruised).toBeGreaterThan(100);
    expect(out.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
  }, 60_000);

  test('no file outside functions/adapters builds a DynamoDB request or a transaction', () => {
    const offenders = filesUnder(join(ROOT, 'functions'))
      .filter((f) => !relative(ROOT, f).startsWith('functions/adapters/'))
      .flatMap((f) => {
        const text = readFileSync(f, 'utf8');
        const hits = [/new Tx\(/, /new \w+Command\(/, /from '@aws-sdk\//, /\bTransactItems\b/, /\bKeyConditionExpression\b/].filter((re) => re.test(text));
        return hits.map((re) => `${relative(ROOT, f)}: ${re.source}`);
      });
    expect(offenders).toEqual([]);
  });
});
