import { randomBytes, randomInt } from 'node:crypto';
import type { MemberCodeResponse, MemberProfile, RegisterResponse, UpdateProfileRequest } from '../../shared/contract';
import { MEMBER_CODE_TTL_SECONDS, entryTier, makeMemberCode, normalizePhone } from '../../shared/domain';
import { afterRegistrationWrite, answerOwnRace, decideRegistration } from '../../shared/domain/registration';
import { pause } from '../adapters/dynamo/errors';
import { findIdentity } from '../adapters/dynamo/identity-repo';
import { putMemberCode } from '../adapters/dynamo/member-code-repo';
import {
  bindOpenid,
  createMember,
  findMemberIdByPhone,
  getMember,
  updateProfile,
  type MemberRecord,
} from '../adapters/dynamo/member-repo';
import { WeChatError, wechat } from '../adapters/wechat/client';
import { clock } from '../lib/clock';
import { fail } from '../lib/errors';
import { storeExists } from '../adapters/dynamo/brand-repo';
import type { Session } from '../lib/session';
import { brandOrFail, loadAccount, newMemberRecord, refuseFrozen, resolveMemberId, today } from '../core';
import { awardEvent } from '../points/collaboration';
import { welcomeGifts } from '../coupons/collaboration';
import { policyVersionsInForce, recordRegistrationConsent } from '../rights/collaboration';
import { logger } from '../lib/logger';
import { profileView } from './views';
import { plusBadgeOf } from '../membership/collaboration';
import { referrerByCode } from '../referrals/collaboration';
import { clerkByCode } from '../clerks/collaboration';

export function newMemberId(): string {
  return `m_${randomBytes(10).toString('hex')}`;
}


async function profileOf(memberId: string): Promise<MemberProfile> {
  const [acct, brand] = await Promise.all([loadAccount(memberId), brandOrFail()]);
  return profileView(acct, brand);
}

export async function getMyProfile(session: Session): Promise<MemberProfile> {
  const memberId = await resolveMemberId(session);
  // Her running paid membership's badge for the member card (issue 17), read beside the account.
  const [profile, plus] = await Promise.all([profileOf(memberId), plusBadgeOf(memberId, clock.now().toISOString())]);
  return { ...profile, plus };
}

export async function updateMyProfile(session: Session, patch: UpdateProfileRequest): Promise<MemberProfile> {
  const memberId = await resolveMemberId(session);
  if (patch.birthday) {
    const d = new Date(`${patch.birthday}T00:00:00Z`);
    const valid = !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === patch.birthday;
    const today = clock.now().toISOString().slice(0, 10);
    if (!valid || patch.birthday > today || patch.birthday < '1900-01-01') {
      throw fail('invalid_input', 'invalid body: birthday', [{ path: 'birthday', message: 'not a real past date' }]);
    }
  }
  // A birthday is set once (it drives the birthday-month multiplier and bonus); the desk corrects it.
  if ((await updateProfile(memberId, patch, clock.now().toISOString())) === 'birthday_locked') {
    throw fail('birthday_locked', 'the birthday is set once; ask the service desk to correct it', [{ path: 'birthday', message: 'already set' }]);
  }
  const after = await getMember(memberId);
  // Completing the profile (name, gender, birthday) earns its bonus once.
  if (after?.name && after.gender && after.birthday) await awardEvent(memberId, 'profileCompleted', 'once');
  return profileOf(memberId);
}

/**
 * Registration and account binding. The phone number comes from WeChat (getuserphonenumber);
 * a member who already has it (registered at a store, imported) gets this WeChat identity bound,
 * otherwise a member is created. Phone and openid uniqueness is enforced by the transaction's
 * conditions; a repeated or concurrent call answers the same member.
 */
/**
 * What a new member gets: the registration points and the registration gift coupons (新人礼), each
 * once; a repeated registration completes what an earlier call could not write.
 */
async function welcome(memberId: string) {
  await awardEvent(memberId, 'registration', 'once');
  try {
    await welcomeGifts(memberId);
  } catch (e) {
    logger.warn('registration gift not issued yet', { memberId, error: e as Error });
  }
}

/**
 * Who brought her in (issue 19), read before the phone code is spent: an unknown or stale code records
 * nothing (a poster or an invitation must never stop a registration); a clerk's QR names her store too.
 */
async function growthSources(codes: { referralCode?: string | undefined; clerkCode?: string | undefined }) {
  const [referrerId, clerk] = await Promise.all([
    codes.referralCode ? referrerByCode(codes.referralCode) : null,
    codes.clerkCode ? clerkByCode(codes.clerkCode) : null,
  ]);
  return { referrerId, clerk };
}

