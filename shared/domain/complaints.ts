/**
 * Complaints: the pure state machine, the first-response deadline and the rating rules. No I/O:
 * the use cases (functions/complaints) ask these functions what a move does before writing it.
 *
 *   new ──start / first reply──▶ in_progress ──resolve──▶ resolved ──close──▶ closed
 *                                     ▲                       │                  │
 *                                     └──────reopen (≤ 7 days after resolution)──┘
 *
 * Every other move is refused. A refusal names the field at fault: `action` when the move does not
 * exist from this state (or the caller may not make it), `state` when the complaint's state
 * (or its age) forbids something that would otherwise be allowed.
 */

export const COMPLAINT_STATES = ['new', 'in_progress', 'resolved', 'closed'] as const;
export type ComplaintState = (typeof COMPLAINT_STATES)[number];

export const COMPLAINT_CATEGORIES = ['product', 'service', 'store', 'delivery', 'other'] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];

/** State moves. `reply` is not a state move of its own, but a first reply on a new complaint starts it. */
export const COMPLAINT_MOVES = ['start', 'resolve', 'close', 'reopen'] as const;
export type ComplaintMove = (typeof COMPLAINT_MOVES)[number];

/** What a desk person or clerk may do with the transition route. */
export const DESK_MOVES = ['start', 'resolve', 'close'] as const;
export type DeskMove = (typeof DESK_MOVES)[number];

/** Timeline event types (the care-message work turns each into a WeChat message). */
export const COMPLAINT_EVENT_TYPES = ['created', 'assigned', 'replied', 'in_progress', 'resolved', 'closed', 'reopened', 'rated'] as const;
export type ComplaintEventType = (typeof COMPLAINT_EVENT_TYPES)[number];

export type ComplaintActor = 'member' | 'staff' | 'admin';

export const FIRST_RESPONSE_HOURS = 24;
export const REOPEN_DAYS = 7;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** The legal moves: from a state, a move leads to exactly one state; anything absent is refused. */
export const TRANSITIONS: Readonly<Record<ComplaintState, Partial<Record<ComplaintMove, ComplaintState>>>> = {
  new: { start: 'in_progress' },
  in_progress: { resolve: 'resolved' },
  resolved: { close: 'closed', reopen: 'in_progress' },
  closed: { reopen: 'in_progress' },
};

/** Who may make each move: the desk (staff, admin) runs the complaint, the member reopens it. */
const MOVERS: Readonly<Record<ComplaintMove, readonly ComplaintActor[]>> = {
  start: ['staff', 'admin'],
  resolve: ['staff', 'admin'],
  close: ['staff', 'admin'],
  reopen: ['member'],
};

export interface ComplaintFacts {
  state: ComplaintState;
  createdAt: string;
  /** Instant of the latest resolution (kept after a reopen until the next one). */
  resolvedAt: string | null;
  /** First reply by staff or admin. */
  firstResponseAt: string | null;
  rating: { score: number; comment: string; at: string } | null;
}

/** Why a complaint move is refused (each code is in the error catalogue, shared/contract/errors.ts). */
export type ComplaintRefusalCode =
  | 'unknown_action'
  | 'action_not_allowed'
  | 'illegal_transition'
  | 'reopen_window_passed'
  | 'complaint_not_open'
  | 'not_owner'
  | 'invalid_score'
  | 'already_rated'
  | 'not_resolved';

export interface Refusal {
  ok: false;
  /** `action`: no such move from here (or not by this actor); `state`: the state or its age forbids it. */
  field: 'action' | 'state';
  code: ComplaintRefusalCode;
  message: string;
}

export type MoveResult = { ok: true; to: ComplaintState; event: ComplaintEventType } | Refusal;

const refuse = (field: Refusal['field'], code: ComplaintRefusalCode, message: string): Refusal => ({ ok: false, field, code, message });

/** When a reopen stops being possible (null while the complaint was never resolved). */
export function reopenUntil(c: Pick<ComplaintFacts, 'resolvedAt'>): string | null {
  return c.resolvedAt ? new Date(Date.parse(c.resolvedAt) + REOPEN_DAYS * DAY).toISOString() : null;
}

