/**
 * The agreements (会员服务协议, 隐私政策) as versioned texts: the text the product ships with is version 1;
 * an admin saves version N+1 with the day it applies from (today or later, never the past). The version
 * in force on a day is the newest whose day has come. Pure: the repository reads the versions, this picks.
 */

export type PolicyKind = 'terms' | 'privacy';

export interface PolicySectionText {
  title: string;
  paragraphs: string[];
}

export interface PolicyVersionRecord {
  kind: PolicyKind;
  version: number;
  title: string;
  intro: string;
  sections: PolicySectionText[];
  effectiveFrom: string;
  savedAt: string | null;
  savedBy: string | null;
}

/** The version in force on `day`: the newest whose effectiveFrom has come; the built-in text when none has. */
export function policyInForce(kind: PolicyKind, saved: readonly PolicyVersionRecord[], day: string): PolicyVersionRecord {
  let best: PolicyVersionRecord | null = null;
  for (const v of saved) if (v.kind === kind && v.effectiveFrom <= day && (!best || v.version > best.version)) best = v;
  return best ?? BUILT_IN_POLICIES[kind];
}

/** The newest version saved (it may start later), or the built-in text. */
export function latestPolicy(kind: PolicyKind, saved: readonly PolicyVersionRecord[]): PolicyVersionRecord {
  return saved.filter((v) => v.kind === kind).reduce<PolicyVersionRecord>((a, v) => (v.version > a.version ? v : a), BUILT_IN_POLICIES[kind]);
}

/** The next version number and whether its day is allowed (today or later). */
export function nextPolicyVersion(saved: readonly PolicyVersionRecord[], kind: PolicyKind, effectiveFrom: string, today: string): { ok: true; version: number } | { ok: false; refusal: 'policy_date_past' } {
  if (effectiveFrom < today) return { ok: false, refusal: 'policy_date_past' };
  return { ok: true, version: latestPolicy(kind, saved).version + 1 };
}

const TERMS_SECTIONS: PolicySectionText[] = [
  {
    title: '会员资格',
    paragraphs: [
      '年满十四周岁、使用本人微信及手机号的个人，可免费注册成为会员。一个手机号只能注册一个会员账户，一个微信只能绑定一个会员账户。',
      '如果你曾在门店登记过手机号，注册时会自动绑定原有会员账户，原有积分和等级保留。',
    ],
  },
  {
    title: '积分',
    paragraphs: [
      '在门店消费时出示会员码，可按当时公布的积分规则获得积分；不同等级的会员积分倍数不同。扫描商品防伪码、完善个人资料等活动也可能获得积分，以页面说明为准。',
      '积分有有效期，到期未使用的积分将自动失效。积分可用于兑换优惠券等权益，不能兑换现金，也不能转让（家庭卡共享的积分除外）。',
      '发生退货时，该笔消费获得的积分将相应扣回；积分不足扣回时，后续获得的积分将优先抵扣。',
    ],
  },
  {
    title: '会员等级',
    paragraphs: [
      '会员等级按累计消费（或积分）评定，达到门槛即升级。等级有保级期，保级期内未达到保级条件的，到期后将调整为相应等级。',
      '各等级的门槛、权益和积分倍数以「等级权益」页面公布的内容为准，调整前我们会提前公告。',
    ],
  },
  {
    title: '优惠券',
    paragraphs: [
      '优惠券须在有效期内、在适用门店和商品范围内使用，每张券只能使用一次。不可叠加使用的优惠券，一笔订单只能使用其中一张。',
      '使用优惠券的订单发生整单退货时，未过期的优惠券将退回你的卡包。',
    ],
  },
  {
    title: '会员码的使用',
    paragraphs: [
      '会员码每隔一段时间自动刷新，请只在结账时向店员出示，不要截图转发给他人。因你主动泄露会员码造成的积分损失，我们将协助处理但无法保证追回。',
    ],
  },
  {
    title: '账户的暂停与注销',
    paragraphs: [
      '如发现以不正当方式获取积分或优惠（例如批量注册、倒卖会员码或防伪码），我们有权撤销相应积分和优惠，并暂停相关账户。',
      '你可以在「我的 › 我的数据」中申请注销会员账户（也可联系门店或客服）；申请后有 15 天冷静期，期间可以撤销；期满后积分、优惠券和等级将一并清除，无法恢复。',
    ],
  },
  {
    title: '协议的变更',
    paragraphs: ['本协议如有重要变更，我们会在会员中心显著位置提前告知。变更后你继续使用会员服务，即表示同意变更后的协议。'],
  },
];

