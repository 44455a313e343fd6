import type { Role } from '../../shared/contract';
import { fail } from './errors';

/** What our session token says about its holder. */
export interface Session {
  openid: string;
  memberId: string | null;
  roles: Role[];
  storeId: string | null;
}

const ISSUER = 'huiyuan';
const AUDIENCE = 'huiyuan-api';

/**
 * jose is loaded on the first sign-in or token check, not at module load: scheduled functions and
 * public routes never need it, and the others load it with their first request instead of in init.
 */
const jose = () => import('./jwt');

function key(secret: string) {
  return new TextEncoder().encode(secret);
}

/** Signs a short-lived HS256 token. The WeChat session_key is never part of it. */
export async function signSession(
  s: Session,
  secret: string,
  ttlSeconds: number,
  now = new Date(),
): Promise<{ token: string; expiresAt: string }> {
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + ttlSeconds;
  const { SignJWT } = await jose();
  const token = await new SignJWT({ mid: s.memberId, roles: s.roles, store: s.storeId })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(s.openid)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(key(secret));
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
}

export async function verifySession(token: string, secret: string, now = new Date()): Promise<Session> {
  const { jwtVerify, errors: joseErrors } = await jose();
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS256'],
      currentDate: now,
    });
    const roles = Array.isArray(payload.roles) ? (payload.roles as Role[]) : [];
    if (typeof payload.sub !== 'string') throw fail('unauthorized');
    return {
      openid: payload.sub,
      memberId: typeof payload.mid === 'string' ? payload.mid : null,
      roles,
      storeId: typeof payload.store === 'string' ? payload.store : null,
    };
  } catch (e) {
    if (e instanceof joseErrors.JWTExpired) throw fail('unauthorized', 'the session has expired; sign in again');
    throw fail('unauthorized', 'the session token is invalid');
  }
}
