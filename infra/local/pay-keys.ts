/**
 * WeChat Pay key material for local runs (issue 17): generated fresh at every start (npm start, the
 * integration and e2e runs, the benches), never committed or written to disk. The stand-in gets its own
 * key pair, the merchant's public key and the APIv3 key; the backend gets the rest as env (the names of
 * functions/adapters/wechatpay/secrets.ts; Secrets Manager in AWS).
 */
import { createPublicKey } from 'node:crypto';
import { generateLocalPayKeys, LOCAL_MCHID, payBackendEnv, type LocalPayKeys } from '../wechat-standin/pay';

export { generateLocalPayKeys, payBackendEnv, type LocalPayKeys };

/** Where the stand-in sends notifications locally: the local API gateway's URL + /pay/wechat/notify (loopback). */
export function localNotifyUrl(apiUrl: string): string {
  return `${apiUrl.replace(/\/+$/, '').replace('//localhost:', '//127.0.0.1:')}/pay/wechat/notify`;
}

/** The stand-in's private key travels to test workers in this variable (the backend never reads it). */
const STANDIN_KEY_VAR = 'WECHATPAY_STANDIN_PRIVATE_KEY';

/** Puts the keys into process.env: the backend's secrets plus the stand-in's private key (test runs only). */
export function exportPayKeys(keys: LocalPayKeys, o: { apiBase: string; notifyUrl: string }): void {
  Object.assign(process.env, payBackendEnv(keys, o), { [STANDIN_KEY_VAR]: keys.platformPrivateKey });
}

/** The keys a global setup exported (exportPayKeys), or null when there are none. */
export function payKeysFromEnv(): LocalPayKeys | null {
  const e = process.env;
  const merchantPrivateKey = e.WECHATPAY_MERCHANT_KEY;
  const platformPrivateKey = e[STANDIN_KEY_VAR];
  if (!merchantPrivateKey || !platformPrivateKey || !e.WECHATPAY_MERCHANT_SERIAL || !e.WECHATPAY_APIV3_KEY || !e.WECHATPAY_PUBLIC_KEY || !e.WECHATPAY_PUBLIC_KEY_ID) return null;
  return {
    mchid: e.WECHATPAY_MCHID || LOCAL_MCHID,
    merchantPrivateKey,
    merchantPublicKey: createPublicKey(merchantPrivateKey).export({ type: 'spki', format: 'pem' }).toString(),
    merchantSerial: e.WECHATPAY_MERCHANT_SERIAL,
    apiV3Key: e.WECHATPAY_APIV3_KEY,
    platformPrivateKey,
    platformPublicKey: e.WECHATPAY_PUBLIC_KEY,
    publicKeyId: e.WECHATPAY_PUBLIC_KEY_ID,
  };
}

/** The keys of this run: those a global setup exported, else fresh ones. */
export async function localPayKeys(): Promise<LocalPayKeys> {
  return payKeysFromEnv() ?? (await generateLocalPayKeys());
}
