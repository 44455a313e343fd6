import { route, router } from '../lib/http';
import { campaignResults, campaignView, createCampaign, decide, listCampaigns, runNow } from './campaigns';

/** Campaigns (admin): create, the approval flow, run now, results. One Lambda. */
export const handler = router({
  adminCreateCampaign: route('adminCreateCampaign', ({ session, body }) => createCampaign(session, body)),
  adminListCampaigns: route('adminListCampaigns', ({ query }) => listCampaigns(query.state)),
  adminGetCampaign: route('adminGetCampaign', ({ params }) => campaignView(params.campaignId)),
  adminSubmitCampaign: route('adminSubmitCampaign', ({ session, params }) => decide(session, params.campaignId, 'submit')),
  adminApproveCampaign: route('adminApproveCampaign', ({ session, params }) => decide(session, params.campaignId, 'approve')),
  adminRejectCampaign: route('adminRejectCampaign', ({ session, params, body }) => decide(session, params.campaignId, 'reject', body.reason)),
  adminCancelCampaign: route('adminCancelCampaign', ({ session, params }) => decide(session, params.campaignId, 'cancel')),
  adminRunCampaignNow: route('adminRunCampaignNow', ({ session, params }) => runNow(session, params.campaignId)),
  adminCampaignResults: route('adminCampaignResults', ({ params }) => campaignResults(params.campaignId)),
});
