/**
 * A member's copy of her data (PIPL art. 45): one JSON document she can open on a phone, in Chinese,
 * amounts in yuan and times in Beijing time. Built here from what the worker read; the worker writes it
 * to S3. The section names are fixed (DATA_COPY_SECTIONS): tests and the page refer to them.
 */
import { formatYuan } from './money';
import { localDateTime } from './time';

export const DATA_COPY_SECTIONS = {
  profile: '个人资料',
  points: '积分',
  orders: '订单',
  coupons: '优惠券',
  complaints: '投诉与反馈',
  consents: '授权与同意',
  storedValue: '储值',
  payments: '支付记录',
  checkIns: '签到',
  referrals: '邀请有礼',
  surveys: '问卷',
  ratings: '服务评价',
} as const;

export interface DataCopyInput {
  exportedAt: string;
  brandName: string;
  member: {
    memberId: string;
    phone: string;
    name: string | null;
    gender: 'female' | 'male' | 'unspecified' | null;
    birthday: string | null;
    tierName: string;
    registeredAt: string;
    registrationStore: string | null;
    tags: string[];
    cardNo: string | null;
    /** Profile facts from her questionnaire answers (肤质: 干性). */
    surveyFacts?: Record<string, string>;
  };
  policyConsent: { terms: number; privacy: number; at: string } | null;
  consentAt: string | null;
  points: { balance: number; entries: { at: string; type: string; points: number; balanceAfter: number; description: string; store: string | null }[] };
  orders: { store: string; orderId: string; at: string; amountFen: number; returnedFen: number; items: { name: string; quantity: number; unitPriceFen: number }[] }[];
  coupons: { name: string; summary: string; state: string; validFrom: string; validUntil: string; issuedAt: string; usedAt: string | null }[];
  complaints: { id: string; at: string; category: string; text: string; state: string; contact: string }[];
  subscriptions: { template: string; remaining: number }[];
  careOff: string[];
  /** Her stored balance and its ledger (issue 17); absent when she never had one. */
  storedValue?: { principalFen: number; bonusFen: number; entries: { at: string; kind: string; principalFen: number; bonusFen: number; description: string; store: string | null }[] };
  /** Her WeChat Pay orders (recharges, paid membership), newest first. */
  payments?: { at: string; kind: 'recharge' | 'membership'; outTradeNo: string; item: string; amountFen: number; state: string; paidAt: string | null; refundedFen: number }[];
  /** Growth (issue 19): her check-in days (Beijing dates, oldest first) and current streak. */
  checkIns?: { days: string[]; streak: number };
  /** Her invitation code, who invited her and the friends she invited (other people masked). */
  referrals?: { code: string | null; invitedBy: string | null; invited: { friend: string; at: string; state: string }[] };
  /** Her questionnaire answers, as she gave them. */
  surveys?: { title: string; at: string; answers: { question: string; answer: string }[] }[];
  /** Her ratings of the service at checkout. */
  ratings?: { store: string; orderId: string; stars: number; comment: string | null; at: string }[];
}

const GENDER: Record<string, string> = { female: '女', male: '男', unspecified: '不愿透露' };
const LEDGER: Record<string, string> = { earn: '获得', spend: '使用', expire: '过期', reverse: '退货扣回', adjust: '调整', transfer: '转移' };
const COUPON: Record<string, string> = { available: '可使用', used: '已使用', expired: '已过期', voided: '已作废' };
const COMPLAINT_STATE: Record<string, string> = { new: '待处理', in_progress: '处理中', resolved: '已解决', closed: '已关闭' };
const CATEGORY: Record<string, string> = { product: '商品', service: '服务', store: '门店', delivery: '配送', other: '其他' };
const BALANCE: Record<string, string> = { recharge: '充值', spend: '消费', return: '退货退回', refund: '退款', refundFailed: '退款未成功退回', adjust: '调整' };
const PAYMENT_KIND: Record<string, string> = { recharge: '储值充值', membership: '付费会员' };
const PAYMENT_STATE: Record<string, string> = { created: '待支付', paid: '已支付', closed: '已关闭', refunded: '已全额退款' };
const CARE: Record<string, string> = { birthday: '生日祝福', pointsExpiring: '积分到期提醒', tier: '等级变动通知', couponExpiring: '优惠券到期提醒', winback: '回访关怀', complaint: '投诉进度通知', campaign: '会员活动', repurchase: '补货提醒' };

const time = (iso: string | null) => (iso ? `${localDateTime(iso)}（北京时间）` : null);

