/** The warnings an admin edit earns before it is saved: earning dropping to 0, ×/÷ more than 3, a threshold moved by more than half. */
import { changeLine, rateWarning, shiftWarning } from '../../shared/domain/changes';

describe('admin change warnings', () => {
  it('warns when earning drops to 0 or a rate is multiplied or divided by more than 3', () => {
    expect(rateWarning('每元积分', 1, 0)).toBe('每元积分降为 0：此后不再因此获得积分');
    expect(rateWarning('每元积分', 1, 4)).toContain('4 倍');
    expect(rateWarning('每元积分', 3, 0.5)).toContain('降到原来的');
    expect(rateWarning('每元积分', 1, 3)).toBeUndefined();
    expect(rateWarning('每元积分', 2, 1)).toBeUndefined();
    expect(rateWarning('注册有礼', 0, 100)).toBeUndefined();
  });

  it('warns when a threshold moves by more than half, up or down', () => {
    expect(shiftWarning('银卡会员的门槛', 50_000, 200_000)).toBe('银卡会员的门槛提高了 300%，请确认');
    expect(shiftWarning('金卡会员的门槛', 150_000, 30_000)).toBe('金卡会员的门槛降低了 80%，请确认');
    expect(shiftWarning('金卡会员的门槛', 150_000, 100_000)).toBeUndefined();
    expect(shiftWarning('普通会员的门槛', 0, 0)).toBeUndefined();
  });

  it('lists a setting only when it changed', () => {
    expect(changeLine('冻结天数', '7 天', '7 天')).toEqual([]);
    expect(changeLine('冻结天数', '7 天', '0 天')).toEqual([{ label: '冻结天数', before: '7 天', after: '0 天' }]);
  });
});
