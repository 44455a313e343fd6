/**
 * Demo growth for `npm start` (issue 19; not for the tests): 邀请有礼 switched on with its default rewards and
 * rules, and one published questionnaire (肤质 and 关注 with tags, 20 points). Through the use cases, audited as
 * `seed`; idempotent: written only when the brand has none.
 */
import { adminPutReferralSettings, adminReferralSettings } from '../../functions/referrals/referrals';
import { adminSurveys, createDraft, publish } from '../../functions/surveys/admin';
import type { Session } from '../../functions/lib/session';

const seed: Session = { openid: 'seed', memberId: null, roles: ['admin'], storeId: null };

export async function seedDemoGrowth(): Promise<{ written: number }> {
  let written = 0;
  const referral = await adminReferralSettings();
  if (referral.rev === 0) {
    await adminPutReferralSettings(seed, { rev: 0, settings: { ...referral.settings, enabled: true } });
    written++;
  }
  const surveys = await adminSurveys();
  if (surveys.surveys.length === 0) {
    const draft = await createDraft(seed, {
      title: '护肤小调查',
      intro: '两道题，帮我们为您推荐合适的商品。',
      audience: { kind: 'all' },
      points: 20,
      questions: [
        { kind: 'single', title: '您的肤质是？', required: true, factKey: '肤质', options: [{ label: '干性', tag: '干性肌' }, { label: '油性', tag: '油性肌' }, { label: '混合性' }, { label: '敏感肌', tag: '敏感肌' }] },
        { kind: 'multiple', title: '您最关注哪些功效？', required: false, options: [{ label: '保湿', tag: '关注保湿' }, { label: '美白', tag: '关注美白' }, { label: '抗老', tag: '关注抗老' }] },
      ],
    });
    await publish(seed, draft.id);
    written++;
  }
  return { written };
}
