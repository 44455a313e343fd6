/** The parts of jose the session uses, loaded on demand by session.ts (see there). */
export { SignJWT, errors, jwtVerify } from 'jose';
