/**
 * The one way a care message goes out. For a member and an occasion (her once-only reason for the
 * message, e.g. birthday-2026 or campaign-<id>-<runId>):
 *   1. claim the occasion (a log item created once: a rerun or a second caller sends nothing);
 *   2. her preference for the kind (turned off: opted_out);
 *   3. quiet hours (deferred: recorded, and the occasion may be tried again after them);
 *   4. one transaction: spend one acceptance of the template (count > 0), count the week's cap,
 *      mark the log `sending` — before WeChat is called, so nothing is ever sent without one;
 *   5. send, and record the outcome (43101 sets our count to 0). WeChat busy or rate-limited (-1, 45009: nothing
 *      sent) gives the acceptance and the cap slot back and leaves the occasion to a later run; no answer (the
 *      outcome unknown) is never retried: a member gets a message at most once.
 */
import { CAP_EXEMPT, capPeriod, isQuietAt, isValidOccasion, localDate, renderFields, type CareKind, type CareOutcome } from '../../shared/domain';
import { randomUUID } from 'node:crypto';
import { claimOccasion, getCareSettings, readRecipient, recordOutcome, releaseCap, restoreConsent, spendForSend, unreserveSend, zeroConsent } from '../adapters/dynamo/care-repo';
import { WECHAT_CALL_TIMEOUT_MS, WECHAT_NO_ANSWER, WECHAT_RETRYABLE, wechat, WeChatError } from '../adapters/wechat/client';
import { budgetLeftMs, BudgetSpentError, budgetTotalMs, withGrace } from '../adapters/budget';
import { clock } from '../lib/clock';
import { logger } from '../lib/logger';
import { countMetric } from '../lib/metrics';

/**
 * True when the current budget (if any) leaves too little time to start a send: a reservation is made only with
 * time left for WeChat's answer (4 s at most) and its record, or half a budget shorter than twice that. A budget
 * spent halfway would leave the occasion reserved and the message unsent; refused here, the occasion stays
 * claimable by the next run.
 */
export function tooLateToSend(): boolean {
  const left = budgetLeftMs();
  if (left === null) return false;
  return left < Math.min(WECHAT_CALL_TIMEOUT_MS + 1000, (budgetTotalMs() ?? 0) / 2);
}

export interface CareRequest {
  memberId: string;
  kind: CareKind;
  /** The member's once-only reason for this message. Letters, digits and - _ . : # only, at most 160. */
  occasion: string;
  /** Values for the template's {placeholders} (or, with no field mapping, the WeChat data keys themselves). */
  data: Record<string, string>;
  /** Mini-program page the message opens; the template's page when absent. */
  page?: string;
  /** Another subscribe template than the kind's (a campaign's own); its data is sent as given when it has no mapping. */
  templateId?: string;
}

export interface CareResult {
  outcome: CareOutcome;
  errcode?: number;
}

/** Send outcomes as business metrics: sent, refused for want of consent, failed at WeChat (other outcomes are policy, not counted). */
function countSendOutcome(channel: 'Care' | 'Campaign', outcome: CareOutcome): void {
  if (outcome === 'sent') countMetric(`${channel}Sent`);
  else if (outcome === 'no_consent') countMetric(`${channel}RefusedNoConsent`);
  else if (outcome === 'wechat_error') countMetric(`${channel}Failed`);
}

export async function deliverCare(req: CareRequest): Promise<CareResult> {
  if (!isValidOccasion(req.occasion)) throw new Error(`invalid care occasion: ${req.occasion}`);
  const now = clock.now();
  const at = now.toISOString();
  const { settings } = await getCareSettings();
  const tpl = settings.templates[req.kind];
  const templateId = req.templateId ?? tpl.templateId;
  const claimed = await claimOccasion({ memberId: req.memberId, occasion: req.occasion, kind: req.kind, templateId, at, day: localDate(now) });
  if (!claimed) return { outcome: 'duplicate' };

  // Recording an outcome follows what was done (or found) and must not be cut short by a spent budget.
  const finish = async (outcome: CareOutcome, errcode?: number, msgid?: string) => {
    await withGrace(() => recordOutcome(req.memberId, req.occasion, outcome, clock.now().toISOString(), { errcode: errcode ?? null, msgid: msgid ?? null }));
    countSendOutcome(req.kind === 'campaign' ? 'Campaign' : 'Care', outcome);
    return errcode === undefined ? { outcome } : { outcome, errcode };
  };

  const who = await readRecipient(req.memberId);
  // No member or no WeChat identity (imported, never signed in): she cannot have accepted anything.
  if (!who || !who.openid) return finish('no_consent');
  if (who.off.includes(req.kind)) return finish('opted_out');
  if (isQuietAt(now, settings.quietHours)) return finish('quiet_hours');

  const week = capPeriod(now);
  const cap = CAP_EXEMPT.has(req.kind) ? null : settings.weeklyCap;
  // Issue 20: nothing but the send itself may fail between the reservation and WeChat. The access token is
  // made ready first; if the reservation's own outcome cannot be learnt, it is undone (never sent, claimable again).
  await wechat.prepare();
  if (tooLateToSend()) throw new BudgetSpentError('send a care message');
  const by = randomUUID();
  let reserved: Awaited<ReturnType<typeof spendForSend>>;
  try {
    reserved = await spendForSend({ memberId: req.memberId, occasion: req.occasion, templateId, week, cap, at, by });
  } catch (e) {
    await withGrace(() => unreserveSend({ memberId: req.memberId, occasion: req.occasion, templateId, week, cap, by })).catch(() => false);
    throw e;
  }
  if (reserved === 'duplicate') return { outcome: 'duplicate' };
  if (reserved !== 'ok') return finish(reserved);

  // A request naming its template (a campaign) brings its own WeChat fields, sent as given; a care
  // job's data fills the settings' field mapping of its kind.
  const data = req.templateId ? renderFields({}, req.data) : renderFields(tpl.fields, { name: who.name ?? '会员', ...req.data });
  let msgid: string;
  try {
    const r = await wechat.sendSubscribeMessage({
      touser: who.openid,
      template_id: templateId,
      page: req.page ?? tpl.page,
      data,
    });
    msgid = String(r.msgid);
  } catch (e) {
    const errcode = e instanceof WeChatError ? e.errcode : WECHAT_NO_ANSWER;
    logger.warn('care message not sent', { memberId: req.memberId, occasion: req.occasion, errcode });
    await withGrace(async () => {
      if (errcode === 43101) await zeroConsent(req.memberId, templateId, clock.now().toISOString());
      if (WECHAT_RETRYABLE.has(errcode)) await restoreConsent(req.memberId, templateId);
      if (!CAP_EXEMPT.has(req.kind) && errcode !== WECHAT_NO_ANSWER) await releaseCap(req.memberId, week);
    });
    return finish('wechat_error', errcode);
  }
  // Sent: recorded outside the send's own failure handling, so a failure to record is never taken for WeChat's.
  return finish('sent', undefined, msgid);
}
