import { lazy, type RouteSlice } from './spec';

// Schemas are built on first use, not when the slice is loaded (see spec.ts).
const products = lazy(() => require('../products') as typeof import('../products'));

/** Product-code batches, scans, my products (functions/products). */
export const productsRoutes = {
  adminCreateProductBatch: {
    method: 'POST',
    path: '/admin/product-batches',
    summary: 'Create a batch of signed product codes (no item per code; audited)',
    auth: ['admin'],
    get body() {
      return products().ProductBatchInput;
    },
    get response() {
      return products().ProductBatch;
    },
    errors: ['batches_exhausted', 'busy', 'invalid_batch'],
    status: 201,
  },
  adminListProductBatches: {
    method: 'GET',
    path: '/admin/product-batches',
    summary: 'Product-code batches with scanned and unscanned counts, newest first',
    auth: ['admin'],
    get response() {
      return products().BatchList;
    },
  },
  adminSetProductBatchState: {
    method: 'PUT',
    path: '/admin/product-batches/{batchId}/state',
    summary: 'Pause, resume or void a batch (audited; voided is final)',
    auth: ['admin'],
    get params() {
      return products().BatchIdParams;
    },
    get body() {
      return products().BatchStateRequest;
    },
    get response() {
      return products().ProductBatch;
    },
    errors: ['batch_changed', 'batch_not_found', 'batch_voided'],
  },
  adminExportProductCodes: {
    method: 'GET',
    path: '/admin/product-batches/{batchId}/codes',
    summary: "A page of a batch's codes and URLs as CSV, computed on the fly (the first page carries the header)",
    auth: ['admin'],
    get params() {
      return products().BatchIdParams;
    },
    get query() {
      return products().BatchCodesQuery;
    },
    get response() {
      return products().BatchCodesPage;
    },
    errors: ['batch_not_found'],
  },
  adminProductCodeSample: {
    method: 'GET',
    path: '/admin/product-batches/{batchId}/sample',
    summary: 'The first codes of a batch with their URLs, for a printed sample sheet of QR codes',
    auth: ['admin'],
    get params() {
      return products().BatchIdParams;
    },
    get query() {
      return products().SampleQuery;
    },
    get response() {
      return products().BatchSample;
    },
    errors: ['batch_not_found'],
  },
  adminScanAbuse: {
    method: 'GET',
    path: '/admin/scan-abuse',
    summary: 'Abuse signals: members with many failed codes or hitting the daily scan limit, by day',
    auth: ['admin'],
    get query() {
      return products().AbuseQuery;
    },
    get response() {
      return products().AbuseResponse;
    },
  },
  scanProductCode: {
    method: 'POST',
    path: '/members/me/scans',
    summary: 'Scan a product code: points, coupon and warranty once per code; a forged or altered code is refused without a write',
    auth: ['member'],
    get body() {
      return products().ScanRequest;
    },
    get response() {
      return products().ScanResponse;
    },
    quota: 'productScan',
    errors: ['batch_ended', 'batch_not_started', 'batch_paused', 'batch_voided', 'brand_not_configured', 'busy', 'code_invalid', 'code_used', 'member_not_found', 'not_registered', 'scan_limit', 'member_frozen'],
  },
  myProducts: {
    method: 'GET',
    path: '/members/me/products',
    summary: "The member's scanned products and their warranties",
    auth: ['member'],
    get response() {
      return products().MyProductsResponse;
    },
    errors: ['not_registered'],
  },
} as const satisfies RouteSlice;
