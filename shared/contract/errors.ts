/**
 * The one error catalogue: every error code the API answers with (and the client's own
 * `network_error`), once, with its HTTP status, its Chinese wording and the field it names.
 *
 * - `status`: what the API answers. A few codes answer with another status in a named situation
 *   (`also`): `referenced` (422) when the missing thing is named in a request body rather than
 *   addressed by the path, `state` (409) when the current state of things, not the input, refuses.
 * - `member`: the Chinese wording a member sees; `staff`: the wording on staff and admin screens
 *   where it differs (otherwise `member` is shown to staff too). Screens may still override a code
 *   where they truly need other words.
 * - `field`: the request field the error names when it names one field (the `path` of its field error).
 * - `message`: the English default for the API's `message` (the use case usually gives a precise one).
 *
 * Imports nothing: the backend (`fail`), the OpenAPI document and the mini-program (`messageFor`) read it.
 */

/** HTTP statuses of the catalogue; 0 is the client's own "no answer came", never sent by the API. */
export type ErrorStatus = 0 | 400 | 401 | 403 | 404 | 409 | 422 | 429 | 500 | 503;

/** Other statuses a code answers with, by the situation that calls for them. */
export interface ErrorSituations {
  /** The missing thing is named in the request body (422), not addressed by the path. */
  referenced?: 422;
  /** The current state of things refuses the request (409), not its input. */
  state?: 409;
}

export interface ErrorEntry {
  status: ErrorStatus;
  member: string;
  staff?: string;
  field?: string;
  also?: ErrorSituations;
  message: string;
}

/** Typed entry builder: keeps each literal (status, situations) for the `as const` catalogue. */
const e = <const T extends ErrorEntry>(entry: T): T => entry;

