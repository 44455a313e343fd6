import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

export function dirSize(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    total += s.isDirectory() ? dirSize(p) : s.size;
  }
  return total;
}

export interface WeappSizes {
  dir: string;
  mainBytes: number;
  subpackages: Record<string, number>;
  totalBytes: number;
}

/** Builds the weapp package and measures it the way WeChat counts: main package, each subpackage, total. */
export function buildWeapp(): WeappSizes {
  execFileSync('npm', ['run', 'build:weapp'], { cwd: ROOT, stdio: 'pipe', env: { ...process.env, NODE_ENV: 'production' } });
  const project = JSON.parse(readFileSync(join(ROOT, 'project.config.json'), 'utf8')) as { miniprogramRoot: string };
  const dir = join(ROOT, project.miniprogramRoot);
  const app = JSON.parse(readFileSync(join(dir, 'app.json'), 'utf8')) as { subPackages?: { root: string }[]; subpackages?: { root: string }[] };
  const subs = app.subPackages ?? app.subpackages ?? [];
  const subpackages: Record<string, number> = {};
  for (const s of subs) {
    const p = join(dir, s.root);
    subpackages[s.root] = existsSync(p) ? dirSize(p) : 0;
  }
  const totalBytes = dirSize(dir);
  const mainBytes = totalBytes - Object.values(subpackages).reduce((a, b) => a + b, 0);
  return { dir, mainBytes, subpackages, totalBytes };
}

export interface PackageResult {
  dir: string;
  template: { Resources: Record<string, { Type: string; Properties?: any; DeletionPolicy?: string; UpdateReplacePolicy?: string }> };
  zips: Record<string, number>;
}

/** `serverless package` (v3) into a temporary folder: no AWS credentials, no network. */
export function packageFunctions(): PackageResult {
  const dir = mkdtempSync(join(tmpdir(), 'huiyuan-sls-'));
  execFileSync(join(ROOT, 'node_modules', '.bin', 'serverless'), ['package', '--package', dir, '--stage', 'ci'], {
    cwd: ROOT,
    stdio: 'pipe',
    env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' },
  });
  const template = JSON.parse(readFileSync(join(dir, 'cloudformation-template-update-stack.json'), 'utf8'));
  const zips: Record<string, number> = {};
  for (const f of readdirSync(dir)) if (f.endsWith('.zip')) zips[f.replace(/\.zip$/, '')] = statSync(join(dir, f)).size;
  return { dir, template, zips };
}
