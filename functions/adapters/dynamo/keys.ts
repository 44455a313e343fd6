/**
 * Key builders: the only place that spells the table's key formats (see infra/table.yml). `keys`
 * are the base table's PK/SK (read by key or by partition); `indexKeys` below are the GSI keys,
 * each with the named read that uses it.
 */
import { localDate } from '../../../shared/domain/time';

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
  /**
   * A membership card by its printed number (issue 16): written by card batches (state 'unbound', PIN hash)
   * and by the member import (state 'bound', source 'import'); `memberId` once bound. One card, one member:
   * binds are conditional writes on this item. The member's profile carries `cardNo`.
   */
  card: (cardNo: string) => ({ PK: `CARD#${cardNo}`, SK: 'CARD' }),
  /** The store's order-number counter of one day (the till proposes S001-20261201-0007). */
  orderSeq: (storeId: string, day: string) => ({ PK: `SEQ#ORDER#${storeId}`, SK: day }),
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
  /**
   * A one-time staff invite (issue 16): store, storeRole (clerk/manager), expiresAt; `usedBy` once accepted.
   * Accepting is one transaction: this item's condition (unused, unexpired) and the new ROLE#staff item's.
   */
  staffInvite: (code: string) => ({ PK: `SINVITE#${code}`, SK: 'SINVITE' }),
  /**
   * The actor's copy of an audit entry (issue 16, audit log page): AUDITBY#<actor> / <at>#<id>, written with the
   * entry in the same transaction. `listAudit({actor})` (admin-repo): one person's actions, newest first, by date range.
   */
  auditByActor: (actor: string, at: string, id: string) => ({ PK: `AUDITBY#${actor}`, SK: `${at}#${id}` }),
  /** Card batches (issue 16): the serial counter (cards of every batch are numbered from it) and a batch with its bound/lost counts. */
  cardSerialSeq: () => ({ PK: 'SEQ#CARD', SK: 'SEQ' }),
  cardBatch: (batchId: string) => ({ PK: `CARDBATCH#${batchId}`, SK: 'BATCH' }),
  /**
   * 换绑 (issue 16, service desk): the request in its own partition (read by id by the desk and the old
   * account); the member's pending request (one at a time: `MEMBER#<id>/REBIND`, read by the old account's
   * home, removed when decided); the new account's latest request (`OPENID#<openid>/REBIND`, its status).
   */
  rebind: (requestId: string) => ({ PK: `REBIND#${requestId}`, SK: 'REBIND' }),
  memberRebind: (memberId: string) => ({ PK: `MEMBER#${memberId}`, SK: 'REBIND' }),
  openidRebind: (openid: string) => ({ PK: `OPENID#${openid}`, SK: 'REBIND' }),
  /** An in-app notice to a WeChat account (its membership moved away): read with `listNotices(openid)`. */
  openidNotice: (openid: string, at: string, id: string) => ({ PK: `OPENID#${openid}`, SK: `NOTICE#${at}#${id}` }),
  /**
   * Merging duplicates: the merged member's merge record (created once: a second or concurrent merge of
   * the same member fails its condition) and the kept member's list of members merged into her.
   */
  memberMerged: (memberId: string) => ({ PK: `MEMBER#${memberId}`, SK: 'MERGED' }),
  memberMergedFrom: (keptId: string, mergedId: string) => ({ PK: `MEMBER#${keptId}`, SK: `MERGEDFROM#${mergedId}` }),
  /** Data rights: an agreement's version (never rewritten), a member's data copy of one day, her deletion request (one item, reused after a cancel). */
  policyVersion: (kind: string, version: number) => ({ PK: `POLICY#${kind}`, SK: `V#${String(version).padStart(6, '0')}` }),
  dataExport: (memberId: string, day: string) => ({ PK: `MEMBER#${memberId}`, SK: `DATAEXPORT#${day}` }),
  deletion: (memberId: string) => ({ PK: `MEMBER#${memberId}`, SK: 'DELETION' }),
  /** A member import (issue 16): the job item (mapping, state, checkpoint, counters) and one item per failed row (the error file is built from them). */
  memberImport: (importId: string) => ({ PK: `IMPORT#${importId}`, SK: 'IMPORT' }),
  importFailure: (importId: string, row: number) => ({ PK: `IMPORT#${importId}`, SK: `FAIL#${String(row).padStart(9, '0')}` }),
  /** A segment export job (issue 16): state, count, the S3 key of its CSV once written. */
  segmentExport: (segmentId: string, exportId: string) => ({ PK: `SEGMENT#${segmentId}`, SK: `EXPORT#${exportId}` }),
  // ---- Paid membership (issue 17, part "membership") ----
  /** A plan (price, months, multiplier, coupon pack, badge, active, rev); GSI1 PLANS lists them. */
  membershipPlan: (planId: string) => ({ PK: `PLAN#${planId}`, SK: 'PLAN' }),
  /** The member's paid membership (term, purchases, packs given, last perk used, rev); GSI1 PLUSEND#<shard> while running. */
  plus: (memberId: string) => ({ PK: `MEMBER#${memberId}`, SK: 'PLUS' }),
  /** Guard: a paid membership order extends the term once. */
  plusCredit: (memberId: string, outTradeNo: string) => ({ PK: `MEMBER#${memberId}`, SK: `PLUSPAY#${outTradeNo}` }),
  /** The membership settings (stackPlusWithTier, rev), read with the brand partition (`loadBrandConfig`). */
  plusSettings: () => ({ PK: 'BRAND', SK: 'PLUSSETTINGS' }),

  // ---- Stored value (issue 17, part stored-value) ----
  /** The member's stored balance: { principalFen, bonusFen, bonusGrantedFen, lastSpendAt, rev, updatedAt } (`getBalance`). */
  balance: (memberId: string) => ({ PK: `MEMBER#${memberId}`, SK: 'BALANCE' }),
  /** A balance ledger row, written in the same transaction as the balance (`listBalanceLedger`, newest first). */
  balanceEntry: (memberId: string, at: string, entryId: string) => ({ PK: `MEMBER#${memberId}`, SK: `BAL#${at}#${entryId}` }),
  /** The sort-key prefix of her ledger rows, and the partition of the liability shards (one query each). */
  balanceLedgerPrefix: () => 'BAL#',
  balanceTotals: () => 'BALTOTAL',
  /** One balance movement per source (recharge outTradeNo, order, return, refund request, failed refund): created once. */
  balanceSource: (memberId: string, ref: string) => ({ PK: `MEMBER#${memberId}`, SK: `BALSRC#${ref}` }),
  /** Brand-wide liability counters, 16 shards ADDed inside every balance transaction, summed by `storedValueTotals`. */
  balanceTotal: (shard: number) => ({ PK: keys.balanceTotals(), SK: `SHARD#${String(shard).padStart(2, '0')}` }),
  /** A recharge package (`getRechargePackage`; listed through GSI1 RECHARGEPKGS). */
  rechargePackage: (id: string) => ({ PK: `RECHARGEPKG#${id}`, SK: 'PKG' }),
  // ---- Payments (issue 17, pay-core): WeChat Pay orders, refunds, notification nonces, exceptions ----
  /** A payment order (PaymentOrder + rev, shipping flags); GSI1 PAYPENDING while created. Read by key (notify, reconcile, status). */
  payOrder: (outTradeNo: string) => ({ PK: `PAYORDER#${outTradeNo}`, SK: 'ORDER' }),
  /** The member's copy of an order, newest first (`paymentsOf`): PAY#<createdAt>#<outTradeNo>, kind kept for the filter. */
  memberPayment: (memberId: string, createdAt: string, outTradeNo: string) => ({ PK: `MEMBER#${memberId}`, SK: `PAY#${createdAt}#${outTradeNo}` }),
  /** Guard of a started payment: a retried start (same member, same request id) answers the same order. */
  payRequest: (memberId: string, requestId: string) => ({ PK: `PAYREQ#${memberId}#${requestId}`, SK: 'PAYREQ' }),
  /** A notification's nonce (ttl 1 day) with its body hash: created once; the same nonce with another body is a replay. */
  payNonce: (nonce: string) => ({ PK: `PAYNONCE#${nonce}`, SK: 'PAYNONCE' }),
  /** A refund (PaymentRefund + rev); GSI1 PAYREFUNDS. */
  payRefund: (outRefundNo: string) => ({ PK: `PAYREFUND#${outRefundNo}`, SK: 'REFUND' }),
  /** A refund's marker while `requested` (GSI1 PAYREFUNDPENDING), deleted in the transaction that settles it. */
  payRefundPending: (outRefundNo: string) => ({ PK: `PAYREFUND#${outRefundNo}`, SK: 'PENDING' }),
  /** The order's list copy (GSI1 PAYORDERS): kind, member, amount, createdAt; the state is read from the order. */
  payOrderList: (outTradeNo: string) => ({ PK: `PAYORDER#${outTradeNo}`, SK: 'LIST' }),
  /** A reconciliation exception (facts not matching the order, a credit refused…), per Beijing day. */
  payException: (day: string, at: string, outTradeNo: string) => ({ PK: `PAYEXC#${day}`, SK: `${at}#${outTradeNo}` }),
  /** Guard: one exception per order and reason (a retried notification records it once). */
  payExceptionGuard: (outTradeNo: string, reason: string) => ({ PK: `PAYORDER#${outTradeNo}`, SK: `EXC#${reason}` }),

  // ---- Planning (issue 18, part C): snapshots, repurchase cycles ----
  /** A nightly snapshot's figures (SNAPSHOT / <day>): the newest answers GET /admin/insight/snapshot (`latestSnapshot`, query desc, limit 1). */
  snapshot: (day: string) => ({ PK: 'SNAPSHOT', SK: day }),
  /** The snapshot's histograms (spend and qualifying totals, 0.5 % log buckets): read by the planner with the newest snapshot. */
  snapshotHistograms: (day: string) => ({ PK: `SNAPSHOT#${day}`, SK: 'HIST' }),
  /** A member's last purchase of one SKU (day, order, category); GSI1 REPDUE#<due day> when it is a consumable with a known cycle. */
  repurchaseLast: (memberId: string, sku: string) => ({ PK: `MEMBER#${memberId}`, SK: `REPBUY#${sku}` }),
  /** Repeat intervals observed: REPCYCLE / SKU#<sku>#<days 4> or CAT#<category>#<days 4>, counter `n` (ADDed); META#<sku> names the SKU. One query reads them all. */
  repurchaseInterval: (kind: 'SKU' | 'CAT', key: string, days: number) => ({ PK: 'REPCYCLE', SK: `${kind}#${key}#${String(days).padStart(4, '0')}` }),
  repurchaseSku: (sku: string) => ({ PK: 'REPCYCLE', SK: `META#${sku}` }),
  /** Consumable SKUs/categories and the care job's switch. */
  repurchaseSettings: () => ({ PK: 'SETTINGS', SK: 'REPURCHASE' }),
  // ---- Part D (holdout, issue 18): a member's orders by time, at every store ----
  /**
   * The buyer's pointer to an order, written in the checkout's transaction: MEMBER#<id> / BUY#<createdAt>#<storeId>#<orderId>
   * (storeId, orderId, createdAt). `memberOrdersBetween` (campaign-repo): a campaign's results read each member's orders in
   * her window with one Query, whatever the number of stores (SORDERS is one partition per store and member).
   */
  memberOrder: (memberId: string, createdAt: string, storeId: string, orderId: string) => ({ PK: `MEMBER#${memberId}`, SK: `BUY#${createdAt}#${storeId}#${orderId}` }),
  /** The sort-key bound of `memberOrder` at an instant (a range read BUY#<from> .. BUY#<to>). */
  memberOrderBound: (memberId: string, at: string) => ({ PK: `MEMBER#${memberId}`, SK: `BUY#${at}` }),

  // ---- Limits per caller (issue 20): QUOTA#<action>#<caller> / <window seconds>#<window start>, a counter removed by TTL. `countCall` (quota-repo). ----
  quota: (name: string, caller: string, seconds: number, start: number) => ({ PK: `QUOTA#${name}#${caller}`, SK: `${seconds}#${start}` }),

  // ---- Daily figures (issue 18, part A "figures"; written only by the stream consumer functions/insight/figures.ts) ----
  /** One scope's (`brand` or a store id) counters of one local day; `figuresFrom(scope, day)` (figures-repo) reads them from a day on with the TOTAL item, in one query. */
  figureDay: (scope: string, day: string) => ({ PK: `FIG#${scope}`, SK: `DAY#${day}` }),
  /** The scope's running nets (pointsNet, storedValueNetFen, membersNet): closing figures = TOTAL minus the nets of later days. */
  figureTotal: (scope: string) => ({ PK: `FIG#${scope}`, SK: 'TOTAL' }),
  /** Guard: this stream record was counted (created once, TTL a few days). */
  figureGuard: (eventId: string) => ({ PK: `FIGEVT#${eventId}`, SK: 'FIGEVT' }),
  /** Marker: this member was counted in a distinct figure (activeMembers, repeatPurchasers) of that scope and day (TTL). */
  figureSeen: (scope: string, day: string, figure: string, memberId: string) => ({ PK: `FIGSEEN#${scope}#${day}`, SK: `${figure}#${memberId}` }),

  // ---- Growth (issue 19). Each part adds its keys in its own block below this line. ----
  /** A referral, under the referee (bound once, in her creation: member-repo `createMember`): MEMBER#<referee> / REFERRAL. */
  referral: (refereeId: string) => ({ PK: memberPk(refereeId), SK: 'REFERRAL' }),
  /** A member's referral code: REFCODE#<code> / REFCODE -> memberId (functions/referrals). */
  referralCode: (code: string) => ({ PK: `REFCODE#${code}`, SK: 'REFCODE' }),
  /** A clerk's registration code: CLERKCODE#<code> / CLERKCODE -> {openid, storeId} (functions/attribution). */
  clerkCode: (code: string) => ({ PK: `CLERKCODE#${code}`, SK: 'CLERKCODE' }),
  // ---- Growth, part C (clerks): a clerk's code per store, month counters, service ratings ----
  /** A clerk's registration code at one store (one per person and store, made lazily): CLERK#<openid> / CODE#<storeId> -> code. */
  clerkCodeOf: (openid: string, storeId: string) => ({ PK: `CLERK#${openid}`, SK: `CODE#${storeId}` }),
  /** A clerk's service rating over all time (ratingSum, ratingCount: ADDed by each rating). */
  clerkRating: (openid: string) => ({ PK: `CLERK#${openid}`, SK: 'RATING' }),
  /**
   * A month's counters (registrations, orders, salesFen, refundFen, ratingSum, ratingCount): the store's row
   * CLERKSTAT#<YYYY-MM> / <storeId># and each clerk's row / <storeId>#<openid>. A store's leaderboard is one
   * Query (SK begins_with <storeId>#), the brand's one Query of the partition (`statRowsOf`, clerk-repo).
   */
  clerkStat: (month: string, storeId: string, clerk: string | null) => ({ PK: `CLERKSTAT#${month}`, SK: `${storeId}#${clerk ?? ''}` }),
  /** Guard: this stream record was counted in the clerk counters (created once, TTL a few days). */
  clerkStatGuard: (eventId: string) => ({ PK: `CLERKEVT#${eventId}`, SK: 'CLERKEVT' }),
  /** The member's rating of an order's service (stars, comment, clerk): created once per order. */
  serviceRating: (storeId: string, orderId: string) => ({ PK: `RATING#${storeId}#${orderId}`, SK: 'RATING' }),
  // -- Part D: daily check-in (functions/checkin, checkin-repo.ts).
  /** A member's streak state (last day, streak, its start, total, rev): MEMBER#<id> / CHECKIN. */
  checkInState: (memberId: string) => ({ PK: memberPk(memberId), SK: 'CHECKIN' }),
  /** One day's check-in (written once: attribute_not_exists) with what it gave: MEMBER#<id> / CHECKIN#<day>. */
  checkInDay: (memberId: string, day: string) => ({ PK: memberPk(memberId), SK: `CHECKIN#${day}` }),
  /** Streak rewards given in a cap period (week 2026-W49 or month 2026-12): MEMBER#<id> / CHECKINCAP#<period>. */
  checkInCap: (memberId: string, period: string) => ({ PK: memberPk(memberId), SK: `CHECKINCAP#${period}` }),
  /** The brand's check-in settings (audited, revisioned). */
  checkInSettings: () => ({ PK: 'SETTINGS', SK: 'CHECKIN' }),

  // ---- Growth, part A: referrals (functions/referrals, referral-repo). ----
  /** A member's own referral code, created on her first visit to the invitation page: MEMBER#<id> / REFCODE -> code. */
  memberReferralCode: (memberId: string) => ({ PK: memberPk(memberId), SK: 'REFCODE' }),
  /** The referral settings (one item, revisioned). */
  referralSettings: () => ({ PK: 'REFSETTINGS', SK: 'REFSETTINGS' }),
  /** A pending referral's due marker (GSI1 `REFDUE#<maturesOn>`): MEMBER#<referee> / REFDUE. */
  referralDue: (refereeId: string) => ({ PK: memberPk(refereeId), SK: 'REFDUE' }),
  /** A referrer's running counts: one partition of every referrer (`referrerStats()`: the leaderboard and signals). */
  referrerStatsPk: () => 'REFSTATS',
  referrerStats: (referrerId: string) => ({ PK: 'REFSTATS', SK: referrerId }),
  /** Guard: the referee's binding was counted in her referrer's stats (once, from the stream). */
  referralCounted: (refereeId: string) => ({ PK: memberPk(refereeId), SK: 'REFCOUNTED' }),
  /** A referrer's rewards counted against her caps: REFCAP#<referrer> / DAY#<day> | MONTH#<YYYY-MM>. */
  referralCap: (referrerId: string, period: string) => ({ PK: `REFCAP#${referrerId}`, SK: period }),
  // -- part B: questionnaires (functions/surveys, survey-repo) --
  /** A survey: its questions, audience, points and state (draft, open, closed). */
  survey: (id: string) => ({ PK: `SURVEY#${id}`, SK: 'SURVEY' }),
  /** A survey's results counters, one of RESULT_SHARDS items (shared/domain/survey.ts), summed when read. */
  surveyResults: (id: string, shard: number) => ({ PK: `SURVEY#${id}`, SK: `RESULTS#${shard}` }),
  /** A member's answer (created once: `attribute_not_exists`, so she answers once). */
  surveyAnswer: (id: string, memberId: string) => ({ PK: `SURVEY#${id}`, SK: `ANSWER#${memberId}` }),
  /** A text answer to one question, by time: `surveyTexts(id, questionId)` reads them newest first, a page at a time. */
  surveyText: (id: string, questionId: string, at: string, memberId: string) => ({ PK: `SURVEY#${id}`, SK: `TEXT#${questionId}#${at}#${memberId}` }),
};

