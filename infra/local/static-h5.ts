import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
};

/**
 * Serves the H5 build. The API and stand-in addresses are injected into index.html at serve time
 * (window.__HUIYUAN__), so one build runs against any ports (npm start, e2e tests on free ports).
 */
export async function startH5Server(opts: {
  port: number;
  dir: string;
  runtime: { apiBase: string; wechatStandIn: string };
}): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const inject = `<script>window.__HUIYUAN__=${JSON.stringify(opts.runtime)}</script>`;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let rel = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, '');
    if (rel === '/' || rel === '') rel = '/index.html';
    let file = join(opts.dir, rel);
    if (!file.startsWith(opts.dir) || !existsSync(file) || statSync(file).isDirectory()) file = join(opts.dir, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('H5 build missing: run npm run build:h5');
      return;
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    if (file.endsWith('index.html')) {
      const html = readFileSync(file, 'utf8').replace('<head>', `<head>${inject}`);
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(html);
      return;
    }
    res.writeHead(200, { 'content-type': type, 'cache-control': 'public, max-age=60' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '0.0.0.0', () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  return { url: `http://localhost:${port}`, server, close: () => new Promise<void>((r) => server.close(() => r())) };
}
