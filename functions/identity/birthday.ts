/** The desk corrects a member's birthday (she sets it once herself), with a reason; audited. */
import type { z } from 'zod';
import type { BirthdayCorrectionResponse } from '../../shared/contract';
import { getMemberForMerge } from '../adapters/dynamo/merge-repo';
import { recordBirthdayCorrection } from '../adapters/dynamo/birthday-repo';
import { clock } from '../lib/clock';
import { fail } from '../lib/errors';
import type { Session } from '../lib/session';
import { optimistic, today } from '../core';

export async function correctBirthday(
  session: Session,
  memberId: string,
  body: { birthday: string; reason: string },
): Promise<z.input<typeof BirthdayCorrectionResponse>> {
  if (body.birthday > today() || body.birthday < '1900-01-01') {
    throw fail('invalid_input', 'invalid body: birthday', [{ path: 'birthday', message: 'not a real past date' }]);
  }
  return optimistic(async () => {
    const m = await getMemberForMerge(memberId);
    if (!m) throw fail('member_not_found', 'member not found');
    if (m.mergedInto) throw fail('member_merged', `this member was merged into ${m.mergedInto}`);
    const at = clock.now().toISOString();
    const out = await recordBirthdayCorrection({
      memberId,
      before: m.birthday,
      birthday: body.birthday,
      at,
      audit: { at, actor: session.openid, action: 'member.birthday.correct', target: `member:${memberId}`, before: { birthday: m.birthday }, after: { birthday: body.birthday, reason: body.reason } },
    });
    return out.ok ? { done: { memberId, birthday: body.birthday, previous: m.birthday } } : 'retry';
  });
}
