import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '../../lib/config';
import { budgetSignal } from '../budget';

const clients = new Map<string, DynamoDBDocumentClient>();

/**
 * Timeouts (issue 20). A connection that does not open within 1 s, or an answer that does not come within
 * `DYNAMO_REQUEST_TIMEOUT_MS` (default 3 s; DynamoDB answers in milliseconds), is retried by the SDK's
 * standard retry (3 attempts in all, jittered backoff; throttling included). Inside an API request the
 * request's time budget (functions/adapters/budget.ts) also aborts the call, retries and all, so a stalled
 * database gives a clean 503 well before the Lambda timeout.
 */
const CONNECTION_TIMEOUT_MS = 1000;
const requestTimeoutMs = () => Number(process.env.DYNAMO_REQUEST_TIMEOUT_MS) || 3000;

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
      requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout: requestTimeoutMs() },
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