export const ERRORS = {
  // ---- Every route: transport, session, input ----
  invalid_json: e({ status: 400, member: '请求格式错误', field: 'body', message: 'the request body is not valid JSON' }),
  invalid_input: e({ status: 400, member: '输入有误', message: 'invalid input' }),
  unauthorized: e({ status: 401, member: '登录已失效，请重新登录', message: 'a valid session token is required' }),
  forbidden: e({ status: 403, member: '没有权限进行此操作', message: 'this action is not allowed for this session' }),
  no_route: e({ status: 404, member: '请求的功能不存在', message: 'no such route' }),
  busy: e({ status: 503, member: '系统繁忙，请重试', message: 'busy; retry the same request' }),
  internal: e({ status: 500, member: '系统繁忙，请稍后重试', message: 'something went wrong on our side' }),
  network_error: e({ status: 0, member: '网络异常，请稍后重试', message: 'no answer from the API (client only)' }),
  table_unavailable: e({ status: 503, member: '服务暂不可用，请稍后重试', message: 'the table is not reachable' }),
  /**
   * Issue 20: the database was throttled, failed or did not answer within the request's time budget. Any
   * route may answer it (with Retry-After); a retry with the same idempotency key answers the first result.
   */
  /** Issue 20: one caller beyond her limit for an action (shared/domain/quotas.ts); Retry-After says when to try again. */
  too_many_requests: e({ status: 429, member: '操作太频繁，请稍后再试', message: 'too many requests from this caller; retry after the Retry-After seconds' }),
  database_busy: e({ status: 503, member: '系统繁忙，请稍候再试', staff: '系统繁忙，请稍候重试，不会重复记账', message: 'the database was busy or did not answer in time; retry the same request' }),
  brand_not_configured: e({
    status: 503,
    member: '品牌尚未配置会员等级',
    staff: '品牌尚未配置',
    message: 'the brand has no tier program or earning rules yet',
  }),
  conflict: e({ status: 409, member: '保存时与他人的修改冲突，请重试', message: 'could not be saved; try again' }),

  // ---- Sign-in and registration ----
  wechat_blocked: e({ status: 403, member: '该微信账号已被限制', message: 'WeChat blocked this account' }),
  wechat_unavailable: e({ status: 503, member: '微信服务暂不可用，请稍后重试', message: 'WeChat refused the request' }),
  not_registered: e({ status: 404, member: '尚未注册会员', message: 'this WeChat account has not registered as a member yet' }),
  invalid_phone_code: e({
    status: 422,
    member: '手机号授权已失效，请重新授权',
    field: 'phoneCode',
    message: 'the phone authorisation code is invalid or already used; ask again',
  }),
  phone_bound_elsewhere: e({
    status: 409,
    member: '该手机号已绑定其他微信',
    message: 'this phone number already belongs to another WeChat account',
  }),
  wechat_bound_elsewhere: e({ status: 409, member: '该微信已绑定其他会员', message: 'this WeChat account is already bound to another member' }),
  unknown_store: e({ status: 422, member: '门店不存在', field: 'storeId', message: 'no such store' }),

  // ---- Members and points ----
  member_not_found: e({ status: 404, member: '会员不存在', staff: '未找到该会员', message: 'member not found' }),
  insufficient_points: e({
    status: 422,
    member: '积分不足',
    staff: '会员积分不足，无法扣减',
    field: 'points',
    message: 'not enough spendable points',
  }),
  invalid_points: e({ status: 422, member: '积分须为正整数', field: 'points', message: 'points must be a positive integer' }),
  adjustment_conflict: e({
    status: 409,
    member: '调整单号重复',
    staff: '该调整已以不同内容提交过，请修改后重试',
    field: 'adjustmentId',
    message: 'this adjustment was already made with different content',
  }),
  effective_in_past: e({
    status: 422,
    member: '生效时间不能早于现在',
    field: 'effectiveFrom',
    message: 'a rules change cannot apply to the past',
  }),

  // ---- Tiers ----
  tiers_changed: e({
    status: 409,
    member: '等级配置已被他人修改，请刷新',
    staff: '等级方案已被他人修改，请刷新后重试',
    message: 'the tier program was changed meanwhile; reload and try again',
  }),
  unknown_tier: e({ status: 422, member: '等级不存在', field: 'tierCode', message: 'not a tier of the program' }),
  until_in_past: e({ status: 422, member: '截止日期不能早于今天', field: 'until', message: 'the end date must not be in the past' }),
  family_secondary: e({
    status: 409,
    member: '副卡等级随主卡，请设置主卡等级',
    staff: '副卡等级随主卡，请设置主卡的等级',
    message: "a secondary card's tier is the primary card's; set the primary's tier",
  }),

  // ---- Family cards (主副卡) ----
  family_invite_invalid: e({ status: 422, member: '邀请码无效或已使用', field: 'code', message: 'no such invitation code' }),
  family_invite_expired: e({ status: 422, member: '邀请码已过期', field: 'code', message: 'this invitation has expired; ask for a new one' }),
  family_self: e({ status: 422, member: '不能加入自己的家庭卡', field: 'code', message: 'you cannot join your own family card' }),
  family_already_linked: e({ status: 409, member: '已加入家庭卡', message: 'already linked to a family card' }),
  family_full: e({ status: 409, member: '家庭卡成员已满', message: 'this family card has no room left' }),
  family_has_debt: e({ status: 409, member: '存在退货欠分，暂不能加入', message: 'settle the points owed from a return first' }),
  not_in_family: e({
    status: 404,
    also: { state: 409 },
    member: '不在该家庭卡中',
    message: 'not in this family',
  }),

  // ---- Checkout at the till ----
  member_code_not_found: e({
    status: 404,
    member: '会员码无效',
    field: 'memberCode',
    message: 'no such member code; ask the member to show the code again',
  }),
  member_code_used: e({
    status: 409,
    member: '会员码已使用，请让会员刷新',
    field: 'memberCode',
    message: 'this member code was already used; ask the member to refresh it',
  }),
  member_code_expired: e({
    status: 422,
    member: '会员码已过期，请让会员刷新',
    field: 'memberCode',
    message: 'this member code has expired; ask the member to refresh it',
  }),
  order_conflict: e({
    status: 409,
    member: '订单号已存在',
    field: 'orderId',
    message: 'this order was already recorded with different content',
  }),
  amount_exceeds_payable: e({
    status: 422,
    member: '实付金额超过券后应付',
    field: 'amountFen',
    message: 'the amount paid exceeds what is payable after coupons',
  }),
  coupon_refused: e({
    status: 422,
    member: '有优惠券不可用',
    staff: '有优惠券不可用，请重新核对',
    field: 'coupons',
    message: 'a coupon was refused',
  }),

  // ---- Returns ----
  order_not_found: e({
    status: 404,
    member: '未找到该订单',
    staff: '未找到该订单（请核对订单号和门店）',
    field: 'orderId',
    message: 'no such order at this store',
  }),
  order_fully_returned: e({ status: 422, member: '该订单已全部退货', field: 'orderId', message: 'this order was already returned in full' }),
  return_exceeds_order: e({
    status: 422,
    member: '退货数量或金额超过可退范围',
    staff: '退货超出订单剩余可退部分',
    message: 'more than is left to return of this order',
  }),
  return_line_unknown: e({
    status: 422,
    member: '订单中没有该商品',
    staff: '该商品不在此订单中',
    message: 'this SKU is not in the order',
  }),
  return_conflict: e({
    status: 409,
    member: '退货单号已用于其他内容',
    staff: '退货单号已用于其他退货，请换一个退货单号',
    field: 'returnId',
    message: 'this return was already recorded with different content',
  }),

  // ---- Coupons ----
  template_not_found: e({
    status: 404,
    also: { referenced: 422 },
    member: '优惠券不存在',
    message: 'no such coupon template',
  }),
  template_changed: e({
    status: 409,
    member: '优惠券已被他人修改，请刷新后重试',
    message: 'the template was changed meanwhile; reload and try again',
  }),
  template_paused: e({ status: 409, member: '活动已暂停', message: 'this coupon is paused' }),
  template_ended: e({ status: 409, member: '活动已结束', message: 'this coupon campaign has ended' }),
  sold_out: e({ status: 409, member: '已领完', message: 'all coupons of this template have been issued' }),
  claim_limit: e({ status: 409, member: '已达领取上限', message: 'the per-member limit of this coupon is reached' }),
  invalid_template: e({ status: 422, member: '优惠券设置有误', message: 'the coupon template is not valid' }),
  coupon_not_found: e({ status: 404, member: '券码无效', field: 'code', message: 'no coupon with this code' }),
  coupon_used: e({ status: 409, member: '优惠券已被使用', field: 'code', message: 'this coupon was already used' }),
  coupon_unavailable: e({ status: 422, member: '优惠券不可用', field: 'code', message: 'this coupon is not available' }),
  coupon_not_yet_valid: e({ status: 422, member: '优惠券尚未生效', field: 'code', message: 'this coupon is not valid yet' }),
  coupon_expired: e({ status: 422, member: '优惠券已过期', field: 'code', message: 'this coupon has expired' }),
  wrong_store: e({ status: 422, member: '本店不可使用该券', field: 'code', message: 'this coupon cannot be used at this store' }),
  not_standalone: e({
    status: 422,
    member: '该券需在收银时使用，不能单独核销',
    field: 'code',
    message: 'only gift coupons are redeemed without a purchase; apply this one at checkout',
  }),

  // ---- Product codes (扫码) ----
  code_invalid: e({ status: 422, member: '无效的防伪码，请核对后重试', field: 'code', message: 'this is not a valid product code' }),
  code_used: e({ status: 409, member: '该码已被使用', field: 'code', message: 'this code was already used' }),
  scan_limit: e({
    status: 409,
    member: '今日扫码次数已达上限，请明天再试',
    field: 'code',
    message: 'the scan limit is reached; the code stays valid for later',
  }),
  batch_not_found: e({ status: 404, member: '批次不存在', message: 'no such product-code batch' }),
  batch_paused: e({ status: 409, member: '该商品扫码活动暂停中，请稍后再试', message: 'scanning this product is paused; try again later' }),
  batch_voided: e({
    status: 422,
    also: { state: 409 },
    member: '该批次防伪码已作废',
    staff: '批次已作废，不能恢复',
    field: 'code',
    message: 'the codes of this batch have been voided',
  }),
  batch_not_started: e({ status: 422, member: '该商品扫码活动尚未开始', field: 'code', message: 'scanning this product has not started' }),
  batch_ended: e({ status: 422, member: '该商品扫码活动已结束', field: 'code', message: 'scanning this product has ended' }),
  batch_changed: e({ status: 409, member: '批次已被他人修改，请刷新后重试', message: 'the batch was changed meanwhile; reload and try again' }),
  invalid_batch: e({ status: 422, member: '批次设置有误', message: 'the batch is not valid' }),
  batches_exhausted: e({ status: 503, member: '批次编号已用完，请联系技术支持', message: 'no batch numbers left for this code layout' }),

  // ---- Complaints ----
  complaint_not_found: e({ status: 404, member: '投诉不存在', message: 'no such complaint' }),
  request_reused: e({ status: 409, member: '请求重复，请刷新后重试', field: 'requestId', message: 'this request id was used for another complaint' }),
  unknown_action: e({ status: 409, member: '不支持该操作', field: 'action', message: 'no such action' }),
  action_not_allowed: e({ status: 409, member: '无权进行此操作', field: 'action', message: 'this actor cannot make this move' }),
  illegal_transition: e({ status: 409, member: '当前状态不能进行此操作', field: 'action', message: 'the complaint cannot make this move from its state' }),
  reopen_window_passed: e({ status: 409, member: '已超过 7 天，不能重新打开', field: 'state', message: 'the reopening window has passed' }),
  complaint_not_open: e({ status: 409, member: '投诉已解决或关闭，不能再回复或分派', field: 'state', message: 'the complaint is no longer open' }),
  not_owner: e({ status: 409, member: '只能评价自己提交的投诉', field: 'action', message: 'only the member who filed the complaint rates it' }),
  invalid_score: e({ status: 409, member: '评分须为 1 到 5 分', field: 'action', message: 'a score is 1 to 5' }),
  already_rated: e({ status: 409, member: '已评价过', field: 'state', message: 'this complaint has already been rated' }),
  not_resolved: e({ status: 409, member: '投诉解决后才能评价', field: 'state', message: 'a complaint is rated after its resolution' }),

  // ---- Care, segments and campaigns (admin) ----
  settings_changed: e({
    status: 409,
    member: '设置已被他人修改，请刷新后重试',
    message: 'the care settings were changed meanwhile; reload and try again',
  }),
  unknown_template: e({
    status: 422,
    member: '消息模板不存在',
    staff: '消息模板不存在，请重新选择',
    message: 'not a subscribe template of this brand',
  }),
  tag_rule_not_found: e({ status: 404, member: '标签规则不存在', message: 'no such tag rule' }),
  segment_not_found: e({
    status: 404,
    also: { referenced: 422 },
    member: '人群不存在',
    staff: '人群不存在，请重新选择',
    field: 'segmentId',
    message: 'no such segment',
  }),
  campaign_not_found: e({ status: 404, member: '活动不存在', message: 'no such campaign' }),
  invalid_schedule: e({ status: 422, member: '发送时间设置有误', staff: '发送时间须晚于现在', field: 'schedule', message: 'the schedule is not valid' }),
  quiet_hours: e({
    status: 422,
    also: { state: 409 },
    member: '免打扰时段内不发送消息，请选择其他时间',
    staff: '发送时间在免打扰时段内，请选择其他时间',
    message: 'no messages are sent during the quiet hours',
  }),
  same_approver: e({
    status: 403,
    member: '不能审批自己创建的活动，需由另一位管理员审批',
    field: 'approvedBy',
    message: 'a campaign is approved by an admin other than the one who created it',
  }),
  campaign_state: e({ status: 409, member: '活动当前状态不允许此操作，请刷新', field: 'state', message: 'the campaign cannot do this in its state' }),
  campaign_running: e({ status: 409, member: '活动正在执行中，请稍后再试', field: 'state', message: 'this campaign is running now' }),
  campaign_changed: e({
    status: 409,
    member: '活动已被他人修改，请刷新后重试',
    field: 'state',
    message: 'the campaign changed meanwhile; reload and try again',
  }),
  schedule_over: e({ status: 409, member: '该活动已没有待发送的批次', field: 'schedule', message: 'this campaign has no run left in its schedule' }),
  no_contact_phone: e({
    status: 409,
    member: '该投诉没有留电话',
    staff: '会员没有选择电话联系，无号码可查看',
    field: 'complaintId',
    message: 'the member did not choose to be phoned back for this complaint',
  }),

  // ---- Stores, staff and invites ----
  store_not_found: e({ status: 404, also: { referenced: 422 }, member: '门店不存在', staff: '门店不存在，请刷新后重试', field: 'storeId', message: 'no such store' }),
  store_exists: e({ status: 409, member: '门店编号已被使用', staff: '该门店编号已存在，请换一个编号', field: 'storeId', message: 'a store with this id exists' }),
  store_closed: e({ status: 409, member: '该门店已关闭', staff: '本门店已关闭，不能收银；如需恢复营业请联系品牌管理员', field: 'storeId', message: 'the store is closed' }),
  staff_not_found: e({ status: 404, member: '该员工不在本门店', staff: '该员工已不在本门店，请刷新', field: 'openid', message: 'this person is not on the staff of this store' }),
  invite_not_found: e({ status: 404, member: '邀请码无效，请向店长索取新的邀请', field: 'code', message: 'no such invite' }),
  invite_used: e({ status: 409, member: '该邀请已被使用，每个邀请只能使用一次，请向店长索取新的邀请', field: 'code', message: 'this invite has already been used' }),
  invite_expired: e({ status: 409, member: '该邀请已过期（有效期 24 小时），请向店长索取新的邀请', field: 'code', message: 'this invite has expired' }),
  already_staff: e({ status: 409, member: '你已是门店员工，如需调到其他门店，请先由店长或管理员移除', field: 'code', message: 'this person already works at a store' }),
  last_admin: e({ status: 409, member: '不能移除最后一位管理员', field: 'openid', message: 'the last admin cannot be removed' }),
  admin_not_found: e({ status: 404, member: '该账号不是管理员', field: 'openid', message: 'no such admin' }),
  no_phone_permission: e({
    status: 403,
    member: '没有查看完整手机号的权限',
    staff: '你没有查看完整手机号的权限，请联系管理员开通',
    message: "this admin's role does not carry the phones permission",
  }),
  // ---- Membership cards and the service desk ----
  card_number_invalid: e({
    status: 422,
    member: '卡号有误，请核对后重新输入',
    staff: '卡号校验不通过，请核对卡号',
    field: 'cardNo',
    message: 'this is not a card number of this brand (check digit or length); nothing was looked up',
  }),
  card_pin_wrong: e({ status: 422, member: '卡号或密码错误', field: 'pin', message: 'the card number or the PIN is wrong' }),
  card_locked: e({
    status: 409,
    member: '密码错误次数过多，该卡已锁定，请 30 分钟后再试',
    field: 'cardNo',
    message: 'too many wrong PINs: this card is locked for a while',
  }),
  card_attempts_limited: e({
    status: 409,
    member: '今日尝试次数过多，请明天再试',
    staff: '该会员今日绑卡尝试次数过多，请明天再试',
    message: 'too many wrong cards or PINs today for this member',
  }),
  card_bound: e({ status: 409, member: '该卡已被绑定', field: 'cardNo', message: 'this card is already bound to a member' }),
  card_lost: e({ status: 409, member: '该卡已挂失，不能使用', field: 'cardNo', message: 'this card was reported lost' }),
  member_has_card: e({
    status: 409,
    member: '你已绑定会员卡，如需换卡请联系客服',
    staff: '该会员已有在用的会员卡，请先挂失旧卡',
    message: 'this member already holds an active card',
  }),
  no_active_card: e({ status: 409, member: '没有在用的会员卡', staff: '该会员没有在用的会员卡', message: 'this member holds no active card' }),
  card_not_found: e({ status: 404, also: { referenced: 422 }, member: '卡号不存在', field: 'cardNo', message: 'no card with this number' }),
  card_batch_not_found: e({ status: 404, member: '卡批次不存在', message: 'no such card batch' }),
  card_batch_not_ready: e({
    status: 409,
    member: '该批次的制卡文件暂不可用（正在生成，或已超过 7 天保留期）',
    message: 'the print file of this batch is not there (still being created, or past its retention)',
  }),
  member_frozen: e({
    status: 409,
    member: '会员账户已冻结，暂不能使用，请联系客服',
    staff: '该会员已被冻结，不能积分、消费或使用会员码',
    message: 'this member is frozen: no earning, spending or member code',
  }),
  // ---- Service desk: birthday once, 换绑, merging duplicates ----
  birthday_locked: e({
    status: 409,
    member: '生日设置后不可自行修改，如需更正请联系客服',
    staff: '会员已设置生日，只能由客服更正',
    field: 'birthday',
    message: 'the birthday is set once; the service desk corrects it',
  }),
  rebind_not_needed: e({
    status: 409,
    member: '该手机号无需换绑，可直接注册或登录',
    field: 'phoneCode',
    message: 'the phone has no member bound to another WeChat account; register instead',
  }),
  rebind_pending: e({
    status: 409,
    member: '该会员已有一个待确认的换绑申请，请等待处理',
    message: 'another WeChat account already has a pending request for this member',
  }),
  rebind_not_found: e({ status: 404, member: '换绑申请不存在', field: 'requestId', message: 'no such rebind request' }),
  rebind_closed: e({
    status: 409,
    member: '该换绑申请已处理或已过期',
    field: 'requestId',
    message: 'this rebind request was already decided or has expired',
  }),
  merge_self: e({ status: 422, member: '不能将会员合并到自己', field: 'mergeId', message: 'a member cannot be merged into itself' }),
  member_merged: e({
    status: 409,
    member: '该会员已合并到其他会员',
    staff: '其中一位会员已合并到其他会员，不能再合并或修改',
    message: 'a member of the pair was already merged into another member',
  }),
  merge_blocked: e({
    status: 409,
    member: '暂不能合并',
    staff: '会员在家庭卡中或有退货欠分，请先处理后再合并',
    message: 'a member of the pair is in a family card or owes points from a return',
  }),
  policy_date_past: e({ status: 422, member: '生效日期不能早于今天', field: 'effectiveFrom', message: 'a new version starts today or later, never in the past' }),
  policy_outdated: e({ status: 409, member: '协议已更新，请重新阅读后再注册', field: 'policyVersions', message: 'the agreements changed since the page was opened; read the new versions' }),
  deletion_in_family: e({ status: 409, member: '你在家庭卡中，请先退出或解除家庭卡后再注销', message: 'a member in a family account leaves it before deleting her account' }),
  balance_outstanding: e({
    status: 409,
    member: '你的储值余额尚未退还，请先在「储值」中申请退款',
    staff: '该会员还有储值余额，请先为其办理储值退款',
    message: 'the member still holds a stored balance: refund it first (it is money, never erased or merged away)',
  }),
  deletion_not_pending: e({ status: 409, member: '没有可撤销的注销申请', message: 'there is no deletion request to cancel (none, or erasure has started)' }),
  push_signature_invalid: e({ status: 401, member: '签名无效', message: 'the message-push signature does not match' }),
  import_not_found: e({ status: 404, member: '导入任务不存在', staff: '导入任务不存在，请重新上传文件', field: 'importId', message: 'no such import' }),
  import_not_uploaded: e({
    status: 409,
    member: '文件还没有上传完成',
    staff: '文件还没有上传完成，请重新选择文件上传',
    field: 'importId',
    message: 'the file of this import has not been uploaded',
  }),
  import_unreadable: e({
    status: 422,
    member: '文件无法读取',
    staff: '文件无法读取：请上传 CSV（UTF-8 或 GBK）或 Excel（.xlsx）文件，第一行为表头',
    field: 'importId',
    message: 'the file is not a readable CSV or xlsx with a header row',
  }),
  import_state: e({ status: 409, member: '该导入已开始，不能再次开始', field: 'importId', message: 'this import has started already' }),
  export_not_found: e({ status: 404, member: '导出任务不存在', field: 'exportId', message: 'no such export' }),
  // ---- Questionnaires (issue 19, surveys) ----
  survey_not_found: e({ status: 404, member: '问卷不存在', field: 'surveyId', message: 'no such survey' }),
  survey_not_draft: e({ status: 409, member: '问卷已发布，不能再修改', message: 'only a draft survey can be changed or published' }),
  survey_not_open: e({ status: 409, member: '问卷未开放或已结束', message: 'the survey is not open' }),
  survey_not_for_member: e({ status: 403, member: '该问卷不面向您', message: 'the survey is not open to this member' }),
  survey_answered: e({ status: 409, member: '您已提交过这份问卷', message: 'this member already answered the survey (with other answers)' }),
  invalid_answer: e({ status: 422, member: '回答有误，请检查', field: 'answers', message: 'the answers do not fit the survey' }),
  // ---- Paid membership (issue 17) ----
  plan_not_found: e({ status: 404, member: '该会员方案不存在', field: 'planId', message: 'no such membership plan' }),
  plan_inactive: e({ status: 409, member: '该会员方案已下架', field: 'planId', message: 'this membership plan is not on offer' }),
  plan_changed: e({ status: 409, member: '方案已被他人修改，请刷新后重试', message: 'the plan or the settings were changed meanwhile; reload and try again' }),
  membership_refund_not_allowed: e({
    status: 409,
    member: '购买超过 7 天或已使用会员权益，不能退款',
    message: 'only the latest purchase, within 7 days and with no perk used since, may be refunded',
  }),

  // ---- WeChat Pay boundary (issue 17) ----
  pay_unavailable: e({ status: 503, member: '微信支付暂不可用，请稍后重试', message: 'WeChat Pay did not answer or refused the request; retry later' }),

  // ---- Stored value (issue 17) ----
  package_not_found: e({ status: 404, member: '储值套餐不存在', field: 'packageId', message: 'no such recharge package' }),
  package_not_on_offer: e({ status: 409, member: '该储值套餐已下架或不在活动期内', field: 'packageId', message: 'this recharge package is not on offer now' }),
  balance_cap_exceeded: e({
    status: 422,
    member: '充值后余额将超过上限，请选择较小的套餐',
    field: 'packageId',
    message: 'the balance would exceed the stored-value cap',
  }),
  balance_insufficient: e({ status: 409, member: '储值余额不足', staff: '会员储值余额不足', field: 'balanceFen', message: 'the stored balance does not cover this amount' }),
  refund_not_allowed: e({ status: 409, member: '当前余额没有可退的金额', message: 'nothing of the balance can be refunded' }),

  // ---- Payments (issue 17, pay-core) ----
  payment_not_found: e({ status: 404, member: '支付单不存在', field: 'outTradeNo', message: 'no such payment order' }),
  pay_notify_rejected: e({ status: 401, member: '支付通知验证失败', message: 'the notification failed its checks (signature, key id, timestamp or nonce)' }),
  pay_notify_invalid: e({ status: 400, member: '支付通知无法读取', message: 'the notification could not be read' }),
  pay_refund_refused: e({ status: 409, member: '该笔支付不能再退款', staff: '该笔支付不能再退款（已退完、退款次数已满或未支付）', field: 'refundFen', message: 'the order cannot take this refund (not paid, more than paid, or 50 refunds already)' }),

  // ---- Clerk attribution and service ratings (issue 19, part C) ----
  service_rated: e({ status: 409, member: '这笔消费已评价过，感谢您的反馈', field: 'orderId', message: "this order's service was rated already" }),
  rating_closed: e({ status: 409, member: '消费超过 7 天，不能再评价', field: 'orderId', message: 'an order is rated within 7 days' }),

  // ---- Daily check-in (issue 19, part D) ----
  referral_disabled: e({ status: 409, member: '邀请有礼活动暂未开放', message: 'referrals are switched off for this brand' }),
  checkin_disabled: e({ status: 409, member: '签到活动暂未开放', message: 'check-in is switched off for this brand' }),
} as const satisfies Record<string, ErrorEntry>;

