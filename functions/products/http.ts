import { route, router } from '../lib/http';
import { batchSample, createProductBatch, exportBatchCodes, listProductBatches, myProducts, scanAbuse, scanProductCode, setProductBatchState } from './products';

/** Product-code batches (admin), scanning and "my products" (members): one Lambda. */
export const handler = router({
  adminCreateProductBatch: route('adminCreateProductBatch', ({ session, body }) => createProductBatch(session, body)),
  adminListProductBatches: route('adminListProductBatches', () => listProductBatches()),
  adminSetProductBatchState: route('adminSetProductBatchState', ({ session, params, body }) => setProductBatchState(session, params.batchId, body.state, body.reason)),
  adminExportProductCodes: route('adminExportProductCodes', ({ params, query }) => exportBatchCodes(params.batchId, query)),
  adminProductCodeSample: route('adminProductCodeSample', ({ params, query }) => batchSample(params.batchId, query.count)),
  adminScanAbuse: route('adminScanAbuse', ({ query }) => scanAbuse(query)),
  scanProductCode: route('scanProductCode', ({ session, body }) => scanProductCode(session, body.code)),
  myProducts: route('myProducts', ({ session }) => myProducts(session)),
});
