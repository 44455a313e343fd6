/**
 * Member import (issue 16), the pure part: which column is which (proposed from the header), what a
 * row says (validated, normalised, with the reasons a row fails in Chinese), and what an imported row
 * does to an existing member (fill empty fields only, tier as a floor, opening points once).
 * The job (functions/imports) reads the file, reads the members, and writes what these decide.
 */
import { addMonths } from './calendar';
import { entryTier, ladder, type TierProgram, type TierState } from './tiers';

export const IMPORT_FIELDS = ['phone', 'name', 'gender', 'birthday', 'store', 'tier', 'points', 'cardNo'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
/** Field → 0-based column index in the file (a field left out is not imported). */
export type ColumnMapping = Partial<Record<ImportField, number>>;

export const IMPORT_FIELD_LABELS: Record<ImportField, string> = {
  phone: '手机号',
  name: '姓名',
  gender: '性别',
  birthday: '生日',
  store: '门店',
  tier: '等级',
  points: '积分',
  cardNo: '卡号',
};

/** Header words per field, compared after trimming, lower-casing and dropping spaces, brackets and punctuation. */
const HEADER_WORDS: Record<ImportField, string[]> = {
  phone: ['手机号', '手机', '手机号码', '电话', '联系电话', '移动电话', 'phone', 'mobile', 'phonenumber', 'mobilephone', 'tel', 'cellphone'],
  name: ['姓名', '名字', '会员姓名', '客户姓名', 'name', 'fullname', 'membername'],
  gender: ['性别', 'gender', 'sex'],
  birthday: ['生日', '出生日期', '出生年月日', '生日日期', 'birthday', 'birthdate', 'dateofbirth', 'dob'],
  store: ['门店', '所属门店', '开卡门店', '注册门店', '门店编号', '门店名称', 'store', 'storeid', 'storename', 'shop'],
  tier: ['等级', '会员等级', '级别', '卡等级', 'tier', 'level', 'grade', 'membertier'],
  points: ['积分', '积分余额', '当前积分', '可用积分', '剩余积分', 'points', 'pointsbalance', 'balance', 'point'],
  cardNo: ['卡号', '会员卡号', '实体卡号', 'cardno', 'cardnumber', 'card', 'membercard'],
};

const squash = (h: string) => h.replace(/^\ufeff/, '').trim().toLowerCase().replace(/[\s_\-()（）:：.·/]/g, '');

/** The mapping proposed from a header row: the first column whose name is a known word of a field. */
export function proposeMapping(header: readonly string[]): ColumnMapping {
  const out: ColumnMapping = {};
  const taken = new Set<number>();
  for (const field of IMPORT_FIELDS) {
    const words = HEADER_WORDS[field];
    const i = header.findIndex((h, idx) => !taken.has(idx) && words.includes(squash(h)));
    if (i >= 0) {
      out[field] = i;
      taken.add(i);
    }
  }
  return out;
}

/** Mainland mobile numbers: 11 digits starting 13–19 (a +86 / 86 prefix and separators are dropped). */
export function parseMainlandMobile(raw: string): string | null {
  let d = raw.replace(/[\s\-()（）]/g, '');
  if (d.startsWith('+86')) d = d.slice(3);
  else if (d.length === 13 && d.startsWith('86')) d = d.slice(2);
  return /^1[3-9]\d{9}$/.test(d) ? d : null;
}

/** Excel's day 0 is 1899-12-30 (its 1900 leap-year bug included). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

function ymd(y: number, m: number, d: number): string | null {
  if (!(y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31)) return null;
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * A birthday in the formats people keep: 1990-01-02, 1990/1/2, 1990.1.2, 1990年1月2日, 19900102, an
 * Excel date serial (a number, or a date cell of an .xlsx as a Date). Null when it is not a real date
 * between 1900 and `today`.
 */
export function parseBirthday(raw: string | number | Date, today: string): string | null {
  let out: string | null = null;
  if (raw instanceof Date) {
    out = Number.isNaN(raw.getTime()) ? null : ymd(raw.getUTCFullYear(), raw.getUTCMonth() + 1, raw.getUTCDate());
  } else if (typeof raw === 'number' || /^\d{3,5}(\.\d+)?$/.test(String(raw).trim())) {
    const serial = Math.floor(Number(raw));
    if (serial > 0 && serial < 80_000) {
      const t = new Date(EXCEL_EPOCH_MS + serial * 86_400_000);
      out = ymd(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
    }
  } else {
    const s = raw.trim();
    let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?$/.exec(s);
    if (m) out = ymd(Number(m[1]), Number(m[2]), Number(m[3]));
    else if ((m = /^(\d{4})(\d{2})(\d{2})$/.exec(s))) out = ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  }
  return out && out <= today ? out : null;
}

export type Gender = 'female' | 'male' | 'unspecified';
export function parseGender(raw: string): Gender | null {
  const s = raw.trim().toLowerCase();
  if (['女', 'f', 'female', '女士', '0'].includes(s)) return 'female';
  if (['男', 'm', 'male', '男士', '1'].includes(s)) return 'male';
  if (['未知', '保密', '-', 'unknown'].includes(s)) return 'unspecified';
  return null;
}

/** What the brand has that a row may name: tiers (by code or name) and stores (by id or name). */
export interface ImportCatalogue {
  tiers: { code: string; name: string }[];
  stores: { storeId: string; name: string }[];
}

/** One row, as the job writes it. */
export interface ImportRow {
  row: number;
  phone: string;
  name: string | null;
  gender: Gender | null;
  birthday: string | null;
  storeId: string | null;
  tierCode: string | null;
  points: number;
  cardNo: string | null;
}

export interface RowProblem {
  field: ImportField | 'row';
  value: string;
  reason: string;
}

export type RowOutcome = { ok: true; row: ImportRow } | { ok: false; row: number; phone: string; problems: RowProblem[] };

export type Cell = string | number | Date | null | undefined;

const cellText = (c: Cell): string => (c == null ? '' : c instanceof Date ? c.toISOString().slice(0, 10) : String(c).trim());

/** Points: a whole number from 0 to 10,000,000 (thousands separators allowed). */
const MAX_POINTS = 10_000_000;

/** Validates one data row (`row` is its 1-based line in the sheet, the header being line 1). */
export function readRow(cells: readonly Cell[], row: number, mapping: ColumnMapping, catalogue: ImportCatalogue, today: string): RowOutcome {
  const at = (f: ImportField): Cell => (mapping[f] === undefined ? undefined : cells[mapping[f]!]);
  const text = (f: ImportField) => cellText(at(f));
  const problems: RowProblem[] = [];

  const phoneText = text('phone');
  const phone = parseMainlandMobile(phoneText);
  if (!phoneText) problems.push({ field: 'phone', value: '', reason: '手机号为空' });
  else if (!phone) problems.push({ field: 'phone', value: phoneText, reason: '不是有效的中国大陆手机号' });

  const name = text('name') || null;
  if (name && name.length > 40) problems.push({ field: 'name', value: name.slice(0, 40), reason: '姓名超过 40 个字' });

  const genderText = text('gender');
  const gender = genderText ? parseGender(genderText) : null;
  if (genderText && !gender) problems.push({ field: 'gender', value: genderText, reason: '性别只能填“男”或“女”' });

  const bRaw = at('birthday');
  const bText = cellText(bRaw);
  const birthday = bText ? parseBirthday(bRaw instanceof Date || typeof bRaw === 'number' ? bRaw : bText, today) : null;
  if (bText && !birthday) problems.push({ field: 'birthday', value: bText, reason: '生日不是有效日期（如 1990-01-02）' });

  const storeText = text('store');
  const store = storeText ? catalogue.stores.find((s) => s.storeId === storeText || s.name === storeText) : undefined;
  if (storeText && !store) problems.push({ field: 'store', value: storeText, reason: '门店不存在' });

  const tierText = text('tier');
  const tier = tierText ? catalogue.tiers.find((t) => t.code === tierText.toUpperCase() || t.name === tierText) : undefined;
  if (tierText && !tier) problems.push({ field: 'tier', value: tierText, reason: '会员等级不存在' });

  const pointsText = text('points').replace(/[,，\s]/g, '');
  let points = 0;
  if (pointsText) {
    const n = Number(pointsText);
    if (!/^\d+(\.0+)?$/.test(pointsText) || !Number.isSafeInteger(Math.trunc(n)) || n > MAX_POINTS) {
      problems.push({ field: 'points', value: text('points'), reason: n < 0 ? '积分不能为负数' : '积分须为不超过一千万的整数' });
    } else points = Math.trunc(n);
  }

  const cardText = text('cardNo').replace(/\s/g, '');
  if (cardText && !/^[0-9A-Za-z]{4,32}$/.test(cardText)) problems.push({ field: 'cardNo', value: text('cardNo'), reason: '卡号只能是 4–32 位数字或字母' });

  if (problems.length) return { ok: false, row, phone: phoneText, problems };
  return {
    ok: true,
    row: { row, phone: phone!, name, gender, birthday, storeId: store?.storeId ?? null, tierCode: tier?.code ?? null, points, cardNo: cardText || null },
  };
}

/** Whether a row has nothing in any mapped column (skipped, not counted). */
export function isBlankRow(cells: readonly Cell[], mapping: ColumnMapping): boolean {
  return Object.values(mapping).every((i) => cellText(cells[i!]) === '');
}

/**
 * The tier an imported member starts with: as the file states it (the brand's own record of her
 * standing), kept like a tier just reached: for its retention period, then the usual evaluation.
 */
export function importedTier(p: TierProgram, code: string | null, today: string): TierState {
  const entry = entryTier(p);
  const t = (code && p.tiers.find((x) => x.code === code)) || entry;
  return { tierCode: t.code, since: today, retainUntil: t.code === entry.code ? null : addMonths(today, t.retentionMonths), manual: null };
}

/** What the existing member has, as far as the import may change it. */
export interface ExistingMember {
  name: string | null;
  gender: string | null;
  birthday: string | null;
  registrationStoreId: string | null;
  cardNo: string | null;
  tier: TierState;
  /** Opening points already given by an import (at creation or by an earlier merge). */
  openingGiven: boolean;
}

export interface MergePlan {
  /** Profile fields to fill (each was empty). */
  fill: Partial<{ name: string; gender: Gender; birthday: string; registrationStoreId: string; cardNo: string }>;
  /** A higher tier from the file (a floor: never lowers her tier). */
  tier: TierState | null;
  /** Opening points to credit, once per member. */
  points: number;
  /** Nothing to write. */
  unchanged: boolean;
}

/** A row for a member who has the phone already: fill empty fields only, tier as a floor, opening points once. */
export function planMerge(p: TierProgram, m: ExistingMember, r: ImportRow, today: string): MergePlan {
  const fill: MergePlan['fill'] = {};
  if (!m.name && r.name) fill.name = r.name;
  if ((!m.gender || m.gender === 'unspecified') && r.gender && r.gender !== 'unspecified') fill.gender = r.gender;
  if (!m.birthday && r.birthday) fill.birthday = r.birthday;
  if (!m.registrationStoreId && r.storeId) fill.registrationStoreId = r.storeId;
  if (!m.cardNo && r.cardNo) fill.cardNo = r.cardNo;
  const rank = (code: string) => ladder(p).find((t) => t.code === code)?.rank ?? 0;
  const tier = r.tierCode && rank(r.tierCode) > rank(m.tier.tierCode) && !m.tier.manual ? importedTier(p, r.tierCode, today) : null;
  const points = !m.openingGiven && r.points > 0 ? r.points : 0;
  return { fill, tier, points, unchanged: Object.keys(fill).length === 0 && !tier && points === 0 };
}

/** How a file's bytes are to be read: UTF-8 (with or without a BOM) when they decode as UTF-8, else GBK. */
export type TextEncoding = 'utf-8-bom' | 'utf-8' | 'gbk';

/**
 * Detects the encoding of a CSV from its first bytes: a UTF-8 BOM, else bytes that are valid UTF-8
 * (a multi-byte character cut at the end of the sample is allowed), else GBK (what Excel in China saves).
 */
export function detectEncoding(head: Uint8Array): TextEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8-bom';
  let i = 0;
  while (i < head.length) {
    const b = head[i]!;
    const n = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (n < 0) return 'gbk';
    if (i + n >= head.length) return 'utf-8'; // cut at the end of the sample
    for (let k = 1; k <= n; k++) if ((head[i + k]! & 0xc0) !== 0x80) return 'gbk';
    i += n + 1;
  }
  return 'utf-8';
}

/** Deterministic member id of an imported phone: re-running an import creates nobody twice. */
export function importedMemberIdSeed(phone: string): string {
  return `import|${phone}`;
}
