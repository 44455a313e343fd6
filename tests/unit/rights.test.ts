import fc from 'fast-check';
import { BUILT_IN_POLICIES, latestPolicy, nextPolicyVersion, policyInForce, type PolicyVersionRecord } from '../../shared/domain/policies';
import { DELETION_GRACE_DAYS, daysLeft, decideDeletionRequest, decidePush, deletionDueAt, readPushBody, type DeletionRecord } from '../../shared/domain/rights';
import { DATA_COPY_SECTIONS, buildDataCopy } from '../../shared/domain/data-copy';
import { pushSignature } from '../../functions/rights/push';
import { pushSignature as standInSignature } from '../../infra/wechat-standin/server';

const v = (version: number, effectiveFrom: string): PolicyVersionRecord => ({ ...BUILT_IN_POLICIES.terms, version, effectiveFrom, savedAt: '2026-01-01T00:00:00.000Z', savedBy: 'a' });

describe('agreement versions', () => {
  test('the version in force is the newest whose day has come; none saved: the built-in text', () => {
    expect(policyInForce('terms', [], '2026-12-01').version).toBe(1);
    const saved = [v(2, '2026-06-01'), v(3, '2027-01-01')];
    expect(policyInForce('terms', saved, '2026-05-31').version).toBe(1);
    expect(policyInForce('terms', saved, '2026-12-01').version).toBe(2);
    expect(policyInForce('terms', saved, '2027-01-01').version).toBe(3);
    expect(latestPolicy('terms', saved).version).toBe(3);
  });
  test('a new version starts today or later', () => {
    expect(nextPolicyVersion([v(2, '2026-06-01')], 'terms', '2026-11-30', '2026-12-01')).toEqual({ ok: false, refusal: 'policy_date_past' });
    expect(nextPolicyVersion([v(2, '2026-06-01')], 'terms', '2026-12-01', '2026-12-01')).toEqual({ ok: true, version: 3 });
  });
  test('the privacy policy says where to export and delete', () => {
    expect(JSON.stringify(BUILT_IN_POLICIES.privacy.sections)).toContain('我的数据');
  });
});

describe('deletion requests', () => {
  const now = new Date('2026-12-01T02:00:00.000Z');
  const pending: DeletionRecord = { memberId: 'm_1', state: 'pending', source: 'member', requestedAt: now.toISOString(), dueAt: deletionDueAt(now, 'member') };
  test('15 days of grace, none for a cancelled WeChat account', () => {
    expect(Date.parse(deletionDueAt(now, 'member')) - now.getTime()).toBe(DELETION_GRACE_DAYS * 86_400_000);
    expect(deletionDueAt(now, 'wechat_account_cancelled')).toBe(now.toISOString());
    expect(daysLeft(pending.dueAt, now)).toBe(15);
    expect(daysLeft(pending.dueAt, new Date(now.getTime() + 14.5 * 86_400_000))).toBe(1);
    expect(daysLeft(pending.dueAt, new Date(now.getTime() + 20 * 86_400_000))).toBe(0);
  });
  test('a repeat answers the pending request; a cancelled one may be asked again; a family member leaves first', () => {
    expect(decideDeletionRequest({ existing: pending, inFamily: false, source: 'member', now })).toEqual({ step: 'answer' });
    expect(decideDeletionRequest({ existing: { ...pending, state: 'cancelled' }, inFamily: false, source: 'member', now }).step).toBe('request');
    expect(decideDeletionRequest({ existing: null, inFamily: true, source: 'member', now })).toEqual({ step: 'refuse', refusal: 'deletion_in_family' });
    expect(decideDeletionRequest({ existing: null, inFamily: true, source: 'wechat_phone_revoked', now }).step).toBe('request');
    expect(decideDeletionRequest({ existing: pending, inFamily: false, source: 'wechat_account_cancelled', now })).toEqual({ step: 'request', dueAt: now.toISOString() });
    expect(decideDeletionRequest({ existing: { ...pending, state: 'erasing' }, inFamily: false, source: 'member', now })).toEqual({ step: 'answer' });
  });
});

