/**
 * Where the care jobs learn about things other capabilities own. Win-back reads the member facts
 * (functions/adapters/dynamo/facts-repo.ts: membersLastPurchasedOn(day) -> {memberIds, itemsRead});
 * until that reader is wired here, win-back finds no one. Tests and benches may replace a source.
 */
export interface CareSources {
  /** Members whose last purchase was on this local day (an index read, not a scan). */
  membersLastPurchasedOn(day: string): Promise<{ memberIds: string[]; itemsRead: number }>;
}

const none: CareSources = {
  membersLastPurchasedOn: async () => ({ memberIds: [], itemsRead: 0 }),
};

export const careSources: CareSources = { ...none };

/** Replaces sources (tests, benches); `null` restores the defaults. */
export function setCareSources(s: Partial<CareSources> | null) {
  Object.assign(careSources, none, s ?? {});
}
