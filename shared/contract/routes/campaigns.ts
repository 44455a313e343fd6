import { lazy, type RouteSlice } from './spec';

// Schemas are built on first use, not when the slice is loaded (see spec.ts).
const campaigns = lazy(() => require('../campaigns') as typeof import('../campaigns'));

/** Campaigns and their approval (functions/campaigns). */
export const campaignsRoutes = {
  adminCreateCampaign: {
    method: 'POST',
    path: '/admin/campaigns',
    summary: 'Create a campaign (draft): a saved segment, a subscribe-message template with its fields, an optional coupon, once or recurring (audited)',
    auth: ['admin'],
    get body() {
      return campaigns().CampaignInput;
    },
    get response() {
      return campaigns().Campaign;
    },
    errors: ['busy', 'invalid_schedule', 'quiet_hours', 'segment_not_found', 'template_not_found', 'unknown_template'],
    status: 201,
  },
  adminListCampaigns: {
    method: 'GET',
    path: '/admin/campaigns',
    summary: 'Campaigns, newest first, optionally in one state',
    auth: ['admin'],
    get query() {
      return campaigns().CampaignListQuery;
    },
    get response() {
      return campaigns().CampaignList;
    },
  },
  adminGetCampaign: {
    method: 'GET',
    path: '/admin/campaigns/{campaignId}',
    summary: 'One campaign with its approval trail and next run',
    auth: ['admin'],
    get params() {
      return campaigns().CampaignIdParams;
    },
    get response() {
      return campaigns().Campaign;
    },
    errors: ['campaign_not_found'],
  },
  adminSubmitCampaign: {
    method: 'POST',
    path: '/admin/campaigns/{campaignId}/submit',
    summary: 'Submit a draft campaign for approval (audited)',
    auth: ['admin'],
    get params() {
      return campaigns().CampaignIdParams;
    },
    get response() {
      return campaigns().Campaign;
    },
    errors: ['campaign_changed', 'campaign_not_found', 'campaign_running', 'campaign_state', 'quiet_hours', 'same_approver', 'schedule_over'],
  },
  adminApproveCampaign: {
    method: 'POST',
    path: '/admin/campaigns/{campaignId}/approve',
    summary: 'Approve a campaign: only an admin other than its creator (403 otherwise); it is then scheduled (audited)',
    auth: ['admin'],
    get params() {
      return campaigns().CampaignIdParams;
    },
    get response() {
      return campaigns().Campaign;
    },
    errors: ['campaign_changed', 'campaign_not_found', 'campaign_running', 'campaign_state', 'quiet_hours', 'same_approver', 'schedule_over'],
  },
  adminRejectCampaign: {
    method: 'POST',
    path: '/admin/campaigns/{campaignId}/reject',
    summary: 'Reject a campaign pending approval, with a reason (audited)',
    auth: ['admin'],
    get params() {
      return campaigns().CampaignIdParams;
    },
    get body() {
      return campaigns().CampaignRejectRequest;
    },
    get response() {
      return campaigns().Campaign;
    },
    errors: ['campaign_changed', 'campaign_not_found', 'campaign_running', 'campaign_state', 'quiet_hours', 'same_approver', 'schedule_over'],
  },
  adminCancelCampaign: {
    method: 'POST',
    path: '/admin/campaigns/{campaignId}/cancel',
    summary: 'Cancel a campaign that is not running (audited)',
    auth: ['admin'],
    get params() {
      return campaigns().CampaignIdParams;
    },
    get response() {
      return campaigns().Campaign;
    },
    errors: ['campaign_changed', 'campaign_not_found', 'campaign_running', 'campaign_state', 'quiet_hours', 'same_approver', 'schedule_over'],
  },
  adminRunCampaignNow: {
    method: 'POST',
    path: '/admin/campaigns/{campaignId}/run-now',
    summary: 'Run an approved campaign\'s next occurrence now (demos, tests); idempotent per run (audited)',
    auth: ['admin'],
    get params() {
      return campaigns().CampaignIdParams;
    },
    get response() {
      return campaigns().CampaignRunResponse;
    },
    errors: ['brand_not_configured', 'busy', 'campaign_not_found', 'campaign_running', 'campaign_state', 'quiet_hours', 'same_approver', 'schedule_over'],
  },
  adminCampaignResults: {
    method: 'GET',
    path: '/admin/campaigns/{campaignId}/results',
    summary: 'Per run: targeted, with consent, sent, coupons issued and redeemed since, and each recipient',
    auth: ['admin'],
    get params() {
      return campaigns().CampaignIdParams;
    },
    get response() {
      return campaigns().CampaignResults;
    },
    errors: ['campaign_not_found'],
  },
} as const satisfies RouteSlice;