const PRIVACY_SECTIONS: PolicySectionText[] = [
  {
    title: '我们收集哪些信息',
    paragraphs: [
      '注册时：你授权的微信手机号，以及微信提供的用户标识，用来确认会员身份。',
      '使用中：你在门店的消费记录（门店、时间、商品、金额）、积分和优惠券的变动、扫描的商品防伪码，以及你主动填写的姓名、性别、生日和投诉内容。',
    ],
  },
  {
    title: '这些信息用来做什么',
    paragraphs: [
      '累计积分、评定等级、发放和核销优惠券、登记商品保修、处理你的投诉。',
      '在你允许后，通过微信通知提醒你生日礼、积分和优惠券到期、等级变动等；你可以在「我的 › 消息设置」中随时关闭。',
      '按消费情况为会员分组，推荐更合适的会员活动。我们不会把你的个人信息出售给任何人。',
    ],
  },
  {
    title: '谁能看到你的信息',
    paragraphs: [
      '门店店员只能看到打码后的手机号（例如 138****5678）和为你结账所需的信息。只有你选择「电话回访」的投诉，负责处理的门店才能查看完整号码，且每次查看都会被记录。',
      '品牌管理员可以查看会员资料以提供服务，所有修改积分、等级的操作都会留下记录。',
    ],
  },
  {
    title: '信息的保存',
    paragraphs: ['你的信息保存在中国境内的服务器上，并采取加密等措施防止泄露。注销账户后，我们会在法律要求的期限届满后删除或匿名化你的个人信息。'],
  },
  {
    title: '你的权利',
    paragraphs: [
      '你可以在「个人资料」中查看和修改资料，在「消息设置」中管理通知，在「我的 › 我的数据」中随时导出一份你的全部数据（24 小时内有效的下载链接），或申请注销账户。注销申请提交后有 15 天冷静期，期间可以撤销；期满后你的手机号、微信绑定、姓名、生日和标签将被删除，积分作废、优惠券失效，且无法恢复。你也可以联系门店或客服办理，我们会在十五个工作日内答复。',
    ],
  },
  {
    title: '未成年人',
    paragraphs: ['未满十四周岁的未成年人请勿注册会员。如发现误收集了未成年人的信息，我们会尽快删除。'],
  },
];

/** Version 1 of each agreement: what the product ships with, before any admin edit. */
export const BUILT_IN_POLICIES: Readonly<Record<PolicyKind, PolicyVersionRecord>> = {
  terms: {
    kind: 'terms',
    version: 1,
    title: '会员服务协议',
    intro: '欢迎加入会员。本协议说明会员的权益和规则，注册前请仔细阅读。如有疑问，可在「投诉与反馈」中告诉我们，或咨询任一门店店员。',
    sections: TERMS_SECTIONS,
    effectiveFrom: '2026-01-01',
    savedAt: null,
    savedBy: null,
  },
  privacy: {
    kind: 'privacy',
    version: 1,
    title: '隐私政策',
    intro: '我们重视你的个人信息。本政策用通俗的话说明我们收集什么、用来做什么、谁能看到，以及你可以怎么管理。',
    sections: PRIVACY_SECTIONS,
    effectiveFrom: '2026-01-01',
    savedAt: null,
    savedBy: null,
  },
};