export type ErrorCode = keyof typeof ERRORS;

/** Codes only the client produces or the wrapper answers with itself; use cases never raise them. */
export type ClientOrWrapperCode = 'network_error' | 'internal';

/** Codes a use case may raise (as an AppError through `fail`). */
export type RaisedErrorCode = Exclude<ErrorCode, ClientOrWrapperCode>;

/** The situations a code answers another status in. */
export type SituationOf<C extends ErrorCode> = (typeof ERRORS)[C] extends { also: infer A } ? keyof A & keyof ErrorSituations : never;

/** Every code of the catalogue, in its order. */
export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];

export function isErrorCode(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERRORS, code);
}

/** The entry of a code; undefined for a code the catalogue does not know (e.g. from an older server). */
export function errorEntry(code: string): ErrorEntry | undefined {
  return isErrorCode(code) ? ERRORS[code] : undefined;
}

/** The status a code answers with, or in a named situation (e.g. `template_not_found` referenced → 422). */
export function errorStatus<C extends ErrorCode>(code: C, situation?: SituationOf<C>): ErrorStatus {
  const entry: ErrorEntry = ERRORS[code];
  return situation ? (entry.also?.[situation] ?? entry.status) : entry.status;
}

/** Every status a code may answer with. */
export function errorStatuses(code: ErrorCode): ErrorStatus[] {
  const entry: ErrorEntry = ERRORS[code];
  return [...new Set([entry.status, ...Object.values(entry.also ?? {})])];
}

