/**
 * A fault proxy (issue 20): a small HTTP proxy on 127.0.0.1 in front of DynamoDB Local or the WeChat
 * stand-in that, per request, forwards it untouched or fails it the way the real service fails:
 *
 * - `latency`: waits `ms`, then forwards;
 * - `stall`: holds the request `ms` without an answer, then drops the connection (the write never reached
 *   the engine);
 * - `reset`: drops the connection at once (nothing forwarded);
 * - `answer`: answers a status and body of its own without forwarding: DynamoDB's
 *   `ProvisionedThroughputExceededException` / `ThrottlingException` (400) or `InternalServerError` (500),
 *   WeChat's `{"errcode":-1}` (system busy) or 45009 (rate limit), or a malformed body;
 * - `commitThenDrop`: forwards, lets the engine commit, and drops the connection instead of the answer
 *   (the caller cannot know whether its write happened).
 *
 * The test or bench decides per request through `policy` (it sees the DynamoDB operation from the
 * X-Amz-Target header, or the path). Every request is counted by operation, fault and what came of it.
 * Loopback only; nothing here reaches beyond 127.0.0.1.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  | { kind: 'latency'; ms: number }
  | { kind: 'stall'; ms: number }
  | { kind: 'reset' }
  | { kind: 'answer'; status: number; body: string; contentType?: string }
  | { kind: 'commitThenDrop' };

export interface ProxiedRequest {
  method: string;
  path: string;
  /** DynamoDB's operation (`TransactWriteItems`, `GetItem`…) or, for other services, the path. */
  operation: string;
  body: Buffer;
}

export type FaultPolicy = (req: ProxiedRequest) => Fault | null;

/** DynamoDB's own failure answers, as its HTTP API gives them. */
export const DYNAMO_FAULTS = {
  throughputExceeded: (): Fault => ({
    kind: 'answer',
    status: 400,
    contentType: 'application/x-amz-json-1.0',
    body: JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException', message: 'The level of configured provisioned throughput for the table was exceeded.' }),
  }),
  throttling: (): Fault => ({
    kind: 'answer',
    status: 400,
    contentType: 'application/x-amz-json-1.0',
    body: JSON.stringify({ __type: 'com.amazon.coral.availability#ThrottlingException', message: 'Rate of requests exceeds the allowed throughput.' }),
  }),
  internalError: (): Fault => ({
    kind: 'answer',
    status: 500,
    contentType: 'application/x-amz-json-1.0',
    body: JSON.stringify({ __type: 'com.amazon.coral.service#InternalServerError', message: 'Internal server error' }),
  }),
};

/** WeChat's own failure answers (HTTP 200 with an errcode), and a broken one. */
export const WECHAT_FAULTS = {
  systemBusy: (): Fault => ({ kind: 'answer', status: 200, contentType: 'application/json', body: JSON.stringify({ errcode: -1, errmsg: 'system error' }) }),
  rateLimited: (): Fault => ({ kind: 'answer', status: 200, contentType: 'application/json', body: JSON.stringify({ errcode: 45009, errmsg: 'reach max api daily quota limit' }) }),
  malformed: (): Fault => ({ kind: 'answer', status: 200, contentType: 'application/json', body: '{"errcode":0,"errmsg":"ok",' }),
};

export interface FaultProxy {
  url: string;
  /** Replaces the policy (null: forward everything). */
  setPolicy(policy: FaultPolicy | null): void;
  /** Requests seen, by `<operation> <fault or forwarded> <outcome>`. */
  counts(): Record<string, number>;
  resetCounts(): void;
  close(): Promise<void>;
}

const faultName = (f: Fault | null) => (f === null ? 'forwarded' : f.kind === 'answer' ? `answer${f.status}` : f.kind);

export async function startFaultProxy(target: string, opts: { policy?: FaultPolicy | null } = {}): Promise<FaultProxy> {
  const to = new URL(target);
  if (to.hostname !== '127.0.0.1' && to.hostname !== 'localhost') throw new Error(`the fault proxy only fronts loopback services, not ${to.hostname}`);
  let policy: FaultPolicy | null = opts.policy ?? null;
  let counts: Record<string, number> = {};
  const count = (key: string) => {
    counts[key] = (counts[key] ?? 0) + 1;
  };
  const sockets = new Set<import('node:net').Socket>();

  const forward = (req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const out = httpRequest(
        { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: { ...req.headers, host: to.host } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      out.on('error', reject);
      out.end(body);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target ? target.split('.').pop()! : (req.url ?? '/').split('?')[0]!;
    const fault = policy ? policy({ method: req.method ?? 'GET', path: req.url ?? '/', operation, body }) : null;
    const key = `${operation} ${faultName(fault)}`;
    const drop = () => {
      count(`${key} dropped`);
      req.socket.destroy();
    };
    try {
      if (fault?.kind === 'reset') return drop();
      if (fault?.kind === 'stall') {
        await new Promise((r) => setTimeout(r, fault.ms));
        return drop();
      }
      if (fault?.kind === 'answer') {
        count(`${key} answered`);
        res.writeHead(fault.status, { 'content-type': fault.contentType ?? 'application/json', 'x-amzn-requestid': 'fault-proxy' });
        res.end(fault.body);
        return;
      }
      if (fault?.kind === 'latency') await new Promise((r) => setTimeout(r, fault.ms));
      const answer = await forward(req, body);
      if (fault?.kind === 'commitThenDrop') return drop();
      count(`${key} answered`);
      const headers = { ...answer.headers };
      delete headers['transfer-encoding'];
      res.writeHead(answer.status, { ...headers, 'content-length': String(answer.body.length) });
      res.end(answer.body);
    } catch {
      // The caller went away (its own timeout) or the service is down: nothing more to answer.
      count(`${key} failed`);
      if (!res.headersSent) req.socket.destroy();
    }
  };

  const server: Server = createServer((req, res) => void handle(req, res));
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setPolicy: (p) => {
      policy = p;
    },
    counts: () => ({ ...counts }),
    resetCounts: () => {
      counts = {};
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
