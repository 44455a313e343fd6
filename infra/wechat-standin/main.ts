/**
 * Runs the WeChat stand-in on its own: `npx tsx infra/wechat-standin/main.ts`.
 *
 * Environment: WECHAT_STANDIN_PORT (default 3900), WECHAT_APPID (default wx-demo-appid),
 * WECHAT_SECRET (default demo-secret). Point the backend at the printed URL with WECHAT_API_BASE.
 */
import { startWeChatStandIn } from './server';

async function main(): Promise<void> {
  const port = Number(process.env.WECHAT_STANDIN_PORT || 3900);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`WECHAT_STANDIN_PORT is not a valid port: ${process.env.WECHAT_STANDIN_PORT}`);
  }
  const appid = process.env.WECHAT_APPID || 'wx-demo-appid';
  const standIn = await startWeChatStandIn({
    port,
    appid,
    secret: process.env.WECHAT_SECRET || 'demo-secret',
  });
  console.log(`[wechat-standin] listening on ${standIn.url} (appid ${appid})`);
  // Run alone, it makes its own WeChat Pay keys (merchant key included): GET /__dev/pay/* shows its state.
  console.log(`[wechat-standin] WeChat Pay v3 on the same URL: mchid ${standIn.payKeys.mchid}, public key id ${standIn.payKeys.publicKeyId}`);

  let closing = false;
  const stop = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    console.log(`[wechat-standin] ${signal}: closing`);
    standIn.close().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error('[wechat-standin] close failed', e);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error('[wechat-standin] failed to start', e);
  process.exit(1);
});
