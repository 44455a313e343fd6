import { segmentsRoutes } from '../../shared/contract/routes/segments';
import { route, router } from '../lib/http';
import {
  bulkTag,
  changeMemberTags,
  createSegment,
  createTag,
  createTagRule,
  exportSegment,
  getMemberInsight,
  getRfmConfig,
  listSegments,
  previewSegment,
  removeTagRule,
  segmentOr404,
  setRfmConfig,
  tagCatalogue,
  tagRules,
  updateTagRule,
} from './segments';
import { segmentExportStatus, startSegmentExport } from './exports';

/** Tags, tag rules, RFM settings, a member's insight and segments: one Lambda. */
export const handler = router({
  adminListTags: route(segmentsRoutes, 'adminListTags', () => tagCatalogue()),
  adminCreateTag: route(segmentsRoutes, 'adminCreateTag', ({ session, body }) => createTag(session, body.tag)),
  adminListTagRules: route(segmentsRoutes, 'adminListTagRules', () => tagRules()),
  adminCreateTagRule: route(segmentsRoutes, 'adminCreateTagRule', ({ session, body }) => createTagRule(session, body)),
  adminUpdateTagRule: route(segmentsRoutes, 'adminUpdateTagRule', ({ session, params, body }) => updateTagRule(session, params.ruleId, body)),
  adminDeleteTagRule: route(segmentsRoutes, 'adminDeleteTagRule', ({ session, params }) => removeTagRule(session, params.ruleId)),
  adminGetRfmSettings: route(segmentsRoutes, 'adminGetRfmSettings', () => getRfmConfig()),
  adminPutRfmSettings: route(segmentsRoutes, 'adminPutRfmSettings', ({ session, body }) => setRfmConfig(session, body)),
  memberTags: route(segmentsRoutes, 'memberTags', ({ params }) => getMemberInsight(params.memberId)),
  setMemberTags: route(segmentsRoutes, 'setMemberTags', ({ session, params, body }) => changeMemberTags(session, params.memberId, body.add ?? [], body.remove ?? [])),
  adminCreateSegment: route(segmentsRoutes, 'adminCreateSegment', ({ session, body }) => createSegment(session, body)),
  adminListSegments: route(segmentsRoutes, 'adminListSegments', () => listSegments()),
  adminPreviewSegment: route(segmentsRoutes, 'adminPreviewSegment', ({ body }) => previewSegment(body.filter)),
  adminGetSegment: route(segmentsRoutes, 'adminGetSegment', ({ params }) => segmentOr404(params.segmentId)),
  adminExportSegment: route(segmentsRoutes, 'adminExportSegment', ({ session, params }) => exportSegment(session, params.segmentId)),
  adminTagSegment: route(segmentsRoutes, 'adminTagSegment', ({ session, params, body }) => bulkTag(session, params.segmentId, body.tag)),
  adminStartSegmentExport: route(segmentsRoutes, 'adminStartSegmentExport', ({ session, params }) => startSegmentExport(session, params.segmentId)),
  adminGetSegmentExport: route(segmentsRoutes, 'adminGetSegmentExport', ({ params }) => segmentExportStatus(params.segmentId, params.exportId)),
});
