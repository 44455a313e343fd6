import { AbuseQuery, AbuseResponse, BatchCodesPage, BatchCodesQuery, BatchIdParams, BatchList, BatchSample, BatchStateRequest, MyProductsResponse, ProductBatch, ProductBatchInput, SampleQuery, ScanRequest, ScanResponse } from '../products';
import type { RouteSlice } from './spec';

/** Product-code batches, scans, my products (functions/products). */
export const productsRoutes = {
  adminCreateProductBatch: {
    method: 'POST',
    path: '/admin/product-batches',
    summary: 'Create a batch of signed product codes (no item per code; audited)',
    auth: ['admin'],
    body: ProductBatchInput,
    response: ProductBatch,
    status: 201,
  },
  adminListProductBatches: {
    method: 'GET',
    path: '/admin/product-batches',
    summary: 'Product-code batches with scanned and unscanned counts, newest first',
    auth: ['admin'],
    response: BatchList,
  },
  adminSetProductBatchState: {
    method: 'PUT',
    path: '/admin/product-batches/{batchId}/state',
    summary: 'Pause, resume or void a batch (audited; voided is final)',
    auth: ['admin'],
    params: BatchIdParams,
    body: BatchStateRequest,
    response: ProductBatch,
  },
  adminExportProductCodes: {
    method: 'GET',
    path: '/admin/product-batches/{batchId}/codes',
    summary: "A page of a batch's codes and URLs as CSV, computed on the fly (the first page carries the header)",
    auth: ['admin'],
    params: BatchIdParams,
    query: BatchCodesQuery,
    response: BatchCodesPage,
  },
  adminProductCodeSample: {
    method: 'GET',
    path: '/admin/product-batches/{batchId}/sample',
    summary: 'The first codes of a batch with their URLs, for a printed sample sheet of QR codes',
    auth: ['admin'],
    params: BatchIdParams,
    query: SampleQuery,
    response: BatchSample,
  },
  adminScanAbuse: {
    method: 'GET',
    path: '/admin/scan-abuse',
    summary: 'Abuse signals: members with many failed codes or hitting the daily scan limit, by day',
    auth: ['admin'],
    query: AbuseQuery,
    response: AbuseResponse,
  },
  scanProductCode: {
    method: 'POST',
    path: '/members/me/scans',
    summary: 'Scan a product code: points, coupon and warranty once per code; a forged or altered code is refused without a write',
    auth: ['member'],
    body: ScanRequest,
    response: ScanResponse,
  },
  myProducts: {
    method: 'GET',
    path: '/members/me/products',
    summary: "The member's scanned products and their warranties",
    auth: ['member'],
    response: MyProductsResponse,
  },
} as const satisfies RouteSlice;
