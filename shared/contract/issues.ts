/**
 * The Chinese wording of one refused field (the `fields` of a 400/422 answer). The API's field messages are
 * English, for developers: zod's own wording of an issue ("Too small: expected string to have >=1
 * characters"), the contract's refinements ("thresholds must rise with the rank") and a use case's detail
 * ("at most 5000"). People never see them: the mini-program words each one here, by zod's issue kind or by
 * the refinement's message, and falls back to 格式不正确 for anything it does not know, so no English reaches
 * a screen. `tests/unit/issues.test.ts` runs the contract's schemas on bad input and checks every message
 * they produce has its Chinese words here.
 *
 * Imports nothing (the mini-program bundles it).
 */

/** The contract's own messages (refinements, regex hints), word for word. */
const EXACT: Readonly<Record<string, string>> = {
  // Dates, times, ids
  'expected a calendar date YYYY-MM-DD': '日期无效，请按“年-月-日”填写，如 2026-12-01',
  'expected HH:MM': '请按“时:分”填写，如 21:00',
  'letters, digits, _ or -': '只能包含字母、数字、下划线或短横线',
  'not a template id': '请重新选择优惠券',
  'not a campaign id': '活动编号无效',
  'not a member id': '会员编号无效',
  'not a complaint id': '投诉编号无效',
  'a mini-program page path': '请填写小程序页面路径',
  // Campaigns: the control group (issue 18)
  'the holdout share is a whole percent from 0 to 50': '对照组比例须为 0 到 50 之间的整数（%）',
  'the measurement window is 7 to 30 days': '观察天数须为 7 到 30 之间的整数',
  // Referrals (issue 19, part A)
  'the daily cap cannot exceed the monthly cap': '每日上限不能大于每月上限',
  'a referral gives a reward to at least one side': '请至少为邀请人或好友设置一项奖励',
  'the rules are shown to members in full': '请填写活动规则（会员可见全文）',
  'not valid JSON': '请求格式错误',
  // Phones and codes
  'an 11-digit mainland mobile number': '请输入 11 位手机号',
  'expected an 11-digit mainland mobile number': '请输入 11 位手机号',
  'member code is 18 digits': '会员码为 18 位数字',
  'a 16-digit coupon code': '券码为 16 位数字',
  'a coupon id or a 16-digit coupon code': '券码为 16 位数字',
  'the invitation code is 8 digits': '邀请码为 8 位数字',
  // Till
  'amount must be positive': '金额须大于 0',
  'at least one line': '请至少添加一件商品',
  'at most 5 coupons per order': '每单最多使用 5 张券',
  // Members and points
  'name must not be empty': '请填写姓名',
  'name is at most 40 characters': '姓名最多 40 个字',
  'nothing to update': '没有需要保存的修改',
  'whole points only': '积分须为整数',
  'must not be zero': '不能为 0',
  'at most 1,000,000 at a time': '单次最多调整 1,000,000 积分',
  'give a reason': '请填写原因',
  // Complaints
  'a phone number is needed to be called back': '选择电话回访时请填写手机号',
  'at least 5 characters': '请至少填写 5 个字',
  'give a store, an assignee or both': '请选择门店或处理人',
  // Coupons
  'an amount-off coupon needs amountOffFen': '请填写减免金额',
  'a percent-off coupon needs percentOff': '请填写折扣',
  'a gift coupon needs giftSku': '请选择赠品',
  'a stamp card needs stampCard': '请填写集点卡设置',
  'must be less than thresholdFen': '减免金额须小于门槛金额',
  'must be after from': '结束日期须晚于开始日期',
  'give either phones or tierCode': '请填写手机号或选择等级（二选一）',
  // Rules and tiers
  'at most two decimals': '最多两位小数',
  'thresholds must rise with the rank': '门槛须高于上一等级',
  'the entry tier needs threshold 0': '最低等级的门槛须为 0',
  'ranks must be 0, 1, 2, … without gaps': '等级须从第 0 级起连续排列',
  // Tags, care and campaigns
  'add or remove at least one tag': '请至少添加或移除一个标签',
  'a WeChat data key such as thing1': '模板字段名无效',
  'one to ten fields': '请填写 1–10 个模板字段',
  'give a tag': '请填写标签',
  'give the segment a name': '请填写人群名称',
  'at most 20 characters': '最多 20 个字',
  'not an id': '编号无效',
  'not a batch id': '批次编号无效',
  'must be after validFrom': '结束时间须晚于开始时间',
  'at least 0.1': '不能小于 0.1',
  'at least one tier': '请至少设置一个等级',
  'at most 100 points per yuan': '每元积分最多 100',
  'must not be negative': '不能为负数',
  'upper-case letters, digits, _ (max 20)': '代码须为大写字母、数字或下划线（最多 20 位）',
  'give either amountFen or lines, not both': '请填写退款金额或选择退货商品（二选一）',
  'consent to the privacy terms is required': '请阅读并同意《会员服务协议》和《隐私政策》',
  'give exactly one of memberCode, phone or orderId': '请填写会员码、手机号或订单号中的一项',
  // Stores, staff and invites
  'not a WeChat account id': '账号标识无效',
  'the invite code is 10 letters or digits': '邀请码为 10 位字母或数字',
  // Audit log
  'not a cursor from this list': '翻页位置无效，请从第一页重新查看',
  'not an actor id': '操作人无效',
  'not an action name': '操作类型无效',
  'give either member or target': '会员与对象只能二选一',
  'the end date is before the start date': '结束日期不能早于开始日期',
  // Membership cards
  'the PIN is 6 digits': '密码为 6 位数字',
  'not a card batch id': '卡批次编号无效',
  'not a request id': '申请编号无效',
  // Agreements and data rights
  'a section needs a title': '请填写条款标题',
  'a paragraph must not be empty': '段落不能为空',
  'a section needs at least one paragraph': '每条条款至少需要一段文字',
  'give a title': '请填写标题',
  'at least one section': '请至少填写一条条款',
  'confirm the deletion': '请确认注销',
  'not an import id': '导入编号无效',
  'not an export id': '导出编号无效',
  // Insight (issue 18, figures)
  'required for a campaign report': '导出活动报表时请选择活动',
  'one of 7, 30, 90': '请选择近 7、30 或 90 天',
  // Paid membership
  'not a plan id': '请重新选择会员方案',
  'not a valid code': '邀请码无效',
  'at least 1': '不能小于 1',
  // Stored value (issue 17)
  'not a package id': '储值套餐编号无效',
  'amount must be between 100 and 500000 fen': '充值金额须在 ¥1 至 ¥5,000 之间',
  'bonus must be at most 500000 fen': '赠送金额最多 ¥5,000',
  'validUntil must be after validFrom': '结束时间须晚于开始时间',
  'bonus must not exceed the amount': '赠送金额不能超过充值金额',
  // Payments (issue 17)
  'not a payment number': '支付单号格式不正确',
  // Planning (issue 18, part C)
  'shares must add up to 100': '各等级目标占比合计须为 100%',
  // Questionnaires (issue 19)
  'not a survey id': '问卷编号无效',
  'not a question id': '题目编号无效',
  'not an option id': '选项编号无效',
  'give a name': '请填写名称',
  'at most 12 characters': '最多 12 个字',
  'no spaces, dots, =, # or $': '不能包含空格、点、=、# 或 $',
  'give a question': '请填写题目',
  'at most 60 characters': '最多 60 个字',
  'give an option': '请填写选项',
  'at most 30 characters': '最多 30 个字',
  'at most 10 options': '每题最多 10 个选项',
  'at most 200 characters': '最多 200 个字',
  'add at least one question': '请至少添加一道题',
  'at most 20 questions': '最多 20 道题',
  'not a cursor': '翻页参数无效',
  'a choice question needs at least 2 options': '选择题至少需要 2 个选项',
  'a text question has no options': '填空题不设选项',
  'the same option twice': '选项重复',
  'no such question in this survey': '问卷中没有这道题',
  'expected a text': '请填写文字',
  'expected the chosen options': '请选择选项',
  'choose one option': '单选题只能选一项',
  'this question must be answered': '请回答这道题',
  'not a text question of this survey': '请选择一道填空题',
  'no such segment': '人群不存在，请重新选择',
  // Clerk attribution (issue 19, part C)
  'expected a month YYYY-MM': '月份无效，请按“年-月”填写，如 2026-12',
}

