/** STUB: the repurchase intervals' stream consumer. */
import type { StreamChange } from '../adapters/dynamo/stream';

export async function noteRepurchases(_changes: readonly StreamChange[]): Promise<void> {}