/** What a route's spec says about its errors (structurally a RouteSpec; the catalogue imports no route). */
export interface RouteErrorsSpec {
  auth: 'public' | readonly string[];
  body?: unknown;
  query?: unknown;
  params?: unknown;
  /** The codes its use case may raise, beyond those every such route may answer (`impliedErrorCodes`). */
  errors?: readonly ErrorCode[];
  /** A limit per caller: the route may answer 429 `too_many_requests`. */
  quota?: string;
}

/**
 * The codes a route answers with whatever its use case does: `internal`; `invalid_json` when it takes a
 * body; `invalid_input` when it takes a body, query or path parameters; `unauthorized` and `forbidden`
 * unless it is public (all raised by `route()` in functions/lib/http.ts).
 */
export function impliedErrorCodes(spec: RouteErrorsSpec): ErrorCode[] {
  const codes: ErrorCode[] = [];
  if (spec.body) codes.push('invalid_json');
  if (spec.body || spec.query || spec.params) codes.push('invalid_input');
  if (spec.auth !== 'public') codes.push('unauthorized', 'forbidden');
  if (spec.quota) codes.push('too_many_requests');
  codes.push('database_busy', 'internal');
  return codes;
}

/** Every code a route may answer with: the implied ones and those it declares, once each. */
export function routeErrorCodes(spec: RouteErrorsSpec): ErrorCode[] {
  return [...new Set([...impliedErrorCodes(spec), ...(spec.errors ?? [])])];
}