export async function register(
  session: Session,
  phoneCode: string,
  storeId?: string,
  shownVersions?: { terms: number; privacy: number },
  codes: { referralCode?: string | undefined; clerkCode?: string | undefined } = {},
): Promise<RegisterResponse> {
  const already = await findIdentity(session.openid);
  const first = decideRegistration({ openidMember: already.memberId, phoneOwner: null });
  if (first.step === 'answer') {
    // A repeat also completes a registration bonus an earlier call could not write.
    await welcome(first.memberId);
    return { ...(await profileOf(first.memberId)), bound: false, created: false };
  }
  // Checked before the phone code is spent, so the client can retry without the store.
  if (storeId && !(await storeExists(storeId))) {
    throw fail('unknown_store', 'no such store', [{ path: 'storeId', message: 'no such store' }]);
  }

  // The agreements she read must be the ones in force (checked before the phone code is spent); recorded on her below.
  const versions = await policyVersionsInForce();
  if (shownVersions && (shownVersions.terms !== versions.terms || shownVersions.privacy !== versions.privacy)) {
    throw fail('policy_outdated', 'the agreements changed since the page was opened', [{ path: 'policyVersions', message: 'not the versions in force' }]);
  }

  const found = await growthSources(codes);
  // A clerk registering herself through her own QR brings in nobody.
  const sources = { ...found, clerk: found.clerk && found.clerk.openid !== session.openid ? found.clerk : null };
  const brand = await brandOrFail();
  let phone: string;
  try {
    const p = await wechat.getPhoneNumber(phoneCode, session.openid);
    phone = normalizePhone(p.purePhoneNumber, p.countryCode);
  } catch (e) {
    if (e instanceof WeChatError && e.errcode === 40029) {
      // A double tap spends the code twice; if the first call registered us, answer that member.
      const again = await findIdentity(session.openid);
      if (again.memberId) return { ...(await profileOf(again.memberId)), bound: false, created: false };
      throw fail('invalid_phone_code', 'the phone authorisation code is invalid or already used; ask again', [
        { path: 'phoneCode', message: 'invalid or already used' },
      ]);
    }
    if (e instanceof WeChatError) throw fail('wechat_unavailable', `WeChat refused the phone lookup (${e.errcode})`);
    throw e;
  }

  // Read who has the phone, decide (bind or create), write one unit of work, decide on its outcome.
  const now = clock.now().toISOString();
  for (let attempt = 0; attempt < 6; attempt++) {
    const step = decideRegistration({ openidMember: null, phoneOwner: await findMemberIdByPhone(phone) });
    if (step.step === 'answer') break; // not reached: her openid had no member
    const member =
      step.step === 'create'
        ? newMemberRecord({
            memberId: newMemberId(),
            phone,
            openid: session.openid,
            name: null,
            entryTierCode: entryTier(brand.tiers).code,
            at: now,
            source: 'wechat',
            // A clerk's QR names her store; otherwise a store's poster.
            registrationStoreId: sources.clerk?.storeId ?? storeId ?? null,
            registrationClerk: sources.clerk?.openid ?? null,
            // Only a new member is referred (a member found by phone already existed).
            referrerId: sources.referrerId,
          })
        : null;
    const memberId = step.step === 'bind' ? step.memberId : member!.memberId;
    const out = step.step === 'bind' ? await bindOpenid(step.memberId, session.openid, now, now) : await createMember(member!);
    const next = afterRegistrationWrite(step, memberId, out);
    if (next.next === 'done') {
      await recordRegistrationConsent(next.memberId, versions, now, session.openid);
      await welcome(next.memberId);
      return { ...(await profileOf(next.memberId)), bound: next.bound, created: next.created };
    }
    if (next.next === 'own_race') return ownRace(session.openid, next.phoneOwner);
    if (next.next === 'refuse') throw fail('phone_bound_elsewhere', 'this phone number already belongs to another WeChat account');
    // retry: someone registered this phone meanwhile (bind it, or refuse, next round) or a concurrent write.
    await pause(attempt);
  }
  throw fail('busy', 'registration is busy; try again');
}

/** Our openid was bound meanwhile (a concurrent identical call): answer that member if it is this phone's. */
async function ownRace(openid: string, phoneOwner: string | null): Promise<RegisterResponse> {
  const r = answerOwnRace((await findIdentity(openid)).memberId, phoneOwner);
  if (!r.ok) throw r.refusal === 'busy' ? fail('busy', 'registration is busy; try again') : fail('wechat_bound_elsewhere', 'this WeChat account is already bound to another member');
  return { ...(await profileOf(r.memberId)), bound: false, created: false };
}

/** A fresh single-use code for the till. */
export async function issueMemberCode(session: Session): Promise<MemberCodeResponse> {
  const memberId = await resolveMemberId(session);
  // A frozen member shows no code (the till would refuse it anyway).
  refuseFrozen(await getMember(memberId));
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + MEMBER_CODE_TTL_SECONDS * 1000);
  for (let i = 0; i < 5; i++) {
    let digits = '';
    for (let d = 0; d < 15; d++) digits += String(randomInt(10));
    const code = makeMemberCode(digits);
    if (await putMemberCode(code, memberId, expiresAt, now)) return { code, expiresAt: expiresAt.toISOString() };
  }
  throw fail('busy', 'could not draw a free member code; try again');
}

