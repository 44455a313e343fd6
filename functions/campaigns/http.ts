import { campaignsRoutes } from '../../shared/contract/routes/campaigns';
import { route, router } from '../lib/http';
import { campaignResults, campaignView, createCampaign, decide, listCampaigns, runNow } from './campaigns';

/** Campaigns (admin): create, the approval flow, run now, results. One Lambda. */
export const handler = router({
  adminCreateCampaign: route(campaignsRoutes, 'adminCreateCampaign', ({ session, body }) => createCampaign(session, body)),
  adminListCampaigns: route(campaignsRoutes, 'adminListCampaigns', ({ query }) => listCampaigns(query.state)),
  adminGetCampaign: route(campaignsRoutes, 'adminGetCampaign', ({ params }) => campaignView(params.campaignId)),
  adminSubmitCampaign: route(campaignsRoutes, 'adminSubmitCampaign', ({ session, params }) => decide(session, params.campaignId, 'submit')),
  adminApproveCampaign: route(campaignsRoutes, 'adminApproveCampaign', ({ session, params }) => decide(session, params.campaignId, 'approve')),
  adminRejectCampaign: route(campaignsRoutes, 'adminRejectCampaign', ({ session, params, body }) => decide(session, params.campaignId, 'reject', body.reason)),
  adminCancelCampaign: route(campaignsRoutes, 'adminCancelCampaign', ({ session, params }) => decide(session, params.campaignId, 'cancel')),
  adminRunCampaignNow: route(campaignsRoutes, 'adminRunCampaignNow', ({ session, params }) => runNow(session, params.campaignId)),
  adminCampaignResults: route(campaignsRoutes, 'adminCampaignResults', ({ params }) => campaignResults(params.campaignId)),
});
