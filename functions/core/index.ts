/**
 * The small core below every capability: the brand's program, a member's account, the member behind
 * a session, the optimistic retry, the clock and the brand's day, and the one earn-points recipe.
 * Capabilities import from here (or from another capability's collaboration.ts), never each other's use cases.
 */
export * from './account';
export * from './brand';
export * from './day';
export * from './member';
export * from './optimistic';
export * from './tier-view';
export * from './jobs';
export * from './earn';
export * from './phones';
