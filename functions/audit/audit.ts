/**
 * The audit trail (who, when, what, before, after) for the audit log page: filters by member (or any
 * target), actor, action and a Beijing date range, newest first, paged with a cursor. Each filter picks
 * the narrowest key (a member's or target's GSI1 partition, the actor's copies, else the AUDIT
 * partition) and the date range is a sort-key range: never a scan.
 */
import type { AuditQuery, AuditResponse } from '../../shared/contract';
import { actorLabel, auditActionLabel, auditMemberLabel, auditMemberOf, auditRangeBounds, maskPhonesDeep } from '../../shared/domain';
import { actorFacts, auditSourcePk, listAudit, type AuditSource } from '../adapters/dynamo/admin-repo';
import { getStoreName } from '../adapters/dynamo/brand-repo';
import { getMember } from '../adapters/dynamo/member-repo';
import { fail } from '../lib/errors';

function sourceOf(q: AuditQuery): AuditSource {
  const target = q.target ?? (q.member ? `member:${q.member}` : undefined);
  if (target) return { kind: 'target', target };
  if (q.actor) return { kind: 'actor', actor: q.actor };
  return { kind: 'all' };
}

const badCursor = () => fail('invalid_input', 'invalid query: cursor', [{ path: 'cursor', message: 'not a cursor from this list' }]);

/** The cursor is the last row's key, base64url JSON; it must belong to the partition this query reads. */
function decodeCursor(cursor: string | undefined, source: AuditSource, probePk: string): Record<string, string> | null {
  if (!cursor) return null;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (!key || typeof key !== 'object' || Array.isArray(key)) throw badCursor();
  const k = key as Record<string, unknown>;
  if (!Object.values(k).every((v) => typeof v === 'string')) throw badCursor();
  const pk = source.kind === 'target' ? k.GSI1PK : k.PK;
  if (pk !== probePk || typeof k.PK !== 'string' || typeof k.SK !== 'string') throw badCursor();
  if (source.kind === 'target' && typeof k.GSI1SK !== 'string') throw badCursor();
  return k as Record<string, string>;
}

const encodeCursor = (key: Record<string, string> | null) => (key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : null);

export async function audit(q: AuditQuery): Promise<AuditResponse> {
  const source = sourceOf(q);
  const startKey = decodeCursor(q.cursor, source, auditSourcePk(source));
  const { lo, hi } = auditRangeBounds(q.from, q.to);
  const { rows, lastKey } = await listAudit({ source, lo, hi, action: q.action, actor: q.actor, limit: q.limit ?? 50, startKey });
  const facts = await actorFacts(rows.map((r) => r.actor).filter((a) => !['seed', 'system', 'scheduler', 'admin-cli'].includes(a)));
  const storeNames = new Map<string, string | null>();
  for (const f of facts.values()) {
    if (f.staffStoreId && !storeNames.has(f.staffStoreId)) storeNames.set(f.staffStoreId, await getStoreName(f.staffStoreId));
  }
  const memberIds = [...new Set(rows.map((r) => auditMemberOf(r.target, r.after)).filter((m): m is string => !!m))];
  const members = new Map(await Promise.all(memberIds.map(async (id) => [id, await getMember(id)] as const)));
  return {
    entries: rows.map((r) => {
      const f = facts.get(r.actor);
      const memberId = auditMemberOf(r.target, r.after);
      const m = memberId ? members.get(memberId) : null;
      const who = actorLabel(r.actor, f ? { name: f.name, admin: f.admin, staff: !!f.staffStoreId, staffStoreName: f.staffStoreId ? (storeNames.get(f.staffStoreId) ?? null) : null, member: f.member } : null);
      return {
        at: r.at,
        actor: r.actor,
        actorLabel: who.label,
        actorRole: who.role,
        action: r.action,
        actionLabel: auditActionLabel(r.action),
        target: r.target,
        memberId,
        memberLabel: auditMemberLabel(m ? { name: m.name, phone: m.phone } : null),
        before: maskPhonesDeep(r.before) ?? null,
        after: maskPhonesDeep(r.after) ?? null,
      };
    }),
    cursor: encodeCursor(lastKey),
  };
}
