import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { config } from '../../lib/config';

let client: LambdaClient | undefined;

/** Invokes a function asynchronously (Lambda queues the event and retries a failed run twice). */
export async function invokeAsync(functionName: string, payload: unknown): Promise<void> {
  client ??= new LambdaClient({ region: config().region });
  await client.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: new TextEncoder().encode(JSON.stringify(payload)) }));
}
