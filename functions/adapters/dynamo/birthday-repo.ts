/** The desk's birthday correction (issue 16: the member sets her birthday once; later changes go through the desk). */
import { writeAudit, type AuditEntry } from './account-repo';
import { indexKeys, keys } from './keys';
import { Tx } from './tx';
import { commit, type Written } from './unit';

/**
 * The desk corrects a birthday (condition: the birthday as read, the member not merged), with the
 * birthday index moved and the audit, in one transaction.
 */
export async function recordBirthdayCorrection(p: { memberId: string; before: string | null; birthday: string; at: string; audit: AuditEntry }): Promise<Written<'changed'>> {
  const tx = new Tx();
  const idx = indexKeys.birthday(p.birthday, p.memberId);
  tx.update('profile', keys.profile(p.memberId), {
    set: 'SET birthday = :b, GSI1PK = :g1pk, GSI1SK = :g1sk, updatedAt = :at',
    condition: `attribute_exists(PK) AND attribute_not_exists(mergedInto) AND ${p.before ? 'birthday = :before' : 'attribute_not_exists(birthday)'}`,
    values: { ':b': p.birthday, ':g1pk': idx.GSI1PK, ':g1sk': idx.GSI1SK, ':at': p.at, ...(p.before ? { ':before': p.before } : {}) },
  });
  writeAudit(tx, p.audit);
  const out = await commit(tx, [], 'changed');
  return out.ok ? { ok: true } : { ok: false, failed: out.failed };
}

