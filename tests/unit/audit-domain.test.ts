import { actorLabel, auditActionLabel, auditMemberLabel, auditMemberOf, auditRangeBounds, maskPhonesDeep } from '../../shared/domain/audit';

test('a Beijing date range as sort-key bounds: both days whole, UTC+8', () => {
  const { lo, hi } = auditRangeBounds('2026-12-01', '2026-12-01');
  expect(lo).toBe('2026-11-30T16:00:00.000Z');
  expect(hi).toBe('2026-12-01T15:59:59.999Z~');
  // Sort keys <at>#<id> of that day fall inside; the first instant of the next day does not.
  expect('2026-12-01T15:59:59.999Z#abcd1234' <= hi).toBe(true);
  expect('2026-12-01T16:00:00.000Z#abcd1234' <= hi).toBe(false);
  expect('2026-11-30T15:59:59.999Z#abcd1234' >= lo).toBe(false);
  expect(auditRangeBounds(undefined, undefined)).toEqual({ lo: '0000', hi: '9999~' });
});

test('phones inside what changed are masked, other digits kept', () => {
  expect(maskPhonesDeep({ phones: ['13812345678'], note: '回电 13912345678。订单 T1764547200000', n: 5, deep: [{ p: '13800001111' }] })).toEqual({
    phones: ['138****5678'],
    note: '回电 139****5678。订单 T1764547200000',
    n: 5,
    deep: [{ p: '138****1111' }],
  });
  expect(maskPhonesDeep(null)).toBeNull();
});

test('actors by name or role, never by openid; actions in Chinese; the member an entry concerns', () => {
  expect(actorLabel('seed', null)).toEqual({ label: '系统初始化', role: 'system' });
  expect(actorLabel('oAbc123', null)).toEqual({ label: '未知用户', role: 'unknown' });
  expect(actorLabel('oAbc123', { name: null, admin: true, staff: false, staffStoreName: null, member: true }).label).toBe('管理员');
  expect(actorLabel('oAbc123', { name: '张敏', admin: true, staff: false, staffStoreName: null, member: false }).label).toBe('张敏（管理员）');
  expect(actorLabel('oAbc123', { name: null, admin: false, staff: true, staffStoreName: '静安店', member: false }).label).toBe('店员 · 静安店');
  expect(actorLabel('oAbc123', { name: null, admin: false, staff: false, staffStoreName: null, member: false }).label).not.toMatch(/[A-Za-z]/);
  expect(auditActionLabel('member.phone_revealed')).toBe('查看会员完整手机号');
  expect(auditActionLabel('something.new')).toBe('其他操作');
  expect(auditMemberOf('member:m_abc', null)).toBe('m_abc');
  expect(auditMemberOf('complaint:C1', { memberId: 'm_x' })).toBe('m_x');
  expect(auditMemberOf('rules', { memberId: 5 })).toBeNull();
  expect(auditMemberLabel({ name: '李梅', phone: '13712340077' })).toBe('李梅 137****0077');
});
