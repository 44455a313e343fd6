import { buildOpenApi } from '../../shared/contract/openapi';
import { openapiRoutes } from '../../shared/contract/routes/openapi';
import { route } from '../lib/http';

let doc: Record<string, unknown> | null = null;

export const handler = route(openapiRoutes, 'openapi', async () => {
  doc ??= buildOpenApi({ title: 'Huiyuan API', version: '0.1.0' }) as Record<string, unknown>;
  return doc;
});
