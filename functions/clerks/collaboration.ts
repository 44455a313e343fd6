/**
 * What other capabilities may ask of clerk attribution (issue 19). Registration (functions/members) asks
 * whose registration QR a clerk code is: the clerk and her store, while she still works there.
 */

export interface ClerkOfCode {
  openid: string;
  storeId: string;
}

export async function clerkByCode(code: string): Promise<ClerkOfCode | null> {
  void code;
  return null; // STUB: part "clerks" implements it (keys.clerkCode).
}