describe("WeChat's user-information push", () => {
  test('our signature is the stand-in\'s (sha1 over the sorted token, timestamp, nonce)', () => {
    fc.assert(fc.property(fc.string(), fc.string(), fc.string(), (t, ts, n) => pushSignature(t, ts, n) === standInSignature(t, ts, n)));
    // WeChat's documented example shape: 40 hex characters.
    expect(pushSignature('token', '1626857200', '123456')).toMatch(/^[0-9a-f]{40}$/);
  });
  test('JSON and XML bodies read alike (keys trimmed, as in one of WeChat\'s samples)', () => {
    const json = readPushBody('{"ToUserName":"gh_1","MsgType":"event","Event":"user_authorization_revoke"," OpenID":"o1","AppID":"wx1"," RevokeInfo":"8","CreateTime":1627359464}');
    const xml = readPushBody('<xml><ToUserName><![CDATA[gh_1]]></ToUserName><CreateTime>1627359464</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[user_authorization_revoke]]></Event><OpenID><![CDATA[o1]]></OpenID><AppID><![CDATA[wx1]]></AppID><RevokeInfo><![CDATA[8]]></RevokeInfo></xml>');
    expect(json).toEqual(xml);
    expect(json).toMatchObject({ OpenID: 'o1', RevokeInfo: '8', CreateTime: 1627359464 });
    expect(readPushBody('not a body')).toBeNull();
    expect(readPushBody('[1,2]')).toBeNull();
  });
  test('phone revoked or account cancelled: delete; anything else: nothing we keep', () => {
    const base = { MsgType: 'event', OpenID: 'o1', AppID: 'wx1', CreateTime: 1 };
    expect(decidePush({ ...base, Event: 'user_authorization_revoke', RevokeInfo: '8' }, 'wx1')).toEqual({ action: 'delete', openid: 'o1', source: 'wechat_phone_revoked' });
    expect(decidePush({ ...base, Event: 'user_authorization_revoke', RevokeInfo: '6,8' }, 'wx1').action).toBe('delete');
    expect(decidePush({ ...base, Event: 'user_authorization_revoke', RevokeInfo: '6' }, 'wx1').action).toBe('ignore');
    expect(decidePush({ ...base, Event: 'user_authorization_cancellation', RevokeInfo: null }, 'wx1')).toEqual({ action: 'delete', openid: 'o1', source: 'wechat_account_cancelled' });
    expect(decidePush({ ...base, Event: 'user_info_modified', RevokeInfo: null }, 'wx1').action).toBe('ignore');
    expect(decidePush({ ...base, Event: 'user_authorization_cancellation', RevokeInfo: null }, 'wx-other').action).toBe('ignore');
  });
});

test('the data copy has every section, in Chinese, amounts in yuan', () => {
  const doc = buildDataCopy({
    exportedAt: '2026-12-01T02:00:00.000Z',
    brandName: '会员中心',
    member: { memberId: 'm_1', phone: '13800000001', name: '张三', gender: 'female', birthday: '1990-01-02', tierName: '普通会员', registeredAt: '2026-01-01T00:00:00.000Z', registrationStore: null, tags: ['蕾丝'], cardNo: null },
    policyConsent: { terms: 2, privacy: 1, at: '2026-01-01T00:00:00.000Z' },
    consentAt: '2026-01-01T00:00:00.000Z',
    points: { balance: 10, entries: [{ at: '2026-01-01T00:00:00.000Z', type: 'earn', points: 10, balanceAfter: 10, description: '消费', store: '旗舰店' }] },
    orders: [{ store: '旗舰店', orderId: 'O1', at: '2026-01-01T00:00:00.000Z', amountFen: 12_800, returnedFen: 0, items: [{ name: '睡衣', quantity: 1, unitPriceFen: 12_800 }] }],
    coupons: [],
    complaints: [],
    subscriptions: [],
    careOff: ['birthday'],
  });
  for (const s of Object.values(DATA_COPY_SECTIONS)) expect(doc).toHaveProperty([s]);
  expect(JSON.stringify(doc)).toContain('¥128.00');
  expect(JSON.stringify(doc)).toContain('2026-12-01 10:00（北京时间）');
});
