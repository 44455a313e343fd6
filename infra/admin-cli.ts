/**
 * `npm run admin -- <command>`: grants and revokes staff and admin roles.
 *
 *   npm run admin -- grant staff <openid> --store S001
 *   npm run admin -- grant manager <openid> --store S001   (店长: staff there too; revoke with `revoke staff`)
 *   npm run admin -- grant admin <openid> [--phones]   (--phones: segment exports show whole phone numbers)
 *   npm run admin -- revoke staff|admin <openid>
 *   npm run admin -- list staff <storeId> | list admins
 *
 * Talks to the local stack's DynamoDB by default (DYNAMODB_ENDPOINT=http://localhost:8000,
 * TABLE_NAME=huiyuan-local). Against AWS: `TABLE_NAME=huiyuan-prod DYNAMODB_ENDPOINT= npm run admin -- ... --aws`
 * with AWS credentials in the environment. Every grant records who made it (`--by`, default $USER).
 */
import { grantRole, listRoleHolders, revokeRole } from '../functions/adapters/dynamo/identity-repo';
import { storeExists } from '../functions/adapters/dynamo/brand-repo';

function usage(msg?: string): never {
  if (msg) console.error(`error: ${msg}`);
  console.error('usage: npm run admin -- grant staff|manager <openid> --store <storeId> | grant admin <openid> [--phones] | revoke staff|admin <openid> | list staff <storeId> | list admins');
  process.exit(2);
}

async function main(argv: string[]) {
  const aws = argv.includes('--aws');
  const opt = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const positional = argv.filter((a, i) => !a.startsWith('--') && !(i > 0 && ['--store', '--by'].includes(argv[i - 1]!)));
  process.env.TABLE_NAME ||= 'huiyuan-local';
  if (!aws) process.env.DYNAMODB_ENDPOINT ||= `http://localhost:${process.env.DYNAMODB_PORT || 8000}`;
  // Not used by these commands, but the shared configuration requires them.
  process.env.WECHAT_APPID ||= 'unused';
  process.env.WECHAT_SECRET ||= 'unused';
  process.env.SESSION_SECRET ||= 'unused';
  const by = opt('--by') || process.env.USER || 'admin-cli';
  const [cmd, role, arg] = positional;

  if (cmd === 'grant' && (role === 'staff' || role === 'manager')) {
    const store = opt('--store');
    if (!arg || !store) usage(`grant ${role} needs <openid> and --store <storeId>`);
    if (!(await storeExists(store))) usage(`store ${store} does not exist`);
    await grantRole(arg, { role, storeId: store }, by);
    console.log(`granted ${role} at ${store} to ${arg}`);
  } else if (cmd === 'grant' && role === 'admin') {
    if (!arg) usage('grant admin needs <openid>');
    const phones = argv.includes('--phones');
    await grantRole(arg, { role: 'admin', ...(phones ? { permissions: ['phones'] } : {}) }, by);
    console.log(`granted admin${phones ? ' (with phones)' : ''} to ${arg}`);
  } else if (cmd === 'revoke' && (role === 'staff' || role === 'admin')) {
    if (!arg) usage('revoke needs <openid>');
    const removed = await revokeRole(arg, role);
    console.log(removed ? `revoked ${role} from ${arg}` : `${arg} did not have ${role}`);
  } else if (cmd === 'list' && role === 'staff') {
    if (!arg) usage('list staff needs <storeId>');
    for (const h of await listRoleHolders(`STAFF#${arg}`)) console.log(`${h.openid}\t${h.storeRole === 'manager' ? 'manager' : 'staff'}\t${h.storeId}\tgranted ${h.grantedAt} by ${h.grantedBy}`);
  } else if (cmd === 'list' && role === 'admins') {
    for (const h of await listRoleHolders('ADMINS')) console.log(`${h.openid}\tadmin\tgranted ${h.grantedAt} by ${h.grantedBy}`);
  } else {
    usage();
  }
}

main(process.argv.slice(2)).catch((e) => {
  console.error(`error: ${(e as Error).message}`);
  process.exit(1);
});
