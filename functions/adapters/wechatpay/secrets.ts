/**
 * WeChat Pay key material and configuration (issue 17).
 *
 * In AWS, `WECHATPAY_SECRET_ID` names a Secrets Manager secret (JSON: merchantPrivateKey, merchantSerial,
 * apiV3Key, publicKey, publicKeyId), read once per warm Lambda. Locally and in tests (no WECHATPAY_SECRET_ID)
 * the same values come from env vars generated fresh by infra/local at start. Never logged.
 */
import { fail } from '../../lib/errors';
import { logger } from '../../lib/logger';

export interface PaySecrets {
  /** The merchant's API private key (apiclient_key.pem): signs requests and paySign. */
  merchantPrivateKey: string;
  /** The serial number of the merchant API certificate (upper-case hex, as WeChat shows it). */
  merchantSerial: string;
  /** The 32-character APIv3 key: decrypts notification resources. */
  apiV3Key: string;
  /** The WeChat Pay public key (pub_key.pem): verifies notifications and responses. */
  publicKey: string;
  /** Its id, `PUB_KEY_ID_…`: the only value `Wechatpay-Serial` may carry. */
  publicKeyId: string;
}

export interface PayConfig {
  /** The mini-program's appid (WECHAT_APPID). */
  appid: string;
  mchid: string;
  /** https://api.mch.weixin.qq.com in production; the stand-in locally. No trailing slash. */
  apiBase: string;
  /** Our POST /pay/wechat/notify (payments and refunds). */
  notifyUrl: string;
}

/** Plain configuration, read on each call (tests point it at their own stand-in). */
export function payConfig(): PayConfig {
  return {
    appid: required('WECHAT_APPID'),
    mchid: required('WECHATPAY_MCHID'),
    apiBase: (process.env.WECHATPAY_API_BASE || 'https://api.mch.weixin.qq.com').replace(/\/+$/, ''),
    notifyUrl: required('WECHATPAY_NOTIFY_URL'),
  };
}

let cached: { source: string; secrets: PaySecrets } | null = null;

/**
 * The key material, cached per warm Lambda (per secret id, or per env values locally). A Secrets
 * Manager failure is `pay_unavailable` (503: retry later); a malformed secret is a configuration error.
 */
export async function paySecrets(): Promise<PaySecrets> {
  const secretId = process.env.WECHATPAY_SECRET_ID;
  if (secretId) {
    if (cached && cached.source === `sm:${secretId}`) return cached.secrets;
    const secrets = checked(await fromSecretsManager(secretId));
    cached = { source: `sm:${secretId}`, secrets };
    return secrets;
  }
  const env = {
    merchantPrivateKey: required('WECHATPAY_MERCHANT_KEY'),
    merchantSerial: required('WECHATPAY_MERCHANT_SERIAL'),
    apiV3Key: required('WECHATPAY_APIV3_KEY'),
    publicKey: required('WECHATPAY_PUBLIC_KEY'),
    publicKeyId: required('WECHATPAY_PUBLIC_KEY_ID'),
  };
  const source = `env:${env.merchantSerial}:${env.publicKeyId}:${env.apiV3Key}:${env.merchantPrivateKey}:${env.publicKey}`;
  if (cached && cached.source === source) return cached.secrets;
  const secrets = checked(env);
  cached = { source, secrets };
  return secrets;
}

/** Forget the cached secrets (tests that swap key material). */
export function resetPaySecretsCache(): void {
  cached = null;
}

async function fromSecretsManager(secretId: string): Promise<unknown> {
  try {
    const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
    const client = new SecretsManagerClient({});
    const out = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    if (!out.SecretString) throw new Error('the secret has no SecretString');
    return JSON.parse(out.SecretString) as unknown;
  } catch (e) {
    // The error's name only: its message could echo parts of the secret.
    logger.error('WeChat Pay secret could not be read', { error: (e as Error).name });
    throw fail('pay_unavailable', 'the WeChat Pay keys could not be read');
  }
}

/** Checks the shape (never the values into a log). */
function checked(raw: unknown): PaySecrets {
  const s = (raw ?? {}) as Record<string, unknown>;
  const str = (k: keyof PaySecrets) => {
    const v = s[k];
    if (typeof v !== 'string' || v.length === 0) throw new Error(`WeChat Pay secret: ${k} is missing`);
    return v;
  };
  const secrets: PaySecrets = {
    merchantPrivateKey: str('merchantPrivateKey'),
    merchantSerial: str('merchantSerial'),
    apiV3Key: str('apiV3Key'),
    publicKey: str('publicKey'),
    publicKeyId: str('publicKeyId'),
  };
  if (Buffer.byteLength(secrets.apiV3Key, 'utf8') !== 32) throw new Error('WeChat Pay secret: apiV3Key must be 32 bytes');
  if (!secrets.publicKeyId.startsWith('PUB_KEY_ID_')) throw new Error('WeChat Pay secret: publicKeyId must be a PUB_KEY_ID_… id');
  // WeChat shows (and expects) the merchant serial in upper case; @fidm/x509's getSN() would give lower case.
  secrets.merchantSerial = secrets.merchantSerial.toUpperCase();
  return secrets;
}

function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`missing configuration: ${name}`);
  return v;
}
