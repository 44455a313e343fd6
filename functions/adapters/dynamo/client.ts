import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '../../lib/config';

const clients = new Map<string, DynamoDBDocumentClient>();

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
    });
    client = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
    clients.set(cacheKey, client);
  }
  return { client, table: c.tableName };
}
