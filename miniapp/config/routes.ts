/**
 * The route table the mini-program's API client needs (name → method, path, public or not), read from
 * the shared contract at build time and handed to the bundle as the constant ROUTE_TABLE.
 *
 * Why: importing shared/contract/routes at run time drags every zod schema and zod itself (about 190 KB)
 * into the weapp main package, while the client only needs each route's method and path; the types still
 * come from the contract (type-only imports).
 */
import path from 'node:path'
import { buildSync } from 'esbuild'

export interface ClientRoute {
  method: string
  path: string
  public: boolean
}

export function clientRouteTable(sharedDir: string): Record<string, ClientRoute> {
  const out = buildSync({
    entryPoints: [path.join(sharedDir, 'contract', 'routes')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    logLevel: 'silent',
  })
  const mod: { exports: { routes?: Record<string, { method: string; path: string; auth: unknown }> } } = { exports: {} }
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function('module', 'exports', 'require', out.outputFiles[0]!.text)(mod, mod.exports, require)
  const routes = mod.exports.routes
  if (!routes) throw new Error('shared/contract/routes exports no `routes`')
  return Object.fromEntries(Object.entries(routes).map(([name, r]) => [name, { method: r.method, path: r.path, public: r.auth === 'public' }]))
}
