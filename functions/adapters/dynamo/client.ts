import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '../../lib/config';
import { budgetSignal } from '../budget';

const clients = new Map<string, DynamoDBDocumentClient>();

/**
 * Timeouts (issue 20). In Lambda a connection that does not open within 1 s, or an answer that does not come
 * within 3 s (DynamoDB answers in milliseconds), is retried by the SDK's standard retry (3 attempts in all,
 * jittered backoff; throttling included), and inside an API request the request's time budget
 * (functions/adapters/budget.ts) also aborts the call, retries and all, so a stalled database gives a clean
 * 503 well before the Lambda timeout. Outside Lambda (the local stack, tests and benches, where one process
 * sends hundreds of requests at once to DynamoDB Local) the bounds are 5 s and 10 s.
 * DYNAMO_CONNECT_TIMEOUT_MS and DYNAMO_REQUEST_TIMEOUT_MS override them (the fault tests shorten them).
 */
function timeouts() {
  const inLambda = !!process.env.AWS_LAMBDA_FUNCTION_NAME;
  return {
    connectionTimeout: Number(process.env.DYNAMO_CONNECT_TIMEOUT_MS) || (inLambda ? 1000 : 5000),
    requestTimeout: Number(process.env.DYNAMO_REQUEST_TIMEOUT_MS) || (inLambda ? 3000 : 10_000),
    // Without it the handler only warns when the answer is late, and waits on.
    throwOnRequestTimeout: true,
  };
}

/** One document client per endpoint, reused across invocations of a warm Lambda. */
export function db(): { client: DynamoDBDocumentClient; table: string } {
  const c = config();
  const cacheKey = `${c.dynamoEndpoint ?? 'aws'}|${c.region}`;
  let client = clients.get(cacheKey);
  if (!client) {
    const raw = new DynamoDBClient({
      region: c.region,
      ...(c.dynamoEndpoint
        ? { endpoint: c.dynamoEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
        : {}),
      maxAttempts: 3,
      retryMode: 'standard',
      requestHandler: timeouts(),
    });
    const doc = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
    // Every call made inside a request carries the request's budget as its abort signal.
    const send = doc.send.bind(doc) as (command: unknown, options?: { abortSignal?: AbortSignal }) => Promise<unknown>;
    doc.send = ((command: unknown, options?: { abortSignal?: AbortSignal }) => {
      const abortSignal = options?.abortSignal ?? budgetSignal();
      return send(command, abortSignal ? { ...options, abortSignal } : options);
    }) as typeof doc.send;
    client = doc;
    clients.set(cacheKey, client);
  }
  return { client, table: c.tableName };
}
