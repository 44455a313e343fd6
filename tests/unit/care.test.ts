import fc from 'fast-check';
import {
  CARE_KINDS,
  CONSENT_MOMENTS,
  DEFAULT_CARE_SETTINGS,
  capPeriod,
  isQuietAt,
  isValidOccasion,
  localMinutes,
  occasions,
  renderFields,
  templatesToAsk,
  withDefaults,
} from '../../shared/domain';
import { CareSettingsSchema } from '../../shared/contract';

/** An instant at a local (Asia/Shanghai, UTC+8) wall-clock time. */
const local = (d: string, hhmm: string) => new Date(`${d}T${hhmm}:00+08:00`);

describe('quiet hours (Asia/Shanghai)', () => {
  const q = { start: '21:00', end: '09:00' };
  test('a window over midnight: 21:00 to 09:00 local is quiet, the rest is not', () => {
    expect(isQuietAt(local('2026-11-23', '20:59'), q)).toBe(false);
    expect(isQuietAt(local('2026-11-23', '21:00'), q)).toBe(true);
    expect(isQuietAt(local('2026-11-24', '00:30'), q)).toBe(true);
    expect(isQuietAt(local('2026-11-24', '08:59'), q)).toBe(true);
    expect(isQuietAt(local('2026-11-24', '09:00'), q)).toBe(false);
    // 02:00 UTC is 10:00 in Shanghai: the scheduled jobs' hour is not quiet.
    expect(isQuietAt(new Date('2026-11-24T02:00:00Z'), q)).toBe(false);
    // 14:00 UTC is 22:00 in Shanghai.
    expect(isQuietAt(new Date('2026-11-24T14:00:00Z'), q)).toBe(true);
  });
  test('a window within a day, none, and an empty window', () => {
    expect(isQuietAt(local('2026-11-23', '12:30'), { start: '12:00', end: '14:00' })).toBe(true);
    expect(isQuietAt(local('2026-11-23', '14:00'), { start: '12:00', end: '14:00' })).toBe(false);
    expect(isQuietAt(local('2026-11-23', '03:00'), null)).toBe(false);
    expect(isQuietAt(local('2026-11-23', '03:00'), { start: '09:00', end: '09:00' })).toBe(false);
  });
  test('property: quiet exactly when the local minute is in [start, end) modulo a day', () => {
    const hhmm = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    fc.assert(
      fc.property(hhmm, hhmm, fc.integer({ min: 0, max: 7 * 86_400_000 }), (start, end, offset) => {
        const t = new Date(Date.UTC(2026, 10, 23) + offset);
        const m = localMinutes(t);
        const toMin = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3));
        const s = toMin(start);
        const e = toMin(end);
        const expected = s === e ? false : s < e ? m >= s && m < e : m >= s || m < e;
        return isQuietAt(t, { start, end }) === expected;
      }),
    );
  });
});

describe('weekly cap period', () => {
  test('the ISO week of the local day: Monday starts a week; Sunday 23:30 local is still the old week', () => {
    expect(capPeriod(local('2026-11-23', '00:10'))).toBe('2026-W48'); // Monday
    expect(capPeriod(local('2026-11-29', '23:30'))).toBe('2026-W48'); // Sunday, = 15:30 UTC
    expect(capPeriod(local('2026-11-30', '00:10'))).toBe('2026-W49'); // Monday again (16:10 UTC Sunday)
    expect(capPeriod(new Date('2026-11-29T16:10:00Z'))).toBe('2026-W49');
  });
});

describe('occasion keys', () => {
  test('one key per reason: stable, distinct between kinds, safe in a sort key', () => {
    const keys = [
      occasions.birthday('2026'),
      occasions.pointsExpiring('2026-11-30'),
      occasions.tier('2026-11-23T02:00:00.000Z'),
      occasions.couponExpiring('2026-11-26'),
      occasions.winback('2026-08-25'),
      occasions.complaint('c_123', '2026-11-23T03:00:00.000Z'),
      occasions.campaign('cmp_1', 'run 7/x'),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of keys) expect(isValidOccasion(k)).toBe(true);
    expect(occasions.birthday('2026')).toBe('birthday-2026');
    expect(occasions.birthday('2027')).not.toBe(occasions.birthday('2026'));
    expect(occasions.campaign('cmp_1', 'run 7/x')).toBe('campaign-cmp_1-run_7_x');
    expect(isValidOccasion('')).toBe(false);
    expect(isValidOccasion('a b')).toBe(false);
    expect(isValidOccasion('x'.repeat(161))).toBe(false);
  });
});

describe('templates and fields', () => {
  test('at most three templates per moment, distinct, leaving out kinds turned off', () => {
    for (const m of CONSENT_MOMENTS) {
      const ids = templatesToAsk(m, DEFAULT_CARE_SETTINGS.templates);
      expect(ids.length).toBeGreaterThan(0);
      expect(ids.length).toBeLessThanOrEqual(3);
      expect(new Set(ids).size).toBe(ids.length);
    }
    expect(templatesToAsk('register', DEFAULT_CARE_SETTINGS.templates, ['birthday'])).not.toContain(DEFAULT_CARE_SETTINGS.templates.birthday.templateId);
  });
  test('fields are filled from the data and cut to WeChat limits by key type', () => {
    const out = renderFields({ thing1: '{name}，生日快乐', number2: '{points}', phrase3: '{state}', thing4: '{missing}' }, { name: '一个名字非常非常非常非常长的会员朋友们', points: '120', state: '处理完成了吗' });
    expect([...out.thing1!.value].length).toBe(20);
    expect(out.number2).toEqual({ value: '120' });
    expect(out.phrase3!.value).toBe('处理完成了');
    expect(out.thing4).toEqual({ value: '-' });
    // No mapping: the data's own keys are the WeChat keys (a campaign's own template).
    expect(renderFields({}, { thing1: '双十二', thing2: '全场八折' })).toEqual({ thing1: { value: '双十二' }, thing2: { value: '全场八折' } });
  });
  test('defaults are valid settings; a partial stored item is completed from them', () => {
    expect(CareSettingsSchema.safeParse(DEFAULT_CARE_SETTINGS).success).toBe(true);
    const s = withDefaults({ weeklyCap: 5, jobs: { pointsExpiring: { enabled: false, days: 3 } } as never });
    expect(s.weeklyCap).toBe(5);
    expect(s.jobs.pointsExpiring).toEqual({ enabled: false, days: 3 });
    expect(s.jobs.birthday.enabled).toBe(true);
    expect(Object.keys(s.templates).sort()).toEqual([...CARE_KINDS].sort());
  });
});
