import * as z from 'zod';
import { MemberId, Role, StoreId } from './common';

export const LoginRequest = z.object({
  /** The one-time code from wx.login. */
  code: z.string().min(1).max(128),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const LoginResponse = z.object({
  token: z.string(),
  expiresAt: z.string(),
  memberId: MemberId.nullable(),
  roles: z.array(Role),
  storeId: StoreId.nullable(),
});
export type LoginResponse = z.infer<typeof LoginResponse>;
