/**
 * Members: what they accepted in requestSubscribeMessage (counted per template) and which care
 * kinds they want. Admins: the care settings (audited) and the send log.
 */
import type { z } from 'zod';
import type { CareLogResponse, CarePreferencesResponse, CareSettingsResponse, SubscriptionsResponse } from '../../shared/contract';
import { CARE_KINDS, CONSENT_MOMENTS, kindOfTemplate, localDate, templatesToAsk, type CareKind, type CareSettings, type ConsentMoment } from '../../shared/domain';
import { getTemplate } from '../adapters/dynamo/coupon-repo';
import { addConsents, getCareOff, getCareSettings, listCareLogOfDay, listConsents, putCareOff, saveCareSettings } from '../adapters/dynamo/care-repo';
import { clock } from '../lib/clock';
import { fail, failAs } from '../lib/errors';
import type { Session } from '../lib/session';
import { resolveMemberId } from '../core';

type Out<T extends z.ZodType> = z.input<T>;

export async function reportSubscriptions(
  session: Session,
  body: { requestId: string; accepted: string[]; rejected: string[]; moment: ConsentMoment },
): Promise<Out<typeof SubscriptionsResponse>> {
  const memberId = await resolveMemberId(session);
  const { settings } = await getCareSettings();
  const accepted = [...new Set(body.accepted)];
  const rejected = [...new Set(body.rejected)];
  // Only the brand's own templates are counted (an old or foreign id would never be spent).
  const unknown = [...accepted, ...rejected].filter((t) => !kindOfTemplate(settings.templates, t));
  if (unknown.length) {
    throw fail('unknown_template', `not a template of this brand: ${unknown.join(', ')}`, [{ path: accepted.includes(unknown[0]!) ? 'accepted' : 'rejected', message: 'unknown template id' }]);
  }
  const fresh = accepted.length + rejected.length === 0 ? true : await addConsents(memberId, { requestId: body.requestId, accepted, rejected, moment: body.moment, at: clock.now().toISOString() });
  const counts = await listConsents(memberId);
  return {
    replayed: !fresh,
    counts: [...new Set([...accepted, ...rejected, ...counts.keys()])].map((t) => ({ kind: kindOfTemplate(settings.templates, t), templateId: t, remaining: counts.get(t) ?? 0 })),
  };
}

async function preferencesView(memberId: string, settings: CareSettings, off: CareKind[]): Promise<Out<typeof CarePreferencesResponse>> {
  const counts = await listConsents(memberId);
  return {
    preferences: Object.fromEntries(CARE_KINDS.map((k) => [k, !off.includes(k)])) as Record<CareKind, boolean>,
    templates: CARE_KINDS.map((k) => ({ kind: k, templateId: settings.templates[k].templateId, title: settings.templates[k].title, remaining: counts.get(settings.templates[k].templateId) ?? 0 })),
    ask: Object.fromEntries(CONSENT_MOMENTS.map((m) => [m, templatesToAsk(m, settings.templates, off)])) as Record<ConsentMoment, string[]>,
  };
}

export async function myCarePreferences(session: Session) {
  const memberId = await resolveMemberId(session);
  const [{ settings }, off] = await Promise.all([getCareSettings(), getCareOff(memberId)]);
  return preferencesView(memberId, settings, off);
}

export async function updateCarePreferences(session: Session, patch: Partial<Record<CareKind, boolean>>) {
  const memberId = await resolveMemberId(session);
  const [{ settings }, before] = await Promise.all([getCareSettings(), getCareOff(memberId)]);
  const off = CARE_KINDS.filter((k) => (patch[k] === undefined ? before.includes(k) : patch[k] === false));
  await putCareOff(memberId, off, clock.now().toISOString());
  return preferencesView(memberId, settings, off);
}

export async function adminCareSettings(): Promise<Out<typeof CareSettingsResponse>> {
  const s = await getCareSettings(true);
  return { settings: s.settings, rev: s.rev, updatedAt: s.updatedAt, updatedBy: s.updatedBy };
}

export async function adminPutCareSettings(session: Session, rev: number, settings: CareSettings): Promise<Out<typeof CareSettingsResponse>> {
  const couponId = settings.jobs.winback.couponTemplateId;
  if (couponId && !(await getTemplate(couponId))) {
    throw failAs('template_not_found', 'referenced', `no coupon template ${couponId}`, [{ path: 'settings.jobs.winback.couponTemplateId', message: 'no such coupon template' }]);
  }
  const before = await getCareSettings(true);
  if (before.rev !== rev) throw fail('settings_changed', 'the care settings were changed meanwhile; reload and try again');
  const at = clock.now().toISOString();
  const out = await saveCareSettings(settings, rev, { at, actor: session.openid, action: 'care.settings.update', target: 'care-settings', before: before.settings, after: settings });
  if (!out.ok) throw fail('settings_changed', 'the care settings were changed meanwhile; reload and try again');
  return adminCareSettings();
}

export async function adminCareLog(query: { day?: string | undefined; limit: number }): Promise<Out<typeof CareLogResponse>> {
  const day = query.day ?? localDate(clock.now());
  const entries = await listCareLogOfDay(day, query.limit);
  const counts: Record<string, number> = {};
  for (const e of entries) counts[e.outcome] = (counts[e.outcome] ?? 0) + 1;
  return {
    day,
    counts,
    // An attempt still `pending`/`sending` (a crash between the claim and the answer) shows as a WeChat error: it is never resent.
    entries: entries.map((e) => ({ ...e, outcome: e.outcome === 'pending' || e.outcome === 'sending' ? 'wechat_error' : e.outcome })),
  };
}
