import { lazy, type RouteSlice } from './spec';

// Schemas are built on first use, not when the slice is loaded (see spec.ts).
const cards = lazy(() => require('../cards') as typeof import('../cards'));

/** Pre-printed membership cards: batches (admin), binding by the member or at the till (functions/cards). */
export const cardsRoutes = {
  adminCreateCardBatch: {
    method: 'POST',
    path: '/admin/card-batches',
    summary: 'Create a batch of card numbers (check digit) with a random PIN each (only a keyed hash is kept) and the print file; audited',
    auth: ['admin'],
    get body() {
      return cards().CardBatchInput;
    },
    get response() {
      return cards().CardBatchCreated;
    },
    errors: ['unknown_tier', 'busy', 'brand_not_configured'],
    status: 201,
  },
  adminListCardBatches: {
    method: 'GET',
    path: '/admin/card-batches',
    summary: 'Card batches with bound and lost counts, newest first',
    auth: ['admin'],
    get response() {
      return cards().CardBatchList;
    },
  },
  adminExportCardBatch: {
    method: 'POST',
    path: '/admin/card-batches/{batchId}/export',
    summary: "The batch's print file (card numbers and PINs, CSV): a short-lived download link; each export audited",
    auth: ['admin'],
    get params() {
      return cards().CardBatchIdParams;
    },
    get response() {
      return cards().CardBatchExport;
    },
    errors: ['card_batch_not_found', 'card_batch_not_ready'],
  },
  myCard: {
    method: 'GET',
    path: '/members/me/card',
    summary: "The member's card (masked number) and whether she is frozen",
    auth: ['member'],
    get response() {
      return cards().MyCardResponse;
    },
    errors: ['member_not_found', 'not_registered'],
  },
  bindMyCard: {
    method: 'POST',
    path: '/members/me/card',
    summary: 'Bind a pre-printed card (number + PIN): check digit first, 5 wrong PINs lock the card for 30 minutes; one card, one member; what it carried comes once',
    auth: ['member'],
    get body() {
      return cards().BindCardRequest;
    },
    get response() {
      return cards().BindCardResponse;
    },
    errors: [
      'card_number_invalid',
      'card_pin_wrong',
      'card_locked',
      'card_attempts_limited',
      'card_bound',
      'card_lost',
      'member_has_card',
      'member_frozen',
      'member_not_found',
      'not_registered',
      'brand_not_configured',
      'busy',
      'card_not_found',
    ],
  },
  staffBindCard: {
    method: 'POST',
    path: '/staff/cards/bind',
    summary: "At the till: bind a card (number + PIN) to the member whose code was scanned (the code is read, not spent)",
    auth: ['staff'],
    get body() {
      return cards().StaffBindCardRequest;
    },
    get response() {
      return cards().BindCardResponse;
    },
    errors: [
      'member_code_not_found',
      'member_code_used',
      'member_code_expired',
      'card_number_invalid',
      'card_pin_wrong',
      'card_locked',
      'card_attempts_limited',
      'card_bound',
      'card_lost',
      'member_has_card',
      'member_frozen',
      'member_not_found',
      'brand_not_configured',
      'busy',
      'card_not_found',
    ],
  },
} as const satisfies RouteSlice;
