import { execSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { seedDemoCoupons } from './seed-coupons';
import { seedDemoPackages, seedDemoPlans } from './seed-plans';
import { seedDemoMember } from './seed-member';
import { seedDemoTags } from './seed-tags';
import { seedDemoGrowth } from './seed-growth';
import { startLocalStack } from './stack';

/**
 * `npm start`: builds the H5 mini-program, starts the local stack on the documented ports
 * (each changeable by environment variable) and keeps running until Ctrl-C.
 * `npm start -- --fresh` deletes the local data first; so does removing `.local/`.
 */
const ROOT = join(__dirname, '..', '..');
const args = new Set(process.argv.slice(2));
const port = (name: string, dflt: number) => Number(process.env[name] || dflt);

async function main() {
  const dataDir = join(ROOT, '.local', 'dynamodb');
  if (args.has('--fresh')) {
    rmSync(join(ROOT, '.local'), { recursive: true, force: true });
    console.log('local data removed (--fresh)');
  }
  const apiPort = port('API_PORT', 3000);
  const standInPort = port('WECHAT_STANDIN_PORT', 3900);
  if (!args.has('--no-build')) {
    console.log('building the H5 mini-program (npm run build:h5)...');
    execSync('npm run build:h5', { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const stack = await startLocalStack({
    apiPort,
    h5Port: port('H5_PORT', 10086),
    standInPort,
    dynamoPort: port('DYNAMODB_PORT', 8000),
    dataDir,
    s3Port: port('S3_PORT', 4569),
    s3DataDir: join(ROOT, '.local', 's3'),
    log: (l) => console.log(`  ${l}`),
  });
  const coupons = await seedDemoCoupons();
  console.log(`  demo coupons: ${coupons.written ? `${coupons.written} templates written` : 'already present'}`);
  const plans = await seedDemoPlans();
  console.log(`  demo membership plans: ${plans.written ? `${plans.written} written` : 'already present'}`);
  const packages = await seedDemoPackages();
  console.log(`  demo recharge packages: ${packages.written ? `${packages.written} written` : 'already present'}`);
  const tags = await seedDemoTags();
  console.log(`  demo tag rules and segment: ${tags.written ? `${tags.written} written` : 'already present'}`);
  const growth = await seedDemoGrowth();
  console.log(`  demo 邀请有礼 and questionnaire: ${growth.written ? `${growth.written} written` : 'already present'}`);
  const member = await seedDemoMember(stack.urls.wechat);
  console.log(`  demo member: ${member.written ? 'registered with a purchase and a complaint' : 'already present'}`);
  console.log(`
Huiyuan local stack is up:
  API            ${stack.urls.api}   (GET /health, GET /openapi.json)
  H5 mini-program ${stack.urls.h5}
  WeChat stand-in ${stack.urls.wechat}   (GET /__dev/messages; WeChat Pay v3 too: GET /__dev/pay/orders, /__dev/pay/notifications)
  DynamoDB Local  ${stack.urls.dynamodb}   (table ${stack.tableName})
  S3 (s3rver)     ${stack.urls.s3}   (bucket ${stack.bucket}; credentials S3RVER / S3RVER)

Demo identities (type the openid on the H5 sign-in page):
  demo-staff   clerk at store S001
  demo-admin   admin
  demo-member  a member (13900000002) with one purchase at S001 and a complaint at the desk
  any other    a new member (register with any 11-digit phone; 13900000001 binds the imported demo member)
Ctrl-C stops everything; data stays in .local/ (npm start -- --fresh starts over).`);
  const shutdown = async () => {
    console.log('\nstopping...');
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
