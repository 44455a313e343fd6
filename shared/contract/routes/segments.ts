import { lazy, type RouteSlice } from './spec';

// Schemas are built on first use, not when the slice is loaded (see spec.ts).
const insight = lazy(() => require('../insight') as typeof import('../insight'));
const segments = lazy(() => require('../segments') as typeof import('../segments'));

/** Tags, tag rules, RFM settings, a member's insight and segments (functions/segments). */
export const segmentsRoutes = {
  adminListTags: {
    method: 'GET',
    path: '/admin/tags',
    summary: 'The tag catalogue: tags given by hand, in bulk or by rules',
    auth: ['admin'],
    get response() {
      return segments().TagCatalogue;
    },
  },
  adminCreateTag: {
    method: 'POST',
    path: '/admin/tags',
    summary: 'Add a tag to the catalogue (for staff to pick)',
    auth: ['admin'],
    get body() {
      return segments().TagCreateRequest;
    },
    get response() {
      return segments().TagCatalogue;
    },
  },
  adminListTagRules: {
    method: 'GET',
    path: '/admin/tag-rules',
    summary: 'Tag rules evaluated on every order (and product scan)',
    auth: ['admin'],
    get response() {
      return segments().TagRuleList;
    },
  },
  adminCreateTagRule: {
    method: 'POST',
    path: '/admin/tag-rules',
    summary: 'Create a tag rule (audited): SKU/name contains a text, 12-month spend or orders at least',
    auth: ['admin'],
    get body() {
      return segments().TagRuleInput;
    },
    get response() {
      return segments().TagRule;
    },
    errors: ['conflict'],
  },
  adminUpdateTagRule: {
    method: 'PUT',
    path: '/admin/tag-rules/{ruleId}',
    summary: 'Replace a tag rule (audited); applies to orders from now on',
    auth: ['admin'],
    get params() {
      return segments().TagRuleParams;
    },
    get body() {
      return segments().TagRuleInput;
    },
    get response() {
      return segments().TagRule;
    },
    errors: ['tag_rule_not_found'],
  },
  adminDeleteTagRule: {
    method: 'DELETE',
    path: '/admin/tag-rules/{ruleId}',
    summary: 'Delete a tag rule (audited); tags already given stay',
    auth: ['admin'],
    get params() {
      return segments().TagRuleParams;
    },
    get response() {
      return segments().TagRuleDeleted;
    },
    errors: ['tag_rule_not_found'],
  },
  adminGetRfmSettings: {
    method: 'GET',
    path: '/admin/rfm-settings',
    summary: 'RFM thresholds and lifecycle windows in force',
    auth: ['admin'],
    get response() {
      return segments().RfmConfigSchema;
    },
  },
  adminPutRfmSettings: {
    method: 'PUT',
    path: '/admin/rfm-settings',
    summary: 'Set RFM thresholds and lifecycle windows (audited)',
    auth: ['admin'],
    get body() {
      return segments().RfmConfigSchema;
    },
    get response() {
      return segments().RfmConfigSchema;
    },
  },
  memberTags: {
    method: 'GET',
    path: '/staff/members/{memberId}/tags',
    summary: "A member's tags, RFM scores, lifecycle stage and 12-month facts (clerk or admin)",
    auth: ['staff', 'admin'],
    get params() {
      return segments().MemberTagsParams;
    },
    get response() {
      return insight().MemberInsight;
    },
    errors: ['member_not_found'],
  },
  setMemberTags: {
    method: 'POST',
    path: '/staff/members/{memberId}/tags',
    summary: 'Add or remove tags of a member by hand (clerk or admin; audited)',
    auth: ['staff', 'admin'],
    get params() {
      return segments().MemberTagsParams;
    },
    get body() {
      return segments().MemberTagsRequest;
    },
    get response() {
      return insight().MemberInsight;
    },
    errors: ['busy', 'member_not_found'],
  },
  adminCreateSegment: {
    method: 'POST',
    path: '/admin/segments',
    summary: 'Save a segment (a named filter; audited)',
    auth: ['admin'],
    get body() {
      return segments().SegmentInput;
    },
    get response() {
      return segments().Segment;
    },
    errors: ['conflict'],
  },
  adminListSegments: {
    method: 'GET',
    path: '/admin/segments',
    summary: 'Saved segments, newest first',
    auth: ['admin'],
    get response() {
      return segments().SegmentList;
    },
  },
  adminPreviewSegment: {
    method: 'POST',
    path: '/admin/segments/preview',
    summary: 'Live count and a sample of 20 members for a filter',
    auth: ['admin'],
    get body() {
      return segments().SegmentPreviewRequest;
    },
    get response() {
      return segments().SegmentPreview;
    },
  },
  adminGetSegment: {
    method: 'GET',
    path: '/admin/segments/{segmentId}',
    summary: 'One saved segment',
    auth: ['admin'],
    get params() {
      return segments().SegmentIdParams;
    },
    get response() {
      return segments().Segment;
    },
    errors: ['segment_not_found'],
  },
  adminExportSegment: {
    method: 'GET',
    path: '/admin/segments/{segmentId}/export',
    summary: "The segment's members as CSV; phone numbers masked unless the admin role has the `phones` permission (audited)",
    auth: ['admin'],
    get params() {
      return segments().SegmentIdParams;
    },
    get response() {
      return segments().SegmentExport;
    },
    errors: ['segment_not_found'],
  },
  adminTagSegment: {
    method: 'POST',
    path: '/admin/segments/{segmentId}/tag',
    summary: 'Give every member of the segment a tag (audited)',
    auth: ['admin'],
    get params() {
      return segments().SegmentIdParams;
    },
    get body() {
      return segments().BulkTagRequest;
    },
    get response() {
      return segments().BulkTagResponse;
    },
    errors: ['busy', 'segment_not_found'],
  },
  adminStartSegmentExport: {
    method: 'POST',
    path: '/admin/segments/{segmentId}/exports',
    summary: "Export a segment's members to a CSV file in S3 in the background (phones masked unless the admin has the phone permission; audited)",
    auth: ['admin'],
    get params() {
      return segments().SegmentIdParams;
    },
    get response() {
      return segments().SegmentExportJob;
    },
    errors: ['segment_not_found'],
  },
  adminGetSegmentExport: {
    method: 'GET',
    path: '/admin/segments/{segmentId}/exports/{exportId}',
    summary: 'A segment export job: its state, and the download link once done',
    auth: ['admin'],
    get params() {
      return segments().SegmentExportParams;
    },
    get response() {
      return segments().SegmentExportJob;
    },
    errors: ['export_not_found'],
  },
} as const satisfies RouteSlice;
