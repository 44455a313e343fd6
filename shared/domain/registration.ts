/**
 * Registration and account binding, the pure decisions (the use case is `register` in
 * functions/members/members.ts). A WeChat identity (openid) and a phone each belong to at most one
 * member: the unit of work's conditions on their lookup items decide races; these functions decide
 * what to write from what was read, and what a failed write means.
 *
 * Invariants (tests/unit/register-decision.test.ts, fast-check over a model of the conditions): a
 * phone and an openid each belong to at most one member; a registration answers the member that
 * holds her openid, never another's; repeating it answers the same member.
 */

/** What to write for a registration, from what was read. */
export type RegistrationStep =
  /** Her openid already has a member: answer it (and complete its welcome). */
  | { step: 'answer'; memberId: string }
  /** The phone belongs to a member without this WeChat identity (registered at a store, imported): bind it. */
  | { step: 'bind'; memberId: string }
  /** Nobody has the phone: a new member with the phone and the openid. */
  | { step: 'create' };

export function decideRegistration(read: { openidMember: string | null; phoneOwner: string | null }): RegistrationStep {
  if (read.openidMember) return { step: 'answer', memberId: read.openidMember };
  if (read.phoneOwner) return { step: 'bind', memberId: read.phoneOwner };
  return { step: 'create' };
}

/** What the unit of work answered (the adapters' WriteOutcome). */
export type RegistrationWrite = 'ok' | 'phone_taken' | 'openid_taken' | 'member_has_other_openid' | 'conflict';

export type RegistrationNext =
  /** Done: welcome the member and answer her (bound: an existing member got this openid; created: a new one). */
  | { next: 'done'; memberId: string; bound: boolean; created: boolean }
  /** The openid was bound meanwhile (a concurrent identical call): read it and answer via `answerOwnRace`. */
  | { next: 'own_race'; phoneOwner: string | null }
  /** The phone belongs to another WeChat account. */
  | { next: 'refuse'; refusal: 'phone_bound_elsewhere' }
  /** Someone registered the phone meanwhile, or a concurrent write: read again and decide again. */
  | { next: 'retry' };

/** What a bind or a create's outcome means. `memberId` is the member bound or created. */
export function afterRegistrationWrite(step: Exclude<RegistrationStep, { step: 'answer' }>, memberId: string, out: RegistrationWrite): RegistrationNext {
  if (out === 'ok') return { next: 'done', memberId, bound: step.step === 'bind', created: step.step === 'create' };
  if (out === 'openid_taken') return { next: 'own_race', phoneOwner: step.step === 'bind' ? step.memberId : null };
  if (out === 'member_has_other_openid') return { next: 'refuse', refusal: 'phone_bound_elsewhere' };
  return { next: 'retry' };
}

/**
 * Our openid was bound meanwhile: answer that member when it is the phone's owner (or nobody owned
 * the phone); another member's openid means this WeChat account is bound elsewhere; none read yet: busy.
 */
export function answerOwnRace(openidMember: string | null, phoneOwner: string | null): { ok: true; memberId: string } | { ok: false; refusal: 'busy' | 'wechat_bound_elsewhere' } {
  if (!openidMember) return { ok: false, refusal: 'busy' };
  if (phoneOwner && openidMember !== phoneOwner) return { ok: false, refusal: 'wechat_bound_elsewhere' };
  return { ok: true, memberId: openidMember };
}