/** The contract's messages that carry a value, and zod's own wording by issue kind. */
const PATTERNS: readonly [RegExp, (m: RegExpExecArray) => string][] = [
  [/^expected (\d+)-(\d+) letters, digits, _ or -$/, (m) => `须为 ${m[1]}–${m[2]} 位字母、数字、下划线或短横线`],
  [/^unknown placeholder \{(\w+)\}/, () => '消息里有不支持的占位，可用：【姓名】、【等级】、【券名】、【日期】'],
  [/^amount paid \(\d+\) exceeds the lines' total \((\d+)\)$/, (m) => `实付金额不能超过商品合计 ¥${yuan(Number(m[1]))}`],
  [/^balance part \(\d+\) exceeds the amount paid \((\d+)\)$/, (m) => `余额支付不能超过实付金额 ¥${yuan(Number(m[1]))}`],
  [/^duplicate tier code /, () => '等级代码重复'],
  [/^duplicate /, () => '有重复项'],
  // Use cases' details
  [/^also named by question \d+$/, () => '与另一道题的资料项重复'],
  [/^no such option/, () => '没有这个选项'],
  [/^at most \d+ (questions|options)$/, (m) => (m[1] === 'questions' ? '题目太多' : '选项太多')],
  [/^at most (\d+)$/, (m) => `最多 ${m[1]}`],
  [/^already used/, () => '已被使用'],
  // zod's own wording (zod v4 en locale)
  [/^Invalid input: expected (string|number|int|boolean|array|object|record|tuple)/, (m) => TYPE_WORDS[m[1]!] ?? '内容格式不正确'],
  [/^Invalid discriminator value/, () => '请选择有效的选项'],
  [/^Invalid input$/, () => '内容格式不正确'],
  [/^Invalid key in record$/, () => '内容格式不正确'],
  [/^Invalid input: expected (?!.*received)/, () => '请选择有效的选项'],
  [/^Invalid option/, () => '请选择有效的选项'],
  [/^Too small: expected string to have >=?1 characters?$/, () => '请填写此项'],
  [/^Too small: expected string to have (>=?)(\d+) characters?$/, (m) => `请至少填写 ${bound(m[1]!, m[2]!, 'min')} 个字`],
  [/^Too big: expected string to have (<=?)(\d+) characters?$/, (m) => `最多 ${bound(m[1]!, m[2]!, 'max')} 个字`],
  [/^Too small: expected (array|set) to have (>=?)(\d+) items?$/, (m) => `请至少选择或填写 ${bound(m[2]!, m[3]!, 'min')} 项`],
  [/^Too big: expected (array|set) to have (<=?)(\d+) items?$/, (m) => `最多 ${bound(m[2]!, m[3]!, 'max')} 项`],
  [/^Too small: expected (?:number|int|bigint) to be (>=?)(-?[\d.]+)$/, (m) => (m[1] === '>' ? `须大于 ${m[2]}` : `不能小于 ${m[2]}`)],
  [/^Too big: expected (?:number|int|bigint) to be (<=?)(-?[\d.]+)$/, (m) => (m[1] === '<' ? `须小于 ${m[2]}` : `不能大于 ${m[2]}`)],
  [/^Too (small|big)/, (m) => (m[1] === 'small' ? '太少或太小' : '太多或太大')],
  [/^Invalid ISO date$/, () => '日期无效，请按“年-月-日”填写，如 2026-12-01'],
  [/^Invalid ISO datetime$/, () => '时间无效'],
  [/^Invalid (string|number)/, () => '内容格式不正确'],
  [/^Unrecognized keys?/, () => '包含不支持的内容'],
]

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: '请填写文字',
  number: '请填写数字',
  int: '请填写整数',
  boolean: '请选择是或否',
  array: '请选择或填写列表',
  object: '内容格式不正确',
  record: '内容格式不正确',
  tuple: '内容格式不正确',
}

