/**
 * Configuration comes from the environment, read on each call so tests can point a handler at
 * their own table and stand-in. In AWS the values are set by serverless.yml (secrets from SSM).
 */
export interface Config {
  tableName: string;
  /** Set only locally (DynamoDB Local); unset in AWS. */
  dynamoEndpoint: string | undefined;
  region: string;
  /** pushToken: the Token of the mini-program's message-push configuration (signs WeChat's pushes to /wechat/push). */
  wechat: { apiBase: string; appid: string; secret: string; pushToken: string };
  sessionSecret: string;
  sessionTtlSeconds: number;
  timeZone: string;
  /** HMAC key that signs product codes (changing it invalidates every printed code). */
  productCodeSecret: string;
  /** Public base of the URLs printed as product QR codes (<base>/s/<code>). */
  productCodeUrlBase: string;
  /** Files (imports, exports, data copies): the bucket, and the S3 endpoint set only locally (s3rver). */
  files: { bucket: string; endpoint: string | undefined };
  /**
   * How long (seconds) a warm Lambda trusts the role items it read for one person before reading them
   * again: the bound on how late a revoked clerk, manager or admin is refused (issue 16: within 60 s).
   */
  roleCacheSeconds: number;
}

/** The message-push Token of the local stack and tests (the WeChat stand-in signs its pushes with it). */
export const LOCAL_PUSH_TOKEN = 'huiyuan-local-push-token';

export function config(): Config {
  return {
    tableName: required('TABLE_NAME'),
    dynamoEndpoint: process.env.DYNAMODB_ENDPOINT || undefined,
    region: process.env.AWS_REGION || 'cn-north-1',
    wechat: {
      apiBase: (process.env.WECHAT_API_BASE || 'https://api.weixin.qq.com').replace(/\/$/, ''),
      appid: required('WECHAT_APPID'),
      secret: required('WECHAT_SECRET'),
      // Required in Lambda; the local stack and tests use a development token (the stand-in signs with it).
      pushToken: process.env.AWS_LAMBDA_FUNCTION_NAME ? required('WECHAT_PUSH_TOKEN') : process.env.WECHAT_PUSH_TOKEN || LOCAL_PUSH_TOKEN,
    },
    sessionSecret: required('SESSION_SECRET'),
    sessionTtlSeconds: Number(process.env.SESSION_TTL_SECONDS || 7200),
    timeZone: process.env.BRAND_TIME_ZONE || 'Asia/Shanghai',
    // Required in Lambda; the local stack, tests and benches use a development key.
    productCodeSecret: process.env.AWS_LAMBDA_FUNCTION_NAME ? required('PRODUCT_CODE_SECRET') : process.env.PRODUCT_CODE_SECRET || 'huiyuan-local-development-only-product-code-key',
    productCodeUrlBase: (process.env.PRODUCT_CODE_URL_BASE || 'https://m.huiyuan.example.cn').replace(/\/+$/, ''),
    files: { bucket: process.env.FILES_BUCKET || 'huiyuan-local-files', endpoint: process.env.S3_ENDPOINT || undefined },
    roleCacheSeconds: Math.min(30, Math.max(0, Number(process.env.ROLE_CACHE_SECONDS ?? 30) || 0)),
  };
}

function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`missing configuration: ${name}`);
  return v;
}