/**
 * Index keys: every GSI1/GSI2 key an item carries, built here, with the read it serves beside it.
 * A `*Pk` builder names the partition a repository's named read queries; the others give the
 * attributes an item is written with. GSI1 is the general index (lists by day, by owner, by kind);
 * GSI2 holds profiles only (MEMBERS#<shard>: whole-membership reads).
 */
export const indexKeys = {
  // ---- GSI1: members by day, for the scheduled jobs ----
  /** Profile with a birthday: BIRTHDAY#<MMDD> / memberId. `membersBornOn(mmdd)` (jobs-repo): the birthday care job and the points birthday bonus. */
  birthdayPk: (mmdd: string) => `BIRTHDAY#${mmdd}`,
  birthday: (birthday: string, memberId: string) => ({ GSI1PK: indexKeys.birthdayPk(`${birthday.slice(5, 7)}${birthday.slice(8, 10)}`), GSI1SK: memberId }),
  /**
   * Points account with points to expire: PTEXP#<shard 0..7> / <soonest expiry>#<memberId> (sparse: removed when nothing expires).
   * `accountsExpiringBefore(day)` (jobs-repo, the expiry job's segment source, one shard per segment) and
   * `accountsExpiringBetween(from, to)` (jobs-repo, the points-expiring care job).
   */
  pointsExpiryPk: (shard: number) => `PTEXP#${shard}`,
  pointsExpiry: (memberId: string, soonest: string) => ({ GSI1PK: indexKeys.pointsExpiryPk(shardOf(memberId, EXPIRY_SHARDS)), GSI1SK: `${soonest}#${memberId}` }),
  /** Tier history item: TIEREVT#<local day> / <at>#<memberId>. `tierEventsOn(day)` (jobs-repo): the tier care job. */
  tierEventPk: (day: string) => `TIEREVT#${day}`,
  tierEvent: (at: string, memberId: string) => ({ GSI1PK: indexKeys.tierEventPk(localDate(new Date(at))), GSI1SK: `${at}#${memberId}` }),
  /** Available coupon: CPEXP#<last local day> / <memberId>#<couponId> (removed when used). `couponsExpiringOn(day)` (jobs-repo): the coupon-expiring care job. */
  couponExpiryPk: (day: string) => `CPEXP#${day}`,
  couponExpiry: (c: { memberId: string; couponId: string; validUntil: string }) => ({ GSI1PK: indexKeys.couponExpiryPk(localDate(new Date(c.validUntil))), GSI1SK: `${c.memberId}#${c.couponId}` }),
  /** Last-purchase marker: LASTBUY#<local day> / memberId (moved by each checkout). `membersLastPurchasedOn(day)` (facts-repo): win-back. */
  lastBuyPk: (day: string) => `LASTBUY#${day}`,
  lastBuy: (day: string, memberId: string) => ({ GSI1PK: indexKeys.lastBuyPk(day), GSI1SK: memberId }),
  /** Complaint timeline event: CAREEVT#<local day> / <at>#complaint#<id>#<seq>. `complaintEventsOn(day)` (complaint-repo): the complaint care job. */
  careEventPk: (day: string) => `CAREEVT#${day}`,
  complaintCareEvent: (at: string, complaintId: string, seq: string) => ({ GSI1PK: indexKeys.careEventPk(localDate(new Date(at))), GSI1SK: `${at}#complaint#${complaintId}#${seq}` }),
  /** Care log item: CARELOG#<local day> / <at>#<memberId>#<occasion>. `listCareLogOfDay(day)` (care-repo): the admin's send log. */
  careLogPk: (day: string) => `CARELOG#${day}`,
  careLog: (day: string, at: string, memberId: string, occasion: string) => ({ GSI1PK: indexKeys.careLogPk(day), GSI1SK: `${at}#${memberId}#${occasion}` }),
  /** Scan abuse signal: SCANRISK#<date> / memberId. `listScanRisks(date)` (product-repo): the admin's abuse page. */
  scanRiskPk: (date: string) => `SCANRISK#${date}`,

  // ---- GSI1: lists by owner or kind ----
  /** Audit entry: AUDIT#<target> / <at>. `listAudit({target})` (admin-repo): one target's history. */
  auditPk: (target: string) => `AUDIT#${target}`,
  audit: (target: string, at: string) => ({ GSI1PK: indexKeys.auditPk(target), GSI1SK: at }),
  /** Staff role: STAFF#<storeId> / openid; admin role: ADMINS / openid. `listRoleHolders` (identity-repo): a store's staff, the admins. */
  /** A member's orders at one store, newest first (`recentOrdersAt`, the return desk). */
  storeMemberOrdersPk: (storeId: string, memberId: string) => `SORDERS#${storeId}#${memberId}`,
  storeMemberOrder: (storeId: string, memberId: string, createdAt: string, orderId: string) => ({
    GSI1PK: indexKeys.storeMemberOrdersPk(storeId, memberId),
    GSI1SK: `${createdAt}#${orderId}`,
  }),

  staffPk: (storeId: string) => `STAFF#${storeId}`,
  adminsPk: () => 'ADMINS',
  staffRole: (storeId: string, openid: string) => ({ GSI1PK: indexKeys.staffPk(storeId), GSI1SK: openid }),
  adminRole: (openid: string) => ({ GSI1PK: indexKeys.adminsPk(), GSI1SK: openid }),
  /** Coupon template: COUPONTPLS / <createdAt>#<id>. `listTemplates` (coupon-repo): the admin's templates, newest first. */
  couponTemplatesPk: () => 'COUPONTPLS',
  couponTemplate: (createdAt: string, id: string) => ({ GSI1PK: indexKeys.couponTemplatesPk(), GSI1SK: `${createdAt}#${id}` }),
  /** Product-code batch: PBATCHES / <createdAt>#<batchNo 7 digits>. `listBatches` (product-repo): the admin's batches, newest first. */
  productBatchesPk: () => 'PBATCHES',
  productBatch: (createdAt: string, batchNo: number) => ({ GSI1PK: indexKeys.productBatchesPk(), GSI1SK: `${createdAt}#${String(batchNo).padStart(7, '0')}` }),
  /** Campaign: CAMPAIGNS / <createdAt>#<id>. `listCampaigns` (campaign-repo): the admin's campaigns, newest first. */
  campaignsPk: () => 'CAMPAIGNS',
  campaign: (createdAt: string, id: string) => ({ GSI1PK: indexKeys.campaignsPk(), GSI1SK: `${createdAt}#${id}` }),
  /** Store: STORES / storeId. `listStores` (brand-repo): the stores a member picks from (complaint form). */
  storesPk: () => 'STORES',
  storeEntry: (storeId: string) => ({ GSI1PK: indexKeys.storesPk(), GSI1SK: storeId }),
  /** Saved segment: SEGMENTS / <createdAt>#<id>. `listSegments` (segment-repo): the admin's segments, newest first. */
  segmentsPk: () => 'SEGMENTS',
  segment: (createdAt: string, id: string) => ({ GSI1PK: indexKeys.segmentsPk(), GSI1SK: `${createdAt}#${id}` }),
  /** A complaint (COMPLAINT item): MCOMPLAINTS#<memberId> / <createdAt>#<id>. `listMemberComplaints` (complaint-repo): hers, newest first. */
  memberComplaint: (memberId: string, createdAt: string, id: string) => ({ GSI1PK: keys.complaintIndex.member(memberId), GSI1SK: `${createdAt}#${id}` }),
  /** Its DESK copy: CDESK#<state> / <dueAt>#<id>. `listDeskComplaints(state, dueBefore)` (complaint-repo): the desk by state, soonest due (or overdue) first. */
  deskComplaint: (state: string, dueAt: string, id: string) => ({ GSI1PK: keys.complaintIndex.desk(state), GSI1SK: `${dueAt}#${id}` }),
  /** Its STORE copy: SCOMPLAINTS#<storeId> / <createdAt>#<id>. `listStoreComplaints` (complaint-repo): a store's, newest first. */
  storeComplaint: (storeId: string, createdAt: string, id: string) => ({ GSI1PK: keys.complaintIndex.store(storeId), GSI1SK: `${createdAt}#${id}` }),
  /** A 换绑 request: REBINDS#<pending|confirmed|refused> / <createdAt>#<id>. `listRebinds(state)` (rebind-repo): the desk's list, newest first. */
  rebindsPk: (state: string) => `REBINDS#${state}`,
  rebind: (state: string, createdAt: string, id: string) => ({ GSI1PK: indexKeys.rebindsPk(state), GSI1SK: `${createdAt}#${id}` }),

  /** A pending (or erasing) deletion request: DELETIONS / <dueAt>#<memberId>. `deletionsDueBy(now)` (rights-repo): the erasure job; `listPendingDeletions` the desk. Removed on cancel and when done. */
  deletionsPk: () => 'DELETIONS',
  deletionDue: (dueAt: string, memberId: string) => ({ GSI1PK: indexKeys.deletionsPk(), GSI1SK: `${dueAt}#${memberId}` }),

  /** Member import: IMPORTS / <createdAt>#<id>. `listImports` (import-repo): the admin's imports, newest first. */
  importsPk: () => 'IMPORTS',
  memberImport: (createdAt: string, id: string) => ({ GSI1PK: indexKeys.importsPk(), GSI1SK: `${createdAt}#${id}` }),

  // ---- GSI2: profiles only ----
  /**
   * Profile: MEMBERS#<shard 0..15> / memberId. `scanMemberIndex` (facts-repo: segments, 16 shards queried in parallel),
   * `memberProfiles(segments)` (jobs-repo: the tier evaluation's parallel scan), `memberIdsInTier` (jobs-repo: issue to a tier).
   */
  membersPk: (shard: number) => `MEMBERS#${shard}`,
  member: (memberId: string) => ({ GSI2PK: indexKeys.membersPk(shardOf(memberId, MEMBER_SHARDS)), GSI2SK: memberId }),

  // ---- GSI1: card batches (issue 16) ----
  /** Card batch: CARDBATCHES / <createdAt>#<id>. `listCardBatches` (card-repo): the admin's batches, newest first. */
  cardBatchesPk: () => 'CARDBATCHES',
  cardBatch: (createdAt: string, batchId: string) => ({ GSI1PK: indexKeys.cardBatchesPk(), GSI1SK: `${createdAt}#${batchId}` }),

  // ---- GSI1: paid membership (issue 17, part "membership") ----
  /** Plan: PLANS / <createdAt>#<id>. `listPlans` (membership-repo): the admin's plans and the member's offer. */
  plansPk: () => 'PLANS',
  plan: (createdAt: string, planId: string) => ({ GSI1PK: indexKeys.plansPk(), GSI1SK: `${createdAt}#${planId}` }),
  /**
   * A running term (PLUS item): PLUSEND#<shard 0..7> / <termEnd>#<memberId> (removed when the term ends).
   * `termsEndedBy(now)` (the term-end job), `runningTerms(now)` (the monthly pack job), `countRunningTerms` and
   * `termsEndingBetween` (the admin's members page) in membership-repo.
   */
  plusEndPk: (shard: number) => `PLUSEND#${shard}`,
  plusEnd: (memberId: string, termEnd: string) => ({ GSI1PK: indexKeys.plusEndPk(shardOf(memberId, PLUS_SHARDS)), GSI1SK: `${termEnd}#${memberId}` }),

  // ---- GSI1: stored value (issue 17, part stored-value) ----
  /** Recharge package: RECHARGEPKGS / <createdAt>#<id>. `listRechargePackages` (balance-repo): the admin's and the member's list. */
  rechargePackagesPk: () => 'RECHARGEPKGS',
  rechargePackage: (createdAt: string, id: string) => ({ GSI1PK: indexKeys.rechargePackagesPk(), GSI1SK: `${createdAt}#${id}` }),

  // ---- GSI1: payments (issue 17, pay-core) ----
  /** Order item while `created`: PAYPENDING / <createdAt>#<outTradeNo> (removed when paid or closed). `payJobPage('pending')` (pay-repo): the reconciliation job. */
  payPendingPk: () => 'PAYPENDING',
  payPending: (createdAt: string, outTradeNo: string) => ({ GSI1PK: indexKeys.payPendingPk(), GSI1SK: `${createdAt}#${outTradeNo}` }),
  /** Order item once paid, until its shipping information is uploaded: PAYSHIP / <paidAt>#<outTradeNo>. `payJobPage('shipping')` (pay-repo): the job retries. */
  payShippingPk: () => 'PAYSHIP',
  payShipping: (paidAt: string, outTradeNo: string) => ({ GSI1PK: indexKeys.payShippingPk(), GSI1SK: `${paidAt}#${outTradeNo}` }),
  /** The order's LIST copy (never rewritten): PAYORDERS / <createdAt>#<outTradeNo>. `listPayments` (pay-repo): the admin's payments, newest first. */
  payOrdersPk: () => 'PAYORDERS',
  payOrderEntry: (createdAt: string, outTradeNo: string) => ({ GSI1PK: indexKeys.payOrdersPk(), GSI1SK: `${createdAt}#${outTradeNo}` }),
  /** Refund item: PAYREFUNDS / <createdAt>#<outRefundNo>. `listRefunds` (pay-repo): the admin's refunds, newest first. */
  payRefundsPk: () => 'PAYREFUNDS',
  payRefund: (createdAt: string, outRefundNo: string) => ({ GSI1PK: indexKeys.payRefundsPk(), GSI1SK: `${createdAt}#${outRefundNo}` }),
  /** The refund's PENDING marker while `requested`: PAYREFUNDPENDING / <createdAt>#<outRefundNo>. `payJobPage('refunds')` (pay-repo): the job queries or re-sends. */
  payRefundPendingPk: () => 'PAYREFUNDPENDING',
  payRefundPending: (createdAt: string, outRefundNo: string) => ({ GSI1PK: indexKeys.payRefundPendingPk(), GSI1SK: `${createdAt}#${outRefundNo}` }),

  // ---- GSI1: planning (issue 18, part C) ----
  /** A consumable's last purchase (REPBUY item) by the day its cycle comes round: REPDUE#<day> / <memberId>#<sku>. `repurchasesDueOn(day)` (planning-repo): the "time to buy again" care job. */
  repurchaseDuePk: (day: string) => `REPDUE#${day}`,
  repurchaseDue: (day: string, memberId: string, sku: string) => ({ GSI1PK: indexKeys.repurchaseDuePk(day), GSI1SK: `${memberId}#${sku}` }),

  // ---- GSI1: growth (issue 19). Each part adds its index keys in its own block below this line. ----
  /** A referrer's referees, newest last: REFERRALS#<referrerId> / <createdAt>#<refereeId>. */
  referralsPk: (referrerId: string) => `REFERRALS#${referrerId}`,
  referralOf: (referrerId: string, createdAt: string, refereeId: string) => ({ GSI1PK: indexKeys.referralsPk(referrerId), GSI1SK: `${createdAt}#${refereeId}` }),

  // ---- GSI1, growth part A: referrals. ----
  /** Pending referrals by the day they mature: REFDUE#<day> / <refereeId>. `referralsDueOn(day)`: the daily maturing job. */
  referralDuePk: (day: string) => `REFDUE#${day}`,
  referralDueOn: (day: string, refereeId: string) => ({ GSI1PK: indexKeys.referralDuePk(day), GSI1SK: refereeId }),
  // -- part B: questionnaires --
  /** Surveys: SURVEYS / <createdAt>#<id>. `listSurveys` (survey-repo): the admin's list and the member's open ones. */
  surveysPk: () => 'SURVEYS',
  survey: (createdAt: string, id: string) => ({ GSI1PK: indexKeys.surveysPk(), GSI1SK: `${createdAt}#${id}` }),
  // ---- Growth, part C (clerks) ----
  /** A service rating: SRATINGS#<storeId> / <at>#<orderId>. `recentRatingsAt(storeId)` (clerk-repo): a store's latest ratings, newest first. */
  storeRatingsPk: (storeId: string) => `SRATINGS#${storeId}`,
  storeRating: (storeId: string, at: string, orderId: string) => ({ GSI1PK: indexKeys.storeRatingsPk(storeId), GSI1SK: `${at}#${orderId}` }),
};

