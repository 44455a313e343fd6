/** The pure rules of stores and staff (issue 16): effective roles, who manages whom, invite states. */
import fc from 'fast-check';
import { anotherAdmin, canManage, canSeeStaff, effectiveRoles, inviteCodeFrom, inviteExpiry, inviteState, sessionRolesOf, type CurrentRoles } from '../../shared/domain/staff';

const clerkAt = (storeId: string): CurrentRoles => ({ store: { storeId, storeRole: 'clerk' }, admin: false });
const managerAt = (storeId: string): CurrentRoles => ({ store: { storeId, storeRole: 'manager' }, admin: false });

describe('effective roles: the token’s roles the person still holds', () => {
  it('keeps what she still holds, at the same store', () => {
    expect(effectiveRoles({ roles: ['member', 'staff'], storeId: 'S001' }, clerkAt('S001'))).toEqual({ roles: ['member', 'staff'], storeId: 'S001' });
    expect(effectiveRoles({ roles: ['member', 'staff', 'manager'], storeId: 'S001' }, managerAt('S001'))).toEqual({ roles: ['member', 'staff', 'manager'], storeId: 'S001' });
  });
  it('drops a removed or moved clerk, a demoted manager, a revoked admin', () => {
    expect(effectiveRoles({ roles: ['member', 'staff'], storeId: 'S001' }, { store: null, admin: false })).toEqual({ roles: ['member'], storeId: null });
    expect(effectiveRoles({ roles: ['member', 'staff'], storeId: 'S001' }, clerkAt('S002'))).toEqual({ roles: ['member'], storeId: null });
    expect(effectiveRoles({ roles: ['member', 'staff', 'manager'], storeId: 'S001' }, clerkAt('S001'))).toEqual({ roles: ['member', 'staff'], storeId: 'S001' });
    expect(effectiveRoles({ roles: ['member', 'admin'], storeId: null }, { store: null, admin: false })).toEqual({ roles: ['member'], storeId: null });
  });
  it('never grants a role the token does not carry, nor one she no longer holds', () => {
    const role = fc.constantFrom('member', 'staff', 'manager', 'admin');
    const current = fc.record({
      store: fc.option(fc.record({ storeId: fc.constantFrom('S001', 'S002'), storeRole: fc.constantFrom('clerk' as const, 'manager' as const) }), { nil: null }),
      admin: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.uniqueArray(role), fc.option(fc.constantFrom('S001', 'S002'), { nil: null }), current, (roles, storeId, now) => {
        const eff = effectiveRoles({ roles, storeId }, now);
        const held = sessionRolesOf(now) as string[];
        expect(eff.roles.every((r) => roles.includes(r) && held.includes(r))).toBe(true);
        if (eff.roles.includes('staff')) expect(now.store?.storeId).toBe(storeId);
      }),
    );
  });
});

describe('who manages whom', () => {
  const manager = { roles: ['member', 'staff', 'manager'], storeId: 'S001', openid: 'm' };
  const admin = { roles: ['member', 'admin'], storeId: null };
  it('a manager: her own store, clerks only, never herself', () => {
    expect(canSeeStaff(manager, 'S001')).toBe(true);
    expect(canSeeStaff(manager, 'S002')).toBe(false);
    expect(canManage(manager, 'S001', 'clerk', 'c')).toBe(true);
    expect(canManage(manager, 'S002', 'clerk', 'c')).toBe(false);
    expect(canManage(manager, 'S001', 'manager')).toBe(false);
    expect(canManage(manager, 'S001', 'clerk', 'm')).toBe(false);
  });
  it('an admin: every store, either position; a clerk: nothing', () => {
    expect(canSeeStaff(admin, 'S002')).toBe(true);
    expect(canManage(admin, 'S002', 'manager')).toBe(true);
    expect(canSeeStaff({ roles: ['member', 'staff'], storeId: 'S001' }, 'S001')).toBe(false);
    expect(canManage({ roles: ['member', 'staff'], storeId: 'S001' }, 'S001', 'clerk')).toBe(false);
  });
  it('the last admin stays', () => {
    expect(anotherAdmin(['a'], 'a')).toBeNull();
    expect(anotherAdmin(['a', 'b'], 'a')).toBe('b');
  });
});

describe('invites', () => {
  it('open for 24 hours, then expired; used stays used', () => {
    const made = new Date('2026-12-01T02:00:00Z');
    const inv = { expiresAt: inviteExpiry(made), usedBy: null };
    expect(inv.expiresAt).toBe('2026-12-02T02:00:00.000Z');
    expect(inviteState(inv, new Date('2026-12-02T01:59:59Z'))).toBe('open');
    expect(inviteState(inv, new Date('2026-12-02T02:00:00Z'))).toBe('expired');
    expect(inviteState({ ...inv, usedBy: 'o' }, new Date('2026-12-03T00:00:00Z'))).toBe('used');
  });
  it('codes are 10 characters of the alphabet without look-alikes', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 10, maxLength: 10 }), (b) => expect(inviteCodeFrom(b)).toMatch(/^[A-HJ-NP-Z2-9]{10}$/)));
  });
});
