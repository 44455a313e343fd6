/**
 * Referrals (邀请有礼, issue 19): the member's invitation page (her code, created on first visit; the rules
 * in full; her friends masked, with their progress) and the admin's settings, leaderboard and signals.
 */
import { randomInt } from 'node:crypto';
import type { z } from 'zod';
import type { PosterCode } from '../../shared/contract/common';
import type { AdminReferralsResponse, MyReferralResponse, ReferralSettingsResponse } from '../../shared/contract/referrals';
import { HOME_PAGE } from '../../shared/domain/attribution';
import {
  DEFAULT_SIGNAL_THRESHOLDS,
  personLabelOrGone,
  rankReferrers,
  REFERRAL_STATE_LABELS,
  referralSignals,
  settingsProblems,
  type ReferralReward,
  type ReferralSettings,
  type ReferrerStats,
} from '../../shared/domain/referral';
import { getTemplate } from '../adapters/dynamo/coupon-repo';
import {
  allReferrerStats,
  createReferralCode,
  getReferralSettings,
  memberReferralCode,
  referralsByReferrer,
  saveReferralSettings,
  standingOf,
} from '../adapters/dynamo/referral-repo';
import { resolveMemberId } from '../core';
import { clock } from '../lib/clock';
import { fail, failAs } from '../lib/errors';
import type { Session } from '../lib/session';
import { posterCode } from '../wechat/collaboration';

type Out<T extends z.ZodType> = z.input<T>;

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // GROWTH_CODE: no 0/O, no 1/I
const newCode = () => Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');

export const sharePathOf = (code: string) => `/${HOME_PAGE}?ref=${code}`;

/** Her invitation as a printed mini-program code (小程序码): the home page with `ref=CODE` as its scene. */
export async function myReferralPoster(session: Session): Promise<Out<typeof PosterCode>> {
  const memberId = await resolveMemberId(session);
  const { settings } = await getReferralSettings();
  if (!settings.enabled) throw fail('referral_disabled', 'referrals are switched off');
  return posterCode({ page: HOME_PAGE, scene: `ref=${await codeOf(memberId)}` });
}

/** Her code, created once (a concurrent first visit or a drawn code already taken is read or drawn again). */
async function codeOf(memberId: string): Promise<string> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const have = await memberReferralCode(memberId);
    if (have) return have;
    const code = newCode();
    const out = await createReferralCode(memberId, code, clock.now().toISOString());
    if (out.ok) return code;
  }
  throw new Error(`referral code of ${memberId}: could not be created`);
}

async function couponNames(ids: (string | null)[]): Promise<Record<string, string | null>> {
  const unique = [...new Set(ids.filter((x): x is string => !!x))];
  const found = await Promise.all(unique.map((id) => getTemplate(id)));
  return Object.fromEntries(unique.map((id, i) => [id, found[i]?.template.definition.name ?? null]));
}

const rewardView = (r: ReferralReward, names: Record<string, string | null>) => ({ points: r.points, couponName: r.couponTemplateId ? (names[r.couponTemplateId] ?? null) : null });

export async function myReferral(session: Session): Promise<Out<typeof MyReferralResponse>> {
  const memberId = await resolveMemberId(session);
  const { settings } = await getReferralSettings();
  const [code, referrals, names] = await Promise.all([
    settings.enabled ? codeOf(memberId) : Promise.resolve(null),
    referralsByReferrer(memberId),
    couponNames([settings.referrer.couponTemplateId, settings.referee.couponTemplateId]),
  ]);
  const people = await standingOf(referrals.map((r) => r.refereeId));
  const rewarded = referrals.filter((r) => r.state === 'rewarded' || r.state === 'rewarding');
  return {
    enabled: settings.enabled,
    code,
    sharePath: code ? sharePathOf(code) : null,
    rulesText: settings.rulesText,
    rewards: { referrer: rewardView(settings.referrer, names), referee: rewardView(settings.referee, names) },
    minOrderFen: settings.minOrderFen,
    returnWindowDays: settings.returnWindowDays,
    counts: { invited: referrals.length, bought: referrals.filter((r) => r.bought).length, rewarded: rewarded.length },
    pointsEarned: rewarded.reduce((s, r) => s + (!r.referrerCapped && r.reward ? r.reward.referrer.points : 0), 0),
    referees: [...referrals]
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1))
      .map((r) => {
        return {
          label: personLabelOrGone(people.get(r.refereeId)),
          joinedAt: r.createdAt,
          state: r.state,
          stateLabel: r.state === 'rewarded' && r.referrerCapped ? '好友奖励已发放（您的奖励已达上限）' : REFERRAL_STATE_LABELS[r.state],
          maturesOn: r.state === 'pending' ? r.maturesOn : null,
          rewardedAt: r.rewardedAt,
          capped: r.referrerCapped,
        };
      }),
  };
}

// ---- admin -------------------------------------------------------------------------------------

export async function adminReferralSettings(): Promise<Out<typeof ReferralSettingsResponse>> {
  const { settings, rev } = await getReferralSettings();
  return { settings, rev, couponNames: await couponNames([settings.referrer.couponTemplateId, settings.referee.couponTemplateId]) };
}

export async function adminPutReferralSettings(session: Session, body: { rev: number; settings: ReferralSettings }): Promise<Out<typeof ReferralSettingsResponse>> {
  const settings: ReferralSettings = { ...body.settings, rulesText: body.settings.rulesText.trim() };
  const problems = settingsProblems(settings);
  if (problems.length > 0) throw fail('invalid_input', 'the referral settings do not hold together', problems);
  for (const side of ['referrer', 'referee'] as const) {
    const id = settings[side].couponTemplateId;
    if (id && !(await getTemplate(id))) throw failAs('template_not_found', 'referenced', `no coupon template ${id}`, [{ path: `settings.${side}.couponTemplateId`, message: 'no such coupon template' }]);
  }
  const before = await getReferralSettings();
  if (before.rev !== body.rev) throw fail('settings_changed', 'the referral settings were changed meanwhile; reload and try again');
  const out = await saveReferralSettings(settings, body.rev, { at: clock.now().toISOString(), actor: session.openid, action: 'referral.settings.update', target: 'referral-settings', before: before.settings, after: settings });
  if (!out.ok) throw fail('settings_changed', 'the referral settings were changed meanwhile; reload and try again');
  return adminReferralSettings();
}

export async function adminReferrals(): Promise<Out<typeof AdminReferralsResponse>> {
  const stats = await allReferrerStats();
  const leaderboard = rankReferrers(stats, 50);
  const signals = referralSignals(stats);
  const shown = [...leaderboard, ...signals.neverBuy.slice(0, 50), ...signals.returned.slice(0, 50)];
  const people = await standingOf(shown.map((s) => s.memberId));
  const row = (s: ReferrerStats) => ({ ...s, label: personLabelOrGone(people.get(s.memberId)) });
  const sum = (k: keyof Omit<ReferrerStats, 'memberId'>) => stats.reduce((t, s) => t + s[k], 0);
  return {
    totals: { referrers: stats.filter((s) => s.bound > 0).length, bound: sum('bound'), bought: sum('bought'), rewarded: sum('rewarded'), returned: sum('returned'), points: sum('points') },
    leaderboard: leaderboard.map(row),
    signals: { neverBuy: signals.neverBuy.slice(0, 50).map(row), returned: signals.returned.slice(0, 50).map(row), thresholds: DEFAULT_SIGNAL_THRESHOLDS },
  };
}
