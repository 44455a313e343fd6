import { productsRoutes } from '../../shared/contract/routes/products';
import { route, router } from '../lib/http';
import { batchSample, createProductBatch, exportBatchCodes, listProductBatches, myProducts, scanAbuse, scanProductCode, setProductBatchState } from './products';

/** Product-code batches (admin), scanning and "my products" (members): one Lambda. */
export const handler = router({
  adminCreateProductBatch: route(productsRoutes, 'adminCreateProductBatch', ({ session, body }) => createProductBatch(session, body)),
  adminListProductBatches: route(productsRoutes, 'adminListProductBatches', () => listProductBatches()),
  adminSetProductBatchState: route(productsRoutes, 'adminSetProductBatchState', ({ session, params, body }) => setProductBatchState(session, params.batchId, body.state, body.reason)),
  adminExportProductCodes: route(productsRoutes, 'adminExportProductCodes', ({ params, query }) => exportBatchCodes(params.batchId, query)),
  adminProductCodeSample: route(productsRoutes, 'adminProductCodeSample', ({ params, query }) => batchSample(params.batchId, query.count)),
  adminScanAbuse: route(productsRoutes, 'adminScanAbuse', ({ query }) => scanAbuse(query)),
  scanProductCode: route(productsRoutes, 'scanProductCode', ({ session, body }) => scanProductCode(session, body.code)),
  myProducts: route(productsRoutes, 'myProducts', ({ session }) => myProducts(session)),
});
