/** The pure rules of the member import (shared/domain/member-import.ts). */
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { detectEncoding, importedTier, parseBirthday, parseMainlandMobile, planMerge, proposeMapping, readRow, type TierProgram } from '../../shared/domain';

const program: TierProgram = {
  basis: 'spend',
  window: { kind: 'rolling', months: 12 },
  downgrade: 'oneLevel',
  tiers: [
    { code: 'MEMBER', name: '普通会员', rank: 0, threshold: 0, multiplier: 1, retentionMonths: 12, birthdayGift: null, perks: [] },
    { code: 'SILVER', name: '银卡会员', rank: 1, threshold: 100, multiplier: 1.2, retentionMonths: 12, birthdayGift: null, perks: [] },
    { code: 'GOLD', name: '金卡会员', rank: 2, threshold: 500, multiplier: 1.5, retentionMonths: 12, birthdayGift: null, perks: [] },
  ],
};
const catalogue = { tiers: program.tiers.map((t) => ({ code: t.code, name: t.name })), stores: [{ storeId: 'S001', name: '旗舰店' }] };
const TODAY = '2026-12-01';

test('the mapping is proposed from Chinese or English headers', () => {
  expect(proposeMapping(['手机号', '姓名', '性别', '出生日期', '门店', '等级', '积分', '卡号'])).toEqual({ phone: 0, name: 1, gender: 2, birthday: 3, store: 4, tier: 5, points: 6, cardNo: 7 });
  expect(proposeMapping(['\ufeffName', 'Mobile', 'Points Balance', 'Card Number', 'Birthday', 'x'])).toEqual({ name: 0, phone: 1, points: 2, cardNo: 3, birthday: 4 });
  expect(proposeMapping(['手机', '会员等级', '积分余额', '所属门店'])).toEqual({ phone: 0, tier: 1, points: 2, store: 3 });
});

test('encodings: a BOM, valid UTF-8, else GBK', () => {
  expect(detectEncoding(Buffer.from('\ufeff手机号', 'utf8'))).toBe('utf-8-bom');
  expect(detectEncoding(Buffer.from('手机号,姓名', 'utf8'))).toBe('utf-8');
  expect(detectEncoding(iconv.encode('手机号,姓名\r\n13800000000,王芳', 'gbk'))).toBe('gbk');
  // A UTF-8 character cut at the end of the sample is still UTF-8.
  expect(detectEncoding(Buffer.from('手机号', 'utf8').subarray(0, 7))).toBe('utf-8');
  fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => detectEncoding(Buffer.from(s, 'utf8')) !== 'gbk'));
});

test('phones and birthdays in the formats people keep', () => {
  expect(parseMainlandMobile('+86 138-0000-0000')).toBe('13800000000');
  expect(parseMainlandMobile('8613800000000')).toBe('13800000000');
  expect(parseMainlandMobile('12800000000')).toBeNull();
  expect(parseMainlandMobile('1380000000')).toBeNull();
  for (const s of ['1990-01-02', '1990/1/2', '1990.1.2', '1990年1月2日', '19900102', '1990-01-02 00:00:00']) expect(parseBirthday(s, TODAY)).toBe('1990-01-02');
  expect(parseBirthday(32875, TODAY)).toBe('1990-01-02'); // Excel serial
  expect(parseBirthday(new Date(Date.UTC(1990, 0, 2)), TODAY)).toBe('1990-01-02');
  expect(parseBirthday('1990-02-30', TODAY)).toBeNull();
  expect(parseBirthday('2030-01-01', TODAY)).toBeNull();
  expect(parseBirthday('昨天', TODAY)).toBeNull();
});

test('a row is read with every reason it fails, in Chinese', () => {
  const mapping = { phone: 0, name: 1, gender: 2, birthday: 3, store: 4, tier: 5, points: 6, cardNo: 7 };
  const ok = readRow(['13800000000', '王芳', '女', '1990/1/2', '旗舰店', '银卡会员', '1,200', 'HY001'], 2, mapping, catalogue, TODAY);
  expect(ok).toEqual({ ok: true, row: { row: 2, phone: '13800000000', name: '王芳', gender: 'female', birthday: '1990-01-02', storeId: 'S001', tierCode: 'SILVER', points: 1200, cardNo: 'HY001' } });
  const bad = readRow(['123', '', '未知x', '1990-13-01', '别的店', '钻石', '-3', '卡 号!'], 7, mapping, catalogue, TODAY);
  expect(bad.ok).toBe(false);
  if (!bad.ok) expect(bad.problems.map((p) => p.reason)).toEqual(['不是有效的中国大陆手机号', '性别只能填“男”或“女”', '生日不是有效日期（如 1990-01-02）', '门店不存在', '会员等级不存在', '积分不能为负数', '卡号只能是 4–32 位数字或字母']);
});

test('a merge fills empty fields only, raises the tier (never lowers), opening points once', () => {
  const row = { row: 2, phone: '13800000000', name: '王芳', gender: 'female' as const, birthday: '1990-01-02', storeId: 'S001', tierCode: 'SILVER', points: 300, cardNo: null };
  const base = { name: null, gender: null, birthday: null, registrationStoreId: null, cardNo: null, tier: importedTier(program, null, TODAY), openingGiven: false };
  const p = planMerge(program, base, row, TODAY);
  expect(p.fill).toEqual({ name: '王芳', gender: 'female', birthday: '1990-01-02', registrationStoreId: 'S001' });
  expect(p.tier?.tierCode).toBe('SILVER');
  expect(p.points).toBe(300);
  const full = { ...base, name: '林', gender: 'male', birthday: '1980-01-01', registrationStoreId: 'S002', tier: importedTier(program, 'GOLD', TODAY), openingGiven: true };
  expect(planMerge(program, full, row, TODAY)).toEqual({ fill: {}, tier: null, points: 0, unchanged: true });
  expect(importedTier(program, 'GOLD', TODAY)).toEqual({ tierCode: 'GOLD', since: TODAY, retainUntil: '2027-12-01', manual: null });
});
