/** The table's stream reaches the one consumer: every change, once, in order per item (infra/local/streams.ts). */
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '../../functions/adapters/dynamo/client';
import { drainStream } from '../../infra/local/streams';
import { setupWorld } from './support';

let world: Awaited<ReturnType<typeof setupWorld>>;
beforeAll(async () => {
  world = await setupWorld({ stream: true });
  await drainStream(); // the seed's changes
});
afterAll(() => world.close());

test('changes written are handed over once, and a second drain finds nothing new', async () => {
  const { client, table } = db();
  await client.send(new PutCommand({ TableName: table, Item: { PK: 'STREAMTEST', SK: 'A', n: 1 } }));
  await client.send(new UpdateCommand({ TableName: table, Key: { PK: 'STREAMTEST', SK: 'A' }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': 2 } }));
  expect(await drainStream()).toBe(2);
  expect(await drainStream()).toBe(0);
});