/** The running-term index (GSI1 PLUSEND#<n>) spreads PLUS items over this many partitions. */
export const PLUS_SHARDS = 8;

/**
 * Base-table partitions read with a Query, and the sort-key prefixes that pick one kind of item in
 * a partition (the read beside each).
 */
export const partitions = {
  /** Every rules version and the tier program in one consistent query (`loadBrandConfig`, cached briefly). */
  brand: () => 'BRAND',
  /** The audit trail, newest first (`listAudit` without a target). */
  audit: () => 'AUDIT',
  /** Members owing points after returns (`listDebts`, the admin's shortfalls). */
  debts: () => 'DEBTS',
  /** Tag rules (`listTagRules`, cached per warm Lambda) and the tag catalogue (`listTagCatalogue`). */
  tagRules: () => 'TAGRULES',
  tags: () => 'TAGS',
  /** Due markers up to now (`dueCampaigns(now)`: SK <= now, the scheduler's every-5-minutes read). */
  campaignDue: () => 'CAMPAIGNDUE',
  /** One actor's audit copies, newest first, a date range by SK (`listAudit({actor})`, the audit log page). */
  auditByActor: (actor: string) => `AUDITBY#${actor}`,
  /** Every saved version of one agreement (`listPolicyVersions(kind)`). */
  policy: (kind: string) => `POLICY#${kind}`,
  /** Payment exceptions of one Beijing day, newest first (`listPaymentExceptions`, issue 17). */
  payExceptions: (day: string) => `PAYEXC#${day}`,
  /** Snapshots newest first (`latestSnapshot`, part C) and every repeat-interval counter (`repurchaseCycles`, part C). */
  snapshots: () => 'SNAPSHOT',
  repurchaseCycles: () => 'REPCYCLE',
};

