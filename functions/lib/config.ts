/**
 * Configuration comes from the environment, read on each call so tests can point a handler at
 * their own table and stand-in. In AWS the values are set by serverless.yml (secrets from SSM).
 */
export interface Config {
  tableName: string;
  /** Set only locally (DynamoDB Local); unset in AWS. */
  dynamoEndpoint: string | undefined;
  region: string;
  wechat: { apiBase: string; appid: string; secret: string };
  sessionSecret: string;
  sessionTtlSeconds: number;
  timeZone: string;
}

export function config(): Config {
  return {
    tableName: required('TABLE_NAME'),
    dynamoEndpoint: process.env.DYNAMODB_ENDPOINT || undefined,
    region: process.env.AWS_REGION || 'cn-north-1',
    wechat: {
      apiBase: (process.env.WECHAT_API_BASE || 'https://api.weixin.qq.com').replace(/\/$/, ''),
      appid: required('WECHAT_APPID'),
      secret: required('WECHAT_SECRET'),
    },
    sessionSecret: required('SESSION_SECRET'),
    sessionTtlSeconds: Number(process.env.SESSION_TTL_SECONDS || 7200),
    timeZone: process.env.BRAND_TIME_ZONE || 'Asia/Shanghai',
  };
}

function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`missing configuration: ${name}`);
  return v;
}
