/** Stores, their staff (clerks and managers) and staff invites (issue 16). */
import * as z from 'zod';
import { Instant, StoreId } from './common';

/** A WeChat openid (also the id of a staff member in paths). */
export const OpenId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a WeChat account id');
/** One-time invite code: 10 characters of an alphabet without look-alikes (0/O, 1/I). */
export const InviteCode = z.string().regex(/^[A-HJ-NP-Z2-9]{10}$/, 'the invite code is 10 letters or digits');
/** A person's place in one store: clerk (店员) or manager (店长, who is also staff there). */
export const StorePosition = z.enum(['clerk', 'manager']);
export type StorePosition = z.infer<typeof StorePosition>;

const Name = z.string().trim().min(1).max(40);
const City = z.string().trim().min(1).max(20);
const Address = z.string().trim().max(120);

export const Store = z.object({
  storeId: StoreId,
  name: z.string(),
  city: z.string().nullable(),
  address: z.string().nullable(),
  open: z.boolean(),
  updatedAt: Instant.nullable(),
});
export type Store = z.infer<typeof Store>;

export const AdminStoresResponse = z.object({ stores: z.array(Store) });
export const CreateStoreRequest = z.object({ storeId: StoreId, name: Name, city: City, address: Address.optional() });
export type CreateStoreRequest = z.infer<typeof CreateStoreRequest>;
/** The store as a whole (name, city, address, open or closed). */
export const UpdateStoreRequest = z.object({ name: Name, city: City, address: Address.nullable().optional(), open: z.boolean() });
export type UpdateStoreRequest = z.infer<typeof UpdateStoreRequest>;
export const StoreParams = z.object({ storeId: StoreId });
export const StaffParams = z.object({ storeId: StoreId, openid: OpenId });
export const OpenIdParams = z.object({ openid: OpenId });

export const StaffMember = z.object({
  openid: OpenId,
  position: StorePosition,
  /** The member's name when she is a member with a name, else null (the page shows 店员 + the id's last 4). */
  name: z.string().nullable(),
  since: Instant,
  grantedBy: z.string(),
});
export type StaffMember = z.infer<typeof StaffMember>;
export const StoreStaffResponse = z.object({ store: Store, staff: z.array(StaffMember) });
export type StoreStaffResponse = z.infer<typeof StoreStaffResponse>;
export const SetPositionRequest = z.object({ position: StorePosition });

export const CreateInviteRequest = z.object({ position: StorePosition.default('clerk') });
export const Invite = z.object({
  code: InviteCode,
  storeId: StoreId,
  storeName: z.string(),
  position: StorePosition,
  expiresAt: Instant,
  /** The mini-program page that accepts it (its QR code carries this path). */
  path: z.string(),
});
export type Invite = z.infer<typeof Invite>;
export const InviteParams = z.object({ code: InviteCode });
/** What the person who opened an invite sees before accepting. */
export const InviteView = Invite.extend({ state: z.enum(['open', 'used', 'expired']) });
export type InviteView = z.infer<typeof InviteView>;
export const AcceptInviteResponse = z.object({ storeId: StoreId, storeName: z.string(), position: StorePosition });

export const Admin = z.object({ openid: OpenId, name: z.string().nullable(), since: Instant, grantedBy: z.string() });
export const AdminsResponse = z.object({ admins: z.array(Admin) });
export const GrantAdminRequest = z.object({ openid: OpenId });
export const Done = z.object({ ok: z.literal(true) });
