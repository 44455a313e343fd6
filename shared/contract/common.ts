import * as z from 'zod';

/** Money is always integer fen (1 CNY = 100 fen). */
export const Fen = z.number().int().nonnegative().max(100_000_000_00);
/** Points are integers; a ledger movement is signed (earned > 0, spent < 0). */
export const Points = z.number().int();
/** Instants are UTC ISO-8601 strings. */
export const Instant = z.string().datetime();

/** A printed mini-program code (小程序码) for a poster: a link to its image (valid an hour), and what it opens. */
export const PosterCode = z.object({
  url: z.string(),
  /** The page the code opens (no leading slash), and the `scene` it hands that page (at most 32 characters). */
  page: z.string(),
  scene: z.string(),
  expiresAt: Instant,
});
/** A calendar date in the brand's time zone: a real one (a day the month has, 29 Feb only in leap years). */
export const LocalDate = z.iso.date({ message: 'expected a calendar date YYYY-MM-DD' });

export const Role = z.enum(['member', 'staff', 'admin', 'manager']);
export type Role = z.infer<typeof Role>;

export const StoreId = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'expected 1-32 letters, digits, _ or -');
export const MemberId = z.string().regex(/^m_[0-9a-z]{10,40}$/, 'not a member id');
/** A route's {memberId} path parameter. */
export const MemberIdParams = z.object({ memberId: MemberId });

/** The one error body every route answers with. `fields` names each failing input field. */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ path: z.string(), message: z.string(), limit: z.number().optional() })).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
