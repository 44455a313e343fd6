import fc from 'fast-check';
import { MAX_REFUNDS, mismatchOf, newOutTradeNo, reconcileAction, refundOutcome, refundRefusal, type OrderView } from '../../functions/pay/decide';

const order = (o: Partial<OrderView> = {}): OrderView => ({ outTradeNo: 'HY20261201120000ABCDEFGHIJ', amountFen: 50_000, state: 'paid', expiresAt: '2026-12-01T04:15:00.000Z', refundedFen: 0, refundCount: 0, ...o });
const ours = { appid: 'wxapp', mchid: '1900000109' };
const facts = (o: Record<string, unknown> = {}) => ({ appid: 'wxapp', mchid: '1900000109', outTradeNo: 'HY20261201120000ABCDEFGHIJ', tradeState: 'SUCCESS', totalFen: 50_000, ...o });

test('out_trade_no: HY + Beijing time + 10 base36, within WeChat Pay rules', () => {
  expect(newOutTradeNo(new Date('2026-12-01T16:30:05Z'), 'abc123xyz0')).toBe('HY20261202003005ABC123XYZ0');
  fc.assert(
    fc.property(fc.date({ min: new Date('2020-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }), fc.string({ maxLength: 20 }), (d, r) => {
      expect(newOutTradeNo(d, r)).toMatch(/^HY\d{14}[0-9A-Z]{10}$/);
    }),
  );
});

test('facts are ours only when appid, mchid, number and amount match', () => {
  expect(mismatchOf(order(), facts(), ours)).toBeNull();
  expect(mismatchOf(order(), facts({ totalFen: 49_999 }), ours)?.reason).toBe('amount_mismatch');
  expect(mismatchOf(order(), facts({ appid: 'other' }), ours)?.reason).toBe('appid_mismatch');
  expect(mismatchOf(order(), facts({ mchid: '1' }), ours)?.reason).toBe('mchid_mismatch');
  expect(mismatchOf(order(), facts({ outTradeNo: 'HYX' }), ours)?.reason).toBe('order_mismatch');
});

test('reconciliation: credit on SUCCESS, close unpaid only past time_expire (+1 min), mark closed what WeChat closed', () => {
  const o = order({ state: 'created' });
  const before = new Date('2026-12-01T04:15:30Z');
  const after = new Date('2026-12-01T04:16:01Z');
  expect(reconcileAction(o, 'SUCCESS', before)).toBe('credit');
  expect(reconcileAction(o, 'NOTPAY', before)).toBe('wait');
  expect(reconcileAction(o, 'USERPAYING', before)).toBe('wait');
  expect(reconcileAction(o, 'NOTPAY', after)).toBe('close');
  for (const s of ['CLOSED', 'REVOKED', 'PAYERROR']) expect(reconcileAction(o, s, before)).toBe('mark_closed');
  expect(reconcileAction(o, 'REFUND', before)).toBe('exception');
});

test('refunds: only a paid order, never more than paid in total, at most 50', () => {
  expect(refundRefusal(order({ state: 'created' }), 1)).toBe('not_paid');
  expect(refundRefusal(order(), 0)).toBe('bad_amount');
  expect(refundRefusal(order({ refundedFen: 49_000 }), 1_001)).toBe('too_much');
  expect(refundRefusal(order({ refundedFen: 49_000 }), 1_000)).toBeNull();
  expect(refundRefusal(order({ refundCount: MAX_REFUNDS - 1 }), 1)).toBeNull();
  expect(refundRefusal(order({ refundCount: MAX_REFUNDS }), 1)).toBe('too_many');
  // Any sequence of accepted refunds stays within the amount and the count.
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: 20_000 }), { maxLength: 80 }), (asks) => {
      let o = order();
      for (const f of asks) if (!refundRefusal(o, f)) o = { ...o, refundedFen: o.refundedFen + f, refundCount: o.refundCount + 1 };
      expect(o.refundedFen).toBeLessThanOrEqual(o.amountFen);
      expect(o.refundCount).toBeLessThanOrEqual(MAX_REFUNDS);
    }),
  );
});

test('refund statuses: SUCCESS done, ABNORMAL and CLOSED failed, PROCESSING pending', () => {
  expect(refundOutcome('SUCCESS')).toBe('success');
  expect(refundOutcome('ABNORMAL')).toBe('failed');
  expect(refundOutcome('CLOSED')).toBe('failed');
  expect(refundOutcome('PROCESSING')).toBe('pending');
});
