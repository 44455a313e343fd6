import { lazy, type RouteSlice } from './spec';

// Schemas are built on first use, not when the slice is loaded (see spec.ts).
const planning = lazy(() => require('../planning') as typeof import('../planning'));

/** Nightly snapshots, the tier-threshold planner and repurchase cycles (functions/planning). */
export const planningRoutes = {
  adminSnapshot: {
    method: 'GET',
    path: '/admin/insight/snapshot',
    summary: 'The newest nightly snapshot: tier and lifecycle distributions, tier moves per month, RFM grids, the contribution pyramid',
    auth: ['admin'],
    get response() {
      return planning().SnapshotResponse;
    },
  },
  adminTierPlanner: {
    method: 'POST',
    path: '/admin/insight/tier-planner',
    summary: "Propose tier thresholds from the spend distribution for target shares, with the members each would move",
    auth: ['admin'],
    errors: ['brand_not_configured'],
    get body() {
      return planning().PlannerRequest;
    },
    get response() {
      return planning().PlannerProposal;
    },
  },
  adminRepurchase: {
    method: 'GET',
    path: '/admin/insight/repurchase',
    summary: 'Median days between purchases per SKU and per category',
    auth: ['admin'],
    get response() {
      return planning().RepurchaseReport;
    },
  },
  // Part C additions: which SKUs and categories are consumables (the "time to buy again" care job).
  adminRepurchaseSettings: {
    method: 'GET',
    path: '/admin/insight/repurchase-settings',
    summary: 'Consumable SKUs and categories, and whether the "time to buy again" care job runs',
    auth: ['admin'],
    get response() {
      return planning().RepurchaseSettingsResponse;
    },
  },
  adminPutRepurchaseSettings: {
    method: 'PUT',
    path: '/admin/insight/repurchase-settings',
    summary: 'Save the consumable SKUs and categories (audited)',
    auth: ['admin'],
    errors: ['settings_changed'],
    get body() {
      return planning().PutRepurchaseSettings;
    },
    get response() {
      return planning().RepurchaseSettingsResponse;
    },
  },
} as const satisfies RouteSlice;