/** What a state move does, or why it is refused. */
export function applyMove(c: ComplaintFacts, move: ComplaintMove, by: ComplaintActor, now: Date): MoveResult {
  if (!(COMPLAINT_MOVES as readonly string[]).includes(move)) return refuse('action', 'unknown_action', `no such action: ${move}`);
  if (!MOVERS[move].includes(by)) return refuse('action', 'action_not_allowed', `a ${by} cannot ${move} a complaint`);
  const to = TRANSITIONS[c.state][move];
  if (!to) return refuse('action', 'illegal_transition', `a ${c.state} complaint cannot ${move}`);
  if (move === 'reopen') {
    const until = reopenUntil(c);
    if (!until || now.getTime() > Date.parse(until)) {
      return refuse('state', 'reopen_window_passed', `a complaint can be reopened only within ${REOPEN_DAYS} days of its resolution`);
    }
  }
  const event: ComplaintEventType = move === 'start' ? 'in_progress' : move === 'resolve' ? 'resolved' : move === 'close' ? 'closed' : 'reopened';
  return { ok: true, to, event };
}

/** A reply by the desk: allowed while the complaint is open; the first one on a new complaint starts it. */
export function applyReply(c: ComplaintFacts, by: ComplaintActor): MoveResult {
  if (by === 'member') return refuse('action', 'action_not_allowed', 'only staff or the service desk reply');
  if (c.state === 'new') return { ok: true, to: 'in_progress', event: 'replied' };
  if (c.state === 'in_progress') return { ok: true, to: 'in_progress', event: 'replied' };
  return refuse('state', 'complaint_not_open', `a ${c.state} complaint takes no more replies`);
}

/** Assignment (to a store or a desk person) while the complaint is open. */
export function applyAssign(c: ComplaintFacts): MoveResult {
  if (c.state === 'new' || c.state === 'in_progress') return { ok: true, to: c.state, event: 'assigned' };
  return refuse('state', 'complaint_not_open', `a ${c.state} complaint cannot be assigned`);
}

/** The member's rating: once, after resolution, by the member who filed it. */
export function applyRating(c: ComplaintFacts & { memberId: string }, memberId: string, score: number): MoveResult {
  if (c.memberId !== memberId) return refuse('action', 'not_owner', 'only the member who filed the complaint rates it');
  if (!Number.isInteger(score) || score < 1 || score > 5) return refuse('action', 'invalid_score', 'a score is 1 to 5');
  if (c.rating) return refuse('state', 'already_rated', 'this complaint has already been rated');
  if (c.state !== 'resolved' && c.state !== 'closed') return refuse('state', 'not_resolved', 'a complaint is rated after its resolution');
  return { ok: true, to: c.state, event: 'rated' };
}

/** First response due: 24 hours after filing. */
export function firstResponseDue(createdAt: string): string {
  return new Date(Date.parse(createdAt) + FIRST_RESPONSE_HOURS * HOUR).toISOString();
}

/** Overdue: still open, no reply from staff or the desk yet, and past the first-response deadline. */
export function isOverdue(c: Pick<ComplaintFacts, 'state' | 'createdAt' | 'firstResponseAt'>, now: Date): boolean {
  if (c.state !== 'new' && c.state !== 'in_progress') return false;
  if (c.firstResponseAt) return false;
  return now.getTime() > Date.parse(firstResponseDue(c.createdAt));
}

export const CATEGORY_LABELS: Record<ComplaintCategory, string> = {
  product: '产品问题',
  service: '服务问题',
  store: '门店问题',
  delivery: '物流配送',
  other: '其他',
};

export const STATE_LABELS: Record<ComplaintState, string> = {
  new: '待受理',
  in_progress: '处理中',
  resolved: '已解决',
  closed: '已关闭',
};

/**
 * The short line a care message carries for an event (WeChat's `thing` fields hold at most 20
 * characters, so it is cut there).
 */
export function eventSummary(type: ComplaintEventType, detail: { text?: string; score?: number; by?: ComplaintActor } = {}): string {
  const line = (() => {
    switch (type) {
      case 'created':
        return '投诉已提交，我们将在24小时内回复';
      case 'assigned':
        return '投诉已分派专人处理';
      case 'replied':
        if (detail.by === 'staff') return detail.text ? `门店回复：${detail.text}` : '门店已回复';
        return detail.text ? `客服回复：${detail.text}` : '客服已回复';
      case 'in_progress':
        return '投诉正在处理中';
      case 'resolved':
        return '投诉已解决，欢迎评价';
      case 'closed':
        return '投诉已关闭';
      case 'reopened':
        return '投诉已重新打开';
      case 'rated':
        return `感谢您的评价（${detail.score ?? ''}星）`;
    }
  })();
  return [...line].length > 20 ? `${[...line].slice(0, 19).join('')}…` : line;
}
