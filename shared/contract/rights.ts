/**
 * Members' data rights (PIPL) and WeChat's rules: the agreements as versioned texts, a member's copy of
 * her data, account deletion with a grace period, and WeChat's user-information push.
 */
import * as z from 'zod';
import { Instant, LocalDate, MemberId, Points } from './common';

/** 会员服务协议 (terms) and 隐私政策 (privacy). */
export const PolicyKind = z.enum(['terms', 'privacy']);
export type PolicyKind = z.infer<typeof PolicyKind>;
export const PolicyKindParams = z.object({ kind: PolicyKind });

export const PolicySection = z.object({
  title: z.string().trim().min(1, 'a section needs a title').max(40),
  paragraphs: z.array(z.string().trim().min(1, 'a paragraph must not be empty').max(2000)).min(1, 'a section needs at least one paragraph').max(20),
});

/** One version of an agreement as a member reads it. */
export const PolicyText = z.object({
  kind: PolicyKind,
  version: z.number().int().positive(),
  title: z.string(),
  intro: z.string(),
  sections: z.array(PolicySection),
  /** The day (brand time zone) it applies from. */
  effectiveFrom: LocalDate,
  /** null for the text the product ships with (version 1, before any admin edit). */
  savedAt: Instant.nullable(),
});
export type PolicyText = z.infer<typeof PolicyText>;

/** An admin saves a new version (never edits an old one). */
export const SavePolicyRequest = z
  .object({
    title: z.string().trim().min(1, 'give a title').max(40),
    intro: z.string().trim().max(1000),
    sections: z.array(PolicySection).min(1, 'at least one section').max(30),
    /** Today or later; today when left out. */
    effectiveFrom: LocalDate.optional(),
  })
  .strict();
export type SavePolicyRequest = z.infer<typeof SavePolicyRequest>;

export const PolicyVersionSummary = z.object({ version: z.number().int().positive(), effectiveFrom: LocalDate, savedAt: Instant.nullable(), savedBy: z.string().nullable() });

export const AdminPolicyResponse = z.object({
  /** The version in force today. */
  current: PolicyText,
  /** The newest version (the one to start editing from: it may start on a later day). */
  latest: PolicyText,
  versions: z.array(PolicyVersionSummary),
});
export type AdminPolicyResponse = z.infer<typeof AdminPolicyResponse>;

/** The versions a member consented to at registration. */
export const PolicyVersions = z.object({ terms: z.number().int().positive(), privacy: z.number().int().positive() }).strict();

// ---- 导出我的数据 ---------------------------------------------------------------------------------

export const DataExportStatus = z.object({
  /** none: never asked (or the last copy is gone); pending: being written; ready: `url` works until `expiresAt`. */
  state: z.enum(['none', 'pending', 'ready', 'failed', 'expired']),
  requestedAt: Instant.nullable(),
  readyAt: Instant.nullable(),
  url: z.string().nullable(),
  expiresAt: Instant.nullable(),
  /** One copy a day: when she may ask for the next one (null: now). */
  nextAllowedAt: Instant.nullable(),
});
export type DataExportStatus = z.infer<typeof DataExportStatus>;

// ---- 注销账号 ------------------------------------------------------------------------------------

export const DeletionSource = z.enum(['member', 'wechat_phone_revoked', 'wechat_account_cancelled']);
export type DeletionSource = z.infer<typeof DeletionSource>;

export const RequestDeletionRequest = z.object({ confirm: z.literal(true, { message: 'confirm the deletion' }) }).strict();

export const DeletionStatus = z.object({
  state: z.enum(['none', 'pending']),
  requestedAt: Instant.nullable(),
  /** When her data are erased (15 days after the request). */
  dueAt: Instant.nullable(),
  /** Whole days left (rounded up), 0 when due. */
  daysLeft: z.number().int().nonnegative().nullable(),
  source: DeletionSource.nullable(),
  /** What she loses: her points balance now, her coupons still usable. */
  points: Points,
  coupons: z.number().int().nonnegative(),
  graceDays: z.number().int().positive(),
});
export type DeletionStatus = z.infer<typeof DeletionStatus>;

export const AdminDeletionsResponse = z.object({
  deletions: z.array(
    z.object({
      memberId: MemberId,
      phoneMasked: z.string(),
      requestedAt: Instant,
      dueAt: Instant,
      source: DeletionSource,
      /** Erasure has started (it can no longer be cancelled). */
      erasing: z.boolean(),
    }),
  ),
});
export type AdminDeletionsResponse = z.infer<typeof AdminDeletionsResponse>;

// ---- WeChat message push (plaintext mode) ---------------------------------------------------------

/** What WeChat puts on the push URL: signature = sha1(sort(token, timestamp, nonce)); echostr on the GET check. */
export const WeChatPushQuery = z.object({
  signature: z.string().max(64).optional(),
  timestamp: z.string().max(20).optional(),
  nonce: z.string().max(64).optional(),
  echostr: z.string().max(256).optional(),
  openid: z.string().max(128).optional(),
  encrypt_type: z.string().max(16).optional(),
  msg_signature: z.string().max(64).optional(),
});
export type WeChatPushQuery = z.infer<typeof WeChatPushQuery>;

/** Plain text: the echostr, or `success`. */
export const WeChatPushAnswer = z.string();
