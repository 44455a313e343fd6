/** Key builders: the only place that spells the table's key formats (see infra/table.yml). */
export const keys = {
  profile: (memberId: string) => ({ PK: `MEMBER#${memberId}`, SK: 'PROFILE' }),
  points: (memberId: string) => ({ PK: `MEMBER#${memberId}`, SK: 'POINTS' }),
  ledger: (memberId: string, at: string, entryId: string) => ({ PK: `MEMBER#${memberId}`, SK: `LEDGER#${at}#${entryId}` }),
  /** Guard for a deterministic source id: a movement from one source is written once. */
  source: (memberId: string, sourceId: string) => ({ PK: `MEMBER#${memberId}`, SK: `SRC#${sourceId}` }),
  /** Counter for an event's per-period limit. */
  limit: (memberId: string, event: string, period: string) => ({ PK: `MEMBER#${memberId}`, SK: `LIMIT#${event}#${period}` }),
  tierHistory: (memberId: string, at: string) => ({ PK: `MEMBER#${memberId}`, SK: `TIER#${at}` }),
  familyLink: (primaryId: string, secondaryId: string) => ({ PK: `MEMBER#${primaryId}`, SK: `FAMILY#${secondaryId}` }),
  familyInvite: (code: string) => ({ PK: `FINVITE#${code}`, SK: 'FINVITE' }),
  phone: (phone: string) => ({ PK: `PHONE#${phone}`, SK: 'PHONE' }),
  openidMember: (openid: string) => ({ PK: `OPENID#${openid}`, SK: 'MEMBER' }),
  openidRole: (openid: string, role: string) => ({ PK: `OPENID#${openid}`, SK: `ROLE#${role}` }),
  memberCode: (code: string) => ({ PK: `MCODE#${code}`, SK: 'MCODE' }),
  order: (storeId: string, orderId: string) => ({ PK: `ORDER#${storeId}#${orderId}`, SK: 'ORDER' }),
  orderReturn: (storeId: string, returnId: string) => ({ PK: `RETURN#${storeId}#${returnId}`, SK: 'RETURN' }),
  store: (storeId: string) => ({ PK: `STORE#${storeId}`, SK: 'STORE' }),
  rulesVersion: (version: number) => ({ PK: 'BRAND', SK: `RULES#${String(version).padStart(6, '0')}` }),
  tierProgram: () => ({ PK: 'BRAND', SK: 'TIERPROGRAM' }),
  audit: (at: string, id: string) => ({ PK: 'AUDIT', SK: `${at}#${id}` }),
  debt: (memberId: string) => ({ PK: 'DEBTS', SK: memberId }),
  jobSegment: (job: string, runId: string, segment: number) => ({ PK: `JOB#${job}#${runId}`, SK: `SEG#${String(segment).padStart(3, '0')}` }),
  couponTemplate: (id: string) => ({ PK: `COUPONTPL#${id}`, SK: 'TEMPLATE' }),
  /** A slice of a template's stock and issued count: claims spread over the shards of one template. */
  couponShard: (id: string, shard: number) => ({ PK: `COUPONTPL#${id}`, SK: `SHARD#${String(shard).padStart(2, '0')}` }),
  memberClaims: (memberId: string, templateId: string) => ({ PK: `MEMBER#${memberId}`, SK: `CLAIMS#${templateId}` }),
  memberCoupon: (memberId: string, couponId: string) => ({ PK: `MEMBER#${memberId}`, SK: `COUPON#${couponId}` }),
  couponCode: (code: string) => ({ PK: `CCODE#${code}`, SK: 'CCODE' }),
  wechatToken: () => ({ PK: 'WECHAT', SK: 'ACCESS_TOKEN' }),
  /** Product-code batches: the next batch number (a counter), the batch, its scan shards. */
  productBatchSeq: () => ({ PK: 'SEQ#PBATCH', SK: 'SEQ' }),
  productBatch: (batchNo: number) => ({ PK: `PBATCH#${batchNo}`, SK: 'BATCH' }),
  productBatchShard: (batchNo: number, shard: number) => ({ PK: `PBATCH#${batchNo}`, SK: `SHARD#${String(shard).padStart(2, '0')}` }),
  /** The "used" mark of one product code: written once, by the scan that wins. */
  productCodeUsed: (batchNo: number, serial: number) => ({ PK: `PCODE#${batchNo}#${serial}`, SK: 'PCODE' }),
  memberProduct: (memberId: string, at: string, batchNo: number, serial: number) => ({ PK: `MEMBER#${memberId}`, SK: `PRODUCT#${at}#${batchNo}-${serial}` }),
  /** A member's scan abuse signal for one day (failed codes, daily-limit hits). */
  scanRisk: (memberId: string, date: string) => ({ PK: `MEMBER#${memberId}`, SK: `SCANRISK#${date}` }),
  /** Campaigns: the campaign, its due marker (the scheduler's index), a run, one recipient of a run. */
  campaign: (id: string) => ({ PK: `CAMPAIGN#${id}`, SK: 'CAMPAIGN' }),
  campaignDue: (at: string, id: string) => ({ PK: 'CAMPAIGNDUE', SK: `${at}#${id}` }),
  campaignRun: (id: string, runId: string) => ({ PK: `CAMPAIGN#${id}`, SK: `RUN#${runId}` }),
  campaignRecipient: (id: string, runId: string, memberId: string) => ({ PK: `CAMPAIGN#${id}`, SK: `RCPT#${runId}#${memberId}` }),
  /** Segments and tags: the member's last-purchase marker (GSI1 LASTBUY#<day>), saved segments, tag rules, the tag catalogue, RFM settings. */
  lastBuy: (memberId: string) => ({ PK: `MEMBER#${memberId}`, SK: 'LASTBUY' }),
  segment: (id: string) => ({ PK: `SEGMENT#${id}`, SK: 'SEGMENT' }),
  tagRule: (id: string) => ({ PK: 'TAGRULES', SK: id }),
  tagCatalogue: (tag: string) => ({ PK: 'TAGS', SK: tag }),
  rfmSettings: () => ({ PK: 'SETTINGS', SK: 'RFM' }),
  /** Complaints: the complaint, its desk and store index copies, its timeline events, the create guard. */
  complaint: (id: string) => ({ PK: `COMPLAINT#${id}`, SK: 'COMPLAINT' }),
  complaintDesk: (id: string) => ({ PK: `COMPLAINT#${id}`, SK: 'DESK' }),
  complaintStore: (id: string) => ({ PK: `COMPLAINT#${id}`, SK: 'STORE' }),
  complaintEvent: (id: string, at: string, seq: string) => ({ PK: `COMPLAINT#${id}`, SK: `EVENT#${at}#${seq}` }),
  complaintRequest: (memberId: string, requestId: string) => ({ PK: `MEMBER#${memberId}`, SK: `CREQ#${requestId}` }),
  /** Index partitions (GSI1) of complaints: a member's, a store's, the desk's by state, the care events of a day. */
  complaintIndex: {
    member: (memberId: string) => `MCOMPLAINTS#${memberId}`,
    store: (storeId: string) => `SCOMPLAINTS#${storeId}`,
    desk: (state: string) => `CDESK#${state}`,
    careDay: (day: string) => `CAREEVT#${day}`,
  },
  /** Care messages: acceptances left per subscribe template, preferences, one log item per occasion, the weekly cap. */
  consent: (memberId: string, templateId: string) => ({ PK: `MEMBER#${memberId}`, SK: `CONSENT#${templateId}` }),
  carePrefs: (memberId: string) => ({ PK: `MEMBER#${memberId}`, SK: 'CAREPREFS' }),
  careLog: (memberId: string, occasion: string) => ({ PK: `MEMBER#${memberId}`, SK: `CARE#${occasion}` }),
  careCap: (memberId: string, week: string) => ({ PK: `MEMBER#${memberId}`, SK: `CARECAP#${week}` }),
  careSettings: () => ({ PK: 'BRAND', SK: 'CARESETTINGS' }),
};

export const memberPk = (memberId: string) => `MEMBER#${memberId}`;

/** Shard of a member for write-spread index partitions. */
export function shardOf(memberId: string, shards: number): number {
  let h = 0;
  for (let i = 0; i < memberId.length; i++) h = (h * 31 + memberId.charCodeAt(i)) >>> 0;
  return h % shards;
}
/** The expiry index (GSI1) spreads POINTS items over this many partitions. */
export const EXPIRY_SHARDS = 8;
/** The member index (GSI2) used by whole-membership jobs. */
export const MEMBER_SHARDS = 16;
