import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db } from './client';
import { keys } from './keys';

/** The WeChat access_token is cached in the table so all Lambda instances share one. */
export async function readCachedToken(): Promise<{ token: string; expiresAt: number } | null> {
  const { client, table } = db();
  const res = await client.send(new GetCommand({ TableName: table, Key: keys.wechatToken() }));
  if (!res.Item) return null;
  return { token: res.Item.token, expiresAt: res.Item.expiresAtMs };
}

export async function writeCachedToken(token: string, expiresAtMs: number): Promise<void> {
  const { client, table } = db();
  await client.send(new PutCommand({ TableName: table, Item: { ...keys.wechatToken(), token, expiresAtMs } }));
}
