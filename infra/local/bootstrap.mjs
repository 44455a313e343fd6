#!/usr/bin/env node
// Installs what a fresh clone is missing, using only Node's standard library (it runs before
// node_modules exists). Modes:
//   start  (npm start)  node modules + Java, then runs the local stack (infra/local/start.ts)
//   check  (pretest)    node modules + Java + Chromium with a CJK font for the browser tests
import { execSync, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const mode = process.argv[2] ?? 'check';
const passArgs = process.argv.slice(3);

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const fontInstalled = () => spawnSync('sh', ['-c', 'fc-list 2>/dev/null | grep -qi -e wqy -e "noto sans cjk"']).status === 0;

function ensureNodeModules() {
  const marker = join(ROOT, 'node_modules', '.bin', 'tsx');
  if (existsSync(marker) && existsSync(join(ROOT, 'node_modules', '@tarojs', 'cli'))) return;
  console.log('[bootstrap] installing node modules (npm install; a few minutes on a cold machine)...');
  // `npm ci` rejects Taro's lockfile (platform binaries of @tarojs/binding never published); install honours it.
  execSync('npm install --no-audit --no-fund', { cwd: ROOT, stdio: 'inherit' });
}

function ensureDebianPackages(packages) {
  const missing = packages.filter((p) => !p.present());
  if (missing.length === 0) return;
  const names = missing.map((p) => p.name);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !has('apt-get')) {
    console.error(`[bootstrap] missing system packages: ${names.join(' ')}. Install them (Debian: sudo apt-get install -y ${names.join(' ')}) and run again.`);
    process.exit(1);
  }
  console.log(`[bootstrap] installing ${names.join(' ')} with apt-get...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execSync('apt-get update -qq', { stdio: 'inherit', env });
  execSync(`apt-get install -y -qq --no-install-recommends ${names.join(' ')}`, { stdio: 'inherit', env });
}

const java = { name: 'openjdk-17-jre-headless', present: () => has('java') };
const chromium = { name: 'chromium', present: () => has('chromium') || existsSync('/usr/bin/chromium') };
const font = { name: 'fonts-wqy-microhei', present: fontInstalled };

ensureNodeModules();
if (mode === 'start') {
  ensureDebianPackages([java]);
  const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'infra', 'local', 'start.ts'), ...passArgs], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  const forward = (sig) => child.kill(sig);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  ensureDebianPackages([java, chromium, font]);
}
