/** The brand's admins (issue 16): list, grant, revoke (never the last one); audited, revocation within 60 s. */
import { anotherAdmin } from '../../shared/domain/staff';
import { findIdentity } from '../adapters/dynamo/identity-repo';
import { getMember } from '../adapters/dynamo/member-repo';
import { listAdmins, removeAdmin, saveAdmin } from '../adapters/dynamo/staff-repo';
import { clock } from '../lib/clock';
import { fail } from '../lib/errors';
import { forgetRoles } from '../lib/roles';
import type { Session } from '../lib/session';

async function nameOf(openid: string): Promise<string | null> {
  const id = await findIdentity(openid);
  return id.memberId ? ((await getMember(id.memberId))?.name ?? null) : null;
}

export async function admins() {
  const list = await listAdmins();
  const names = await Promise.all(list.map((a) => nameOf(a.openid)));
  return { admins: list.map((a, i) => ({ openid: a.openid, name: names[i] ?? null, since: a.grantedAt, grantedBy: a.grantedBy })) };
}

export async function grantAdmin(session: Session, openid: string): Promise<{ ok: true }> {
  const at = clock.now().toISOString();
  await saveAdmin({ openid, by: session.openid, at, audit: { at, actor: session.openid, action: 'admin.grant', target: `admin:${openid}`, before: null, after: { openid } } });
  return { ok: true };
}

export async function revokeAdmin(session: Session, openid: string): Promise<{ ok: true }> {
  for (let round = 0; round < 3; round++) {
    const list = (await listAdmins()).map((a) => a.openid);
    // The index may lag a grant or revoke by a moment: the transaction's check on `remaining` is what counts.
    const remaining = anotherAdmin(list, openid);
    if (!remaining) throw fail(list.includes(openid) ? 'last_admin' : 'admin_not_found', 'the last admin cannot be removed');
    const at = clock.now().toISOString();
    const out = await removeAdmin({ openid, remaining, audit: { at, actor: session.openid, action: 'admin.revoke', target: `admin:${openid}`, before: { openid }, after: null } });
    if (out.ok) {
      forgetRoles(openid);
      return { ok: true };
    }
    if (out.failed === 'not_admin') throw fail('admin_not_found', `${openid} is not an admin`);
  }
  throw fail('last_admin', 'no other admin remains');
}
