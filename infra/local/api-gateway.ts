import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { load } from 'js-yaml';
import { matchPath } from '../../functions/lib/http';

const ROOT = join(__dirname, '..', '..');

type LambdaHandler = (event: APIGatewayProxyEventV2, context?: unknown) => Promise<APIGatewayProxyResultV2>;

export interface HttpRoute {
  functionName: string;
  method: string;
  path: string;
  /** e.g. `functions/members/http.getMe` */
  handler: string;
}

interface ServerlessFile {
  provider: { httpApi?: { cors?: { allowedOrigins?: string[]; allowedHeaders?: string[]; allowedMethods?: string[]; maxAge?: number; exposedResponseHeaders?: string[] } } };
  functions: Record<string, { handler: string; events?: { httpApi?: { method: string; path: string } }[] }>;
}

function readServerless(): ServerlessFile {
  return load(readFileSync(join(ROOT, 'serverless.yml'), 'utf8')) as ServerlessFile;
}

/** The httpApi routes exactly as serverless.yml declares them: the local API cannot drift from AWS. */
export function httpRoutes(): HttpRoute[] {
  const sls = readServerless();
  const out: HttpRoute[] = [];
  for (const [functionName, fn] of Object.entries(sls.functions)) {
    for (const ev of fn.events ?? []) {
      if (ev.httpApi) out.push({ functionName, method: ev.httpApi.method.toUpperCase(), path: ev.httpApi.path, handler: fn.handler });
    }
  }
  return out;
}

export async function loadHandler(handler: string): Promise<LambdaHandler> {
  const dot = handler.lastIndexOf('.');
  const mod = (await import(join(ROOT, handler.slice(0, dot)))) as Record<string, unknown>;
  const fn = mod[handler.slice(dot + 1)] ?? (mod.default as Record<string, unknown> | undefined)?.[handler.slice(dot + 1)];
  if (typeof fn !== 'function') throw new Error(`handler ${handler} not found`);
  return fn as LambdaHandler;
}

export interface EventInput {
  method: string;
  path: string;
  routeKey?: string;
  rawQueryString?: string;
  headers?: Record<string, string | undefined>;
  body?: string | null;
  pathParameters?: Record<string, string>;
  sourceIp?: string;
}

/** An API Gateway HTTP API (payload v2.0) event, shaped as AWS sends it. */
export function buildHttpEvent(input: EventInput): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(input.headers ?? {})) if (v !== undefined) headers[k.toLowerCase()] = v;
  const rawQueryString = input.rawQueryString ?? '';
  const query: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(rawQueryString)) query[k] = query[k] === undefined ? v : `${query[k]},${v}`;
  const now = new Date();
  return {
    version: '2.0',
    routeKey: input.routeKey ?? `${input.method} ${input.path}`,
    rawPath: input.path,
    rawQueryString,
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(input.pathParameters && Object.keys(input.pathParameters).length ? { pathParameters: input.pathParameters } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: input.method,
        path: input.path,
        protocol: 'HTTP/1.1',
        sourceIp: input.sourceIp ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: input.routeKey ?? `${input.method} ${input.path}`,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(input.body ? { body: input.body } : {}),
    isBase64Encoded: false,
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      // API Gateway's payload limit.
      if (size > 10 * 1024 * 1024) reject(new Error('payload too large'));
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Serves serverless.yml's httpApi routes over HTTP, calling the same handler modules Lambda runs,
 * with real API Gateway v2 events and the CORS answers API Gateway gives from the httpApi.cors block.
 */
export async function startApiServer(opts: { port: number; host?: string; log?: (line: string) => void }): Promise<{
  url: string;
  server: Server;
  /** The local H5 build's origin(s): what serverless.yml's `${opt:h5-origin}` stands for locally. */
  allowOrigins(origins: string[]): void;
  close(): Promise<void>;
}> {
  const sls = readServerless();
  const cors = sls.provider.httpApi?.cors ?? {};
  const routes = await Promise.all(httpRoutes().map(async (r) => ({ ...r, fn: await loadHandler(r.handler) })));
  // Issue 20: CORS answers only the configured H5 origin. serverless.yml names it as a deploy option; locally
  // it is the H5 server's own origin, given by the stack once that server listens.
  let localOrigins: string[] = [];
  const allowedOrigins = () => (cors.allowedOrigins ?? []).flatMap((o) => (o.includes('${') ? localOrigins : [o]));
  const corsHeaders = (origin: string | undefined): Record<string, string> => {
    const allowed = allowedOrigins();
    const allow = allowed.includes('*') ? '*' : origin && allowed.includes(origin) ? origin : null;
    if (!allow) return {};
    const expose = cors.exposedResponseHeaders ?? [];
    return { 'access-control-allow-origin': allow, vary: 'Origin', ...(expose.length ? { 'access-control-expose-headers': expose.join(',') } : {}) };
  };

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    const origin = req.headers.origin;
    if (method === 'OPTIONS') {
      res.writeHead(204, {
        ...corsHeaders(origin),
        'access-control-allow-methods': (cors.allowedMethods ?? []).join(','),
        'access-control-allow-headers': (cors.allowedHeaders ?? []).join(','),
        'access-control-max-age': String(cors.maxAge ?? 0),
      });
      res.end();
      return;
    }
    let status = 500;
    try {
      const candidates = routes.map((r) => ({ r, params: matchPath(r.path, url.pathname) })).filter((c) => c.params);
      const hit = candidates.find((c) => c.r.method === method);
      if (!hit) {
        status = candidates.length ? 405 : 404;
        res.writeHead(status, { 'content-type': 'application/json', ...corsHeaders(origin) });
        res.end(JSON.stringify({ message: candidates.length ? 'Method Not Allowed' : 'Not Found' }));
        return;
      }
      const body = await readBody(req);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
      const event = buildHttpEvent({
        method,
        path: url.pathname,
        routeKey: `${hit.r.method} ${hit.r.path}`,
        rawQueryString: url.search.replace(/^\?/, ''),
        headers,
        body: body || null,
        pathParameters: hit.params ?? undefined,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
      });
      const result = (await hit.r.fn(event, { functionName: hit.r.functionName, awsRequestId: event.requestContext.requestId })) as APIGatewayProxyStructuredResultV2;
      status = result.statusCode ?? 200;
      res.writeHead(status, { ...(result.headers as Record<string, string>), ...corsHeaders(origin) });
      res.end(result.isBase64Encoded && result.body ? Buffer.from(result.body, 'base64') : result.body ?? '');
    } catch (e) {
      res.writeHead(500, { 'content-type': 'application/json', ...corsHeaders(origin) });
      res.end(JSON.stringify({ message: 'Internal Server Error' }));
      opts.log?.(`api error: ${(e as Error).stack}`);
    } finally {
      opts.log?.(`${method} ${url.pathname} ${status} ${Date.now() - started}ms`);
    }
  });
  const host = opts.host ?? '0.0.0.0';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  return {
    url: `http://localhost:${port}`,
    server,
    allowOrigins: (origins) => {
      localOrigins = origins;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