/** The document, section by section. */
export function buildDataCopy(d: DataCopyInput): Record<string, unknown> {
  const m = d.member;
  return {
    说明: `这是你在「${d.brandName}」会员中心的个人信息副本，按《个人信息保护法》第四十五条提供。金额单位为元，时间为北京时间。如有疑问，请在「投诉与反馈」中联系我们。`,
    导出时间: time(d.exportedAt),
    [DATA_COPY_SECTIONS.profile]: {
      会员编号: m.memberId,
      手机号: m.phone,
      姓名: m.name,
      性别: m.gender ? GENDER[m.gender] : null,
      生日: m.birthday,
      会员等级: m.tierName,
      会员卡号: m.cardNo,
      注册时间: time(m.registeredAt),
      注册门店: m.registrationStore,
      标签: m.tags,
      问卷资料: m.surveyFacts ?? {},
    },
    [DATA_COPY_SECTIONS.points]: {
      当前积分: d.points.balance,
      明细: d.points.entries.map((e) => ({ 时间: time(e.at), 类型: LEDGER[e.type] ?? e.type, 积分: e.points, 变动后余额: e.balanceAfter, 说明: e.description, 门店: e.store })),
    },
    [DATA_COPY_SECTIONS.orders]: d.orders.map((o) => ({
      门店: o.store,
      订单号: o.orderId,
      时间: time(o.at),
      实付金额: formatYuan(o.amountFen),
      已退金额: formatYuan(o.returnedFen),
      商品: o.items.map((i) => ({ 名称: i.name, 数量: i.quantity, 单价: formatYuan(i.unitPriceFen) })),
    })),
    [DATA_COPY_SECTIONS.coupons]: d.coupons.map((c) => ({
      名称: c.name,
      说明: c.summary,
      状态: COUPON[c.state] ?? c.state,
      有效期: `${localDateTime(c.validFrom).slice(0, 10)} 至 ${localDateTime(c.validUntil).slice(0, 10)}`,
      领取时间: time(c.issuedAt),
      使用时间: time(c.usedAt),
    })),
    [DATA_COPY_SECTIONS.complaints]: d.complaints.map((c) => ({ 编号: c.id, 时间: time(c.at), 类别: CATEGORY[c.category] ?? c.category, 内容: c.text, 状态: COMPLAINT_STATE[c.state] ?? c.state, 联系方式: c.contact })),
    [DATA_COPY_SECTIONS.consents]: {
      同意隐私政策的时间: time(d.consentAt),
      同意的协议版本: d.policyConsent ? { 会员服务协议: `第 ${d.policyConsent.terms} 版`, 隐私政策: `第 ${d.policyConsent.privacy} 版`, 同意时间: time(d.policyConsent.at) } : null,
      消息订阅: d.subscriptions.map((s) => ({ 消息: CARE[s.template] ?? s.template, 剩余可发送次数: s.remaining })),
      已关闭的提醒: d.careOff.map((k) => CARE[k] ?? k),
    },
    [DATA_COPY_SECTIONS.storedValue]: {
      本金余额: formatYuan(d.storedValue?.principalFen ?? 0),
      赠送余额: formatYuan(d.storedValue?.bonusFen ?? 0),
      明细: (d.storedValue?.entries ?? []).map((e) => ({
        时间: time(e.at),
        类型: BALANCE[e.kind] ?? e.kind,
        本金: formatYuan(e.principalFen),
        赠送: formatYuan(e.bonusFen),
        说明: e.description,
        门店: e.store,
      })),
    },
    [DATA_COPY_SECTIONS.payments]: (d.payments ?? []).map((p) => ({
      时间: time(p.at),
      类型: PAYMENT_KIND[p.kind] ?? p.kind,
      商户订单号: p.outTradeNo,
      内容: p.item,
      金额: formatYuan(p.amountFen),
      状态: PAYMENT_STATE[p.state] ?? p.state,
      支付时间: time(p.paidAt),
      已退金额: formatYuan(p.refundedFen),
    })),
    [DATA_COPY_SECTIONS.checkIns]: { 当前连续签到天数: d.checkIns?.streak ?? 0, 签到日期: d.checkIns?.days ?? [] },
    [DATA_COPY_SECTIONS.referrals]: {
      我的邀请码: d.referrals?.code ?? null,
      邀请我的会员: d.referrals?.invitedBy ?? null,
      我邀请的好友: (d.referrals?.invited ?? []).map((r) => ({ 好友: r.friend, 注册时间: time(r.at), 状态: r.state })),
    },
    [DATA_COPY_SECTIONS.surveys]: (d.surveys ?? []).map((s) => ({ 问卷: s.title, 提交时间: time(s.at), 回答: s.answers.map((a) => ({ 问题: a.question, 回答: a.answer })) })),
    [DATA_COPY_SECTIONS.ratings]: (d.ratings ?? []).map((r) => ({ 门店: r.store, 订单号: r.orderId, 评分: `${r.stars} 星`, 评价: r.comment, 时间: time(r.at) })),
  };
}
