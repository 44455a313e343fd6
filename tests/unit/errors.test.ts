import { ERRORS, ERROR_CODES, errorStatus, errorStatuses, errorWording, fieldLabel, isErrorCode, type ErrorEntry } from '../../shared/contract/errors';

const HAN = /\p{Script=Han}/u;

describe('error catalogue', () => {
  test('codes are snake_case and listed once', () => {
    for (const code of ERROR_CODES) expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });

  test('every code has Chinese wording for members and staff and an English default message', () => {
    for (const code of ERROR_CODES) {
      const entry: ErrorEntry = ERRORS[code];
      expect([code, HAN.test(entry.member)]).toEqual([code, true]);
      expect([code, HAN.test(errorWording(code, 'staff')!)]).toEqual([code, true]);
      expect([code, entry.message.length > 0 && !HAN.test(entry.message)]).toEqual([code, true]);
    }
  });

  test('statuses the API answers with are 4xx or 503; only internal is 500 and only the client says 0', () => {
    for (const code of ERROR_CODES) {
      for (const s of errorStatuses(code)) {
        if (code === 'internal') expect(s).toBe(500);
        else if (code === 'network_error') expect(s).toBe(0);
        else expect([code, (s >= 400 && s < 500) || s === 503]).toEqual([code, true]);
      }
    }
  });

  test('a situation names another status; without one the code keeps its own', () => {
    expect(errorStatus('template_not_found')).toBe(404);
    expect(errorStatus('template_not_found', 'referenced')).toBe(422);
    expect(errorStatus('quiet_hours', 'state')).toBe(409);
    expect(errorStatuses('busy')).toEqual([503]);
  });

  test('lookups', () => {
    expect(isErrorCode('coupon_used')).toBe(true);
    expect(isErrorCode('toString')).toBe(false);
    expect(errorWording('no_such_code')).toBeUndefined();
    expect(errorWording('order_not_found', 'staff')).toBe('未找到该订单（请核对订单号和门店）');
    expect(errorWording('order_conflict', 'staff')).toBe('订单号已存在');
  });

  test('field labels: most specific first, a screen\'s own labels before the shared ones', () => {
    expect(fieldLabel('amountFen')).toBe('实付金额');
    expect(fieldLabel('amountFen', { amountFen: '退款金额' })).toBe('退款金额');
    expect(fieldLabel('items.0.unitPriceFen')).toBe('第 1 个商品的单价');
    expect(fieldLabel('schedule.recurring.at')).toBe('发送时间');
    expect(fieldLabel('somethingElse')).toBe('此项');
  });
});
