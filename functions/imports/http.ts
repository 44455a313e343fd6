import { importsRoutes } from '../../shared/contract/routes/imports';
import { route, router } from '../lib/http';
import { askUpload, importStatus, pastImports, previewImport, startImport } from './imports';

/** Member import (issue 16): upload, preview, start, follow. The rows are written by worker.ts. */
export const handler = router({
  adminCreateImport: route(importsRoutes, 'adminCreateImport', ({ session, body }) => askUpload(session, body)),
  adminListImports: route(importsRoutes, 'adminListImports', () => pastImports()),
  adminGetImport: route(importsRoutes, 'adminGetImport', ({ params }) => importStatus(params.importId)),
  adminPreviewImport: route(importsRoutes, 'adminPreviewImport', ({ params }) => previewImport(params.importId)),
  adminStartImport: route(importsRoutes, 'adminStartImport', ({ session, params, body }) => startImport(session, params.importId, body.mapping)),
});
