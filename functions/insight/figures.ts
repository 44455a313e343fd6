/** STUB: the daily figures' stream consumer (counts nothing yet). */
import type { StreamChange } from '../adapters/dynamo/stream';

export async function countFigures(_changes: readonly StreamChange[]): Promise<void> {}
