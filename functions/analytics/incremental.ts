/** STUB: the incremental member-facts export's stream consumer. */
import type { StreamChange } from '../adapters/dynamo/stream';

export async function noteChangedFacts(_changes: readonly StreamChange[]): Promise<void> {}
