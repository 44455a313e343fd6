/** The brand's check-in settings: on or off, the streak rewards, their cap (audited, saved at the revision read). */
import type { CheckInSettings } from '../../shared/contract/checkin';
import { streakSteps } from '../../shared/domain/checkin';
import { getCheckInSettings, saveCheckInSettings } from '../adapters/dynamo/checkin-repo';
import { clock } from '../lib/clock';
import { fail } from '../lib/errors';
import type { Session } from '../lib/session';

export function checkInSettings() {
  return getCheckInSettings();
}

export async function putCheckInSettings(session: Session, body: { rev: number; settings: CheckInSettings }) {
  const before = await getCheckInSettings();
  if (before.rev !== body.rev) throw fail('settings_changed', 'the check-in settings were changed meanwhile; reload and try again');
  // Kept in order of length, so the member's page and the decision read them the same way.
  const settings: CheckInSettings = { ...body.settings, streakRewards: streakSteps(body.settings) };
  const out = await saveCheckInSettings(settings, body.rev, {
    at: clock.now().toISOString(),
    actor: session.openid,
    action: 'checkin.settings.update',
    target: 'checkin-settings',
    before: before.settings,
    after: settings,
  });
  if (!out.ok) throw fail('settings_changed', 'the check-in settings were changed meanwhile; reload and try again');
  return getCheckInSettings();
}