export const skPrefix = {
  /** A member's ledger, newest first (`listLedger`, paged by its SK). */
  ledger: 'LEDGER#',
  /** A member's tier history (`listTierHistory`). */
  tierHistory: 'TIER#',
  /** Acceptances left per template (`listConsents`). */
  consent: 'CONSENT#',
  /** A primary's family links (`listFamilyLinks`). */
  familyLink: 'FAMILY#',
  /** A campaign's runs (`listRuns`) and one run's recipients (`listRecipients`). */
  campaignRun: 'RUN#',
  campaignRecipients: (runId: string) => `RCPT#${runId}#`,
  /** A member's wallet (`listWallet`) and scanned products (`listMemberProducts`). */
  memberCoupon: 'COUPON#',
  memberProduct: 'PRODUCT#',
  /** The stock or scan-counter shards beside a coupon template or a product batch (read with it in one query). */
  shard: 'SHARD#',
  /** Items of a BRAND partition: rules versions. */
  rulesVersion: 'RULES#',
  /** A complaint's timeline in its partition. */
  complaintEvent: 'EVENT#',
  /** A WeChat account's notices in its OPENID partition (`listNotices`). */
  notice: 'NOTICE#',
  /** The members merged into a kept member (`listMergedFrom`). */
  mergedFrom: 'MERGEDFROM#',
  /** A member's data copies, newest first (`latestDataExport`). */
  dataExport: 'DATAEXPORT#',
  /** An import's failed rows, in row order (`listImportFailures`, the error file). */
  importFailure: 'FAIL#',
  /** A member's payment orders, newest first (`memberPayments`, issue 17). */
  memberPayment: 'PAY#',
  /** Part D: a member's check-in days of one month (`checkInDaysOf(memberId, 'YYYY-MM')`). */
  checkInMonth: (month: string) => `CHECKIN#${month}-`,
  /** Part D: all her check-in days (her data copy). */
  checkInDays: 'CHECKIN#',
};

/** The item the health check reads (absent: any answer means the table is reachable). */
export const healthKey = () => ({ PK: 'HEALTH', SK: 'HEALTH' });

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
