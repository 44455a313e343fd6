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

/** Tags, tag rules, RFM settings, a member's insight and segments: one Lambda. */
export const handler = router({
  adminListTags: route('adminListTags', () => tagCatalogue()),
  adminCreateTag: route('adminCreateTag', ({ session, body }) => createTag(session, body.tag)),
  adminListTagRules: route('adminListTagRules', () => tagRules()),
  adminCreateTagRule: route('adminCreateTagRule', ({ session, body }) => createTagRule(session, body)),
  adminUpdateTagRule: route('adminUpdateTagRule', ({ session, params, body }) => updateTagRule(session, params.ruleId, body)),
  adminDeleteTagRule: route('adminDeleteTagRule', ({ session, params }) => removeTagRule(session, params.ruleId)),
  adminGetRfmSettings: route('adminGetRfmSettings', () => getRfmConfig()),
  adminPutRfmSettings: route('adminPutRfmSettings', ({ session, body }) => setRfmConfig(session, body)),
  memberTags: route('memberTags', ({ params }) => getMemberInsight(params.memberId)),
  setMemberTags: route('setMemberTags', ({ session, params, body }) => changeMemberTags(session, params.memberId, body.add ?? [], body.remove ?? [])),
  adminCreateSegment: route('adminCreateSegment', ({ session, body }) => createSegment(session, body)),
  adminListSegments: route('adminListSegments', () => listSegments()),
  adminPreviewSegment: route('adminPreviewSegment', ({ body }) => previewSegment(body.filter)),
  adminGetSegment: route('adminGetSegment', ({ params }) => segmentOr404(params.segmentId)),
  adminExportSegment: route('adminExportSegment', ({ session, params }) => exportSegment(session, params.segmentId)),
  adminTagSegment: route('adminTagSegment', ({ session, params, body }) => bulkTag(session, params.segmentId, body.tag)),
});