export type Audience = 'member' | 'staff';

/**
 * The Chinese wording of a code for a member or for staff (staff fall back to the member's words).
 * @example errorWording('coupon_refused', 'staff') // '有优惠券不可用，请重新核对'
 */
export function errorWording(code: string, audience: Audience = 'member'): string | undefined {
  const entry = errorEntry(code);
  if (!entry) return undefined;
  return audience === 'staff' ? (entry.staff ?? entry.member) : entry.member;
}

/**
 * Chinese labels of request fields, keyed by field name or by a dotted path where a name is
 * ambiguous. A screen may pass its own labels where a field means something else there
 * (e.g. a return's `amountFen` is 退款金额).
 */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
  body: '请求内容',
  // Till and returns
  memberCode: '会员码',
  orderId: '订单号',
  returnId: '退货单号',
  storeId: '门店',
  stores: '门店',
  amountFen: '实付金额',
  items: '商品',
  lines: '退货商品',
  sku: '商品编码',
  name: '名称',
  quantity: '数量',
  unitPriceFen: '单价',
  category: '品类',
  coupons: '优惠券',
  code: '券码',
  // Members, points and tiers
  phone: '手机号',
  phoneCode: '手机号授权',
  gender: '性别',
  birthday: '生日',
  points: '积分',
  reason: '原因',
  adjustmentId: '调整编号',
  tierCode: '等级',
  until: '截止日期',
  effectiveFrom: '生效时间',
  'spend.pointsPerYuan': '每元积分',
  'spend.rounding': '取整方式',
  'spend.minOrderFen': '最低消费',
  'spend.excludedCategories': '不计积分品类',
  'spend.excludedSkus': '不计积分商品',
  'spend.capPerOrder': '单笔上限',
  'spend.skuMultipliers': '商品倍数',
  'spend.categoryMultipliers': '品类倍数',
  holdingDays: '冻结天数',
  expiry: '有效期',
  'events.registration': '注册有礼',
  'events.firstPurchase': '首次消费',
  'events.profileCompleted': '完善资料',
  'events.productScan': '扫码积分',
  basis: '评定依据',
  window: '评定周期',
  'window.months': '月数',
  downgrade: '降级方式',
  tiers: '等级',
  threshold: '门槛',
  multiplier: '积分倍数',
  retentionMonths: '保级月数',
  perks: '权益',
  rank: '级别',
  'tiers.code': '代码',
  // Coupons
  description: '说明',
  kind: '类型',
  amountOffFen: '减免金额',
  thresholdFen: '门槛金额',
  percentOff: '折扣',
  maxDiscountFen: '最高优惠',
  giftSku: '赠品 SKU',
  validity: '有效期',
  days: '天数',
  stock: '发放总量',
  perMemberLimit: '每人限领',
  scope: '适用范围',
  stampCard: '集点卡',
  purchasesNeeded: '集点次数',
  minOrderFen: '每次最低消费',
  rewardTemplateId: '集满奖励',
  pointsCost: '兑换积分',
  couponTemplateId: '优惠券',
  // Product-code batches
  count: '数量',
  warrantyMonths: '延保月数',
  validFrom: '开始时间',
  validUntil: '结束时间',
  dailyLimitPerMember: '每人每日上限',
  // Care, segments, campaigns, complaints
  start: '免打扰开始',
  end: '免打扰结束',
  weeklyCap: '每周上限',
  templateId: '消息模板',
  fields: '模板字段',
  title: '模板名称',
  tag: '标签',
  text: '包含文字',
  fen: '金额',
  orders: '订单数',
  segmentId: '人群',
  'template.fields': '消息内容',
  schedule: '发送时间',
  'schedule.once.at': '发送时间',
  'schedule.recurring.from': '开始日期',
  'schedule.recurring.until': '结束日期',
  quietHours: '免打扰时段',
  state: '状态',
  action: '操作',
  requestId: '请求编号',
  approvedBy: '审批人',
  // Segment filters and bulk issues (the builder's own words)
  phones: '手机号',
  'filter.tiers': '等级',
  'filter.tagsAny': '标签',
  'filter.tagsAll': '标签',
  'filter.storeIds': '门店',
  'filter.registeredFrom': '注册起始日期',
  'filter.registeredTo': '注册截止日期',
  'filter.lastPurchaseFrom': '最近消费起始日期',
  'filter.lastPurchaseTo': '最近消费截止日期',
  'filter.pointsMin': '最少积分',
  'filter.pointsMax': '最多积分',
  'filter.birthdayMonth': '生日月份',
  filter: '筛选条件',
  'validity.from': '开始日期',
  'validity.until': '结束日期',
  from: '开始日期',
  'quietHours.start': '免打扰开始',
  'quietHours.end': '免打扰结束',
  page: '跳转页面',
  nickname: '昵称',
  consent: '授权同意',
  // Membership cards and the service desk
  cardNo: '卡号',
  pin: '密码',
  openingPoints: '开卡积分',
  q: '查找内容',
  frozen: '冻结状态',
  keepId: '保留的会员',
  mergeId: '被合并的会员',
  policyVersions: '协议版本',
  sections: '条款',
  paragraphs: '段落',
  intro: '导言',
  confirm: '确认',
  // Paid membership
  planId: '会员方案',
  priceFen: '价格',
  months: '月数',
  couponTemplateIds: '每月券包',
  badge: '徽章文字',
  stackPlusWithTier: '与等级倍率叠加',
  // Stored value (issue 17)
  balanceFen: '余额支付',
  packageId: '储值套餐',
  bonusFen: '赠送金额',
  active: '上架',
  // Daily check-in (issue 19, part D)
  streakRewards: '连续签到奖励',
  'settings.streakRewards.days': '连续天数',
  'settings.streakRewards.points': '奖励积分',
  streakCap: '奖励次数上限',
  'settings.streakCap.count': '奖励次数上限',
  'settings.streakCap.period': '上限周期',
  repeat: '循环奖励',
  'settings.enabled': '签到开关',
  // Questionnaires (issue 19)
  surveyId: '问卷',
  questions: '题目',
  'questions.options': '选项',
  'questions.options.label': '选项内容',
  'questions.options.tag': '选项标签',
  'questions.title': '题目',
  'questions.kind': '题型',
  factKey: '资料项',
  answers: '回答',
  audience: '发放对象',
  'audience.segmentId': '人群',
  questionId: '题目',
};