function bound(op: string, n: string, side: 'min' | 'max'): number {
  const v = Number(n)
  return op.length === 1 ? (side === 'min' ? v + 1 : v - 1) : v
}

function yuan(fen: number): string {
  return (fen / 100).toFixed(2)
}

/** The default when a message is not known: the field is named next to it. */
export const UNKNOWN_ISSUE = '格式不正确'

/**
 * The Chinese words of one field message of a refused request; 格式不正确 for a message it does not know.
 * @example issueWording('thresholds must rise with the rank') // '门槛须高于上一等级'
 * @example issueWording('Too big: expected string to have <=20 characters') // '最多 20 个字'
 */
export function issueWording(message: string): string {
  const exact = Object.prototype.hasOwnProperty.call(EXACT, message) ? EXACT[message] : undefined
  if (exact) return exact
  for (const [re, word] of PATTERNS) {
    const m = re.exec(message)
    if (m) return word(m)
  }
  // Already Chinese (a screen's own sentence, or a server that words it): shown as it is.
  if (/[\u4e00-\u9fff]/.test(message) && !/[A-Za-z]{3,}/.test(message)) return message
  return UNKNOWN_ISSUE
}

/** Whether a message has its own words here (rather than the 格式不正确 default). */
export function isWordedIssue(message: string): boolean {
  return Object.prototype.hasOwnProperty.call(EXACT, message) || PATTERNS.some(([re]) => re.test(message))
}
