import { cardsRoutes } from '../../shared/contract/routes/cards';
import { route, router } from '../lib/http';
import { createCardBatch, exportCardBatch, listBatches } from './batches';
import { bindMyCard, myCard, staffBindCard } from './bind';

/** Card batches (admin), binding by the member and at the till: one Lambda. */
export const handler = router({
  adminCreateCardBatch: route(cardsRoutes, 'adminCreateCardBatch', ({ session, body }) => createCardBatch(session, body)),
  adminListCardBatches: route(cardsRoutes, 'adminListCardBatches', () => listBatches()),
  adminExportCardBatch: route(cardsRoutes, 'adminExportCardBatch', ({ session, params }) => exportCardBatch(session, params.batchId)),
  myCard: route(cardsRoutes, 'myCard', ({ session }) => myCard(session)),
  bindMyCard: route(cardsRoutes, 'bindMyCard', ({ session, body }) => bindMyCard(session, body)),
  staffBindCard: route(cardsRoutes, 'staffBindCard', ({ session, body }) => staffBindCard(session, body)),
});
