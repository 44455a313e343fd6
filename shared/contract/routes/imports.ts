import { lazy, type RouteSlice } from './spec';

// Schemas are built on first use, not when the slice is loaded (see spec.ts).
const imports = lazy(() => require('../imports') as typeof import('../imports'));

/** Member import from CSV/xlsx through S3 (functions/imports). */
export const importsRoutes = {
  adminCreateImport: {
    method: 'POST',
    path: '/admin/imports',
    summary: 'Ask for a member import: an import id and a presigned URL the page PUTs the CSV or xlsx file to',
    auth: ['admin'],
    get body() {
      return imports().ImportCreateRequest;
    },
    get response() {
      return imports().ImportUpload;
    },
  },
  adminListImports: {
    method: 'GET',
    path: '/admin/imports',
    summary: 'Past member imports, newest first',
    auth: ['admin'],
    get response() {
      return imports().ImportList;
    },
  },
  adminGetImport: {
    method: 'GET',
    path: '/admin/imports/{importId}',
    summary: "An import's state and counters (processed / total / created / merged / failed) and its error file link",
    auth: ['admin'],
    get params() {
      return imports().ImportIdParams;
    },
    get response() {
      return imports().ImportStatus;
    },
    errors: ['import_not_found'],
  },
  adminPreviewImport: {
    method: 'GET',
    path: '/admin/imports/{importId}/preview',
    summary: "The uploaded file's encoding, header and first rows, with a proposed column mapping",
    auth: ['admin'],
    get params() {
      return imports().ImportIdParams;
    },
    get response() {
      return imports().ImportPreview;
    },
    errors: ['import_not_found', 'import_not_uploaded', 'import_unreadable'],
  },
  adminStartImport: {
    method: 'POST',
    path: '/admin/imports/{importId}/start',
    summary: 'Start the import with the confirmed mapping: a background job (audited); starting twice starts it once',
    auth: ['admin'],
    get params() {
      return imports().ImportIdParams;
    },
    get body() {
      return imports().ImportStartRequest;
    },
    get response() {
      return imports().ImportStatus;
    },
    errors: ['import_not_found', 'import_not_uploaded', 'import_unreadable', 'import_state'],
  },
} as const satisfies RouteSlice;