/**
 * The Chinese label of a failing field's path, most specific first: the whole path, the path without
 * list indices, its last named segment, then its prefixes, longest first; a screen's `own` labels
 * before FIELD_LABELS; 此项 if none (a raw path is never shown). An item of a list is counted from 1:
 * "phones.1" is 第 2 个手机号, "items.0.unitPriceFen" 第 1 个商品的单价.
 * @example fieldLabel('items.0.unitPriceFen') // '第 1 个商品的单价'
 * @example fieldLabel('amountFen', { amountFen: '退款金额' }) // '退款金额'
 */
export function fieldLabel(path: string, own: Readonly<Record<string, string>> = {}): string {
  const parts = path.split('.');
  const label = plainLabel(path, own);
  const at = parts.findIndex((p) => /^\d+$/.test(p));
  if (at <= 0 || label === UNLABELLED) return label;
  const item = parts.slice(0, at + 1).join('.');
  const named = [own, FIELD_LABELS].find((l) => Object.prototype.hasOwnProperty.call(l, item))?.[item];
  if (named) return at === parts.length - 1 || label === named ? named : `${named}的${label}`;
  const list = plainLabel(parts.slice(0, at).join('.'), own);
  if (list === UNLABELLED) return label;
  const nth = `第 ${Number(parts[at]) + 1} 个${list}`;
  return at === parts.length - 1 || label === list ? nth : `${nth}的${label}`;
}

const UNLABELLED = '此项';

function plainLabel(path: string, own: Readonly<Record<string, string>>): string {
  const parts = path.split('.');
  const named = parts.filter((p) => !/^\d+$/.test(p));
  const prefixes = parts.map((_, i) => parts.slice(0, parts.length - 1 - i).join('.')).filter(Boolean);
  const keys = [path, named.join('.'), named[named.length - 1] ?? path, ...prefixes];
  for (const labels of [own, FIELD_LABELS]) {
    for (const k of keys) if (Object.prototype.hasOwnProperty.call(labels, k)) return labels[k]!;
  }
  return UNLABELLED;
}
