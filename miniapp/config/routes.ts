/**
 * What the mini-program needs of the shared contract at run time, read from it at build time and handed
 * to the bundle as constants: the route table (name → method, path, public or not) as ROUTE_TABLE, and
 * the error catalogue's Chinese wording (code → [member, staff?]) as ERROR_WORDS.
 *
 * Why: importing shared/contract/routes at run time drags every zod schema and zod itself (about 190 KB)
 * into the weapp main package, while the client only needs each route's method and path; the catalogue's
 * English messages, statuses and field names (about 17 KB) are for the API. The types still come from the
 * contract (type-only imports), so a page cannot name a route or an error code the contract does not have.
 */
import path from 'node:path'
import { buildSync } from 'esbuild'

export interface ClientRoute {
  method: string
  path: string
  public: boolean
}

/** Loads a module of shared/ (TypeScript, bundled with its imports) in this process. */
function load<T>(entry: string): T {
  const out = buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    logLevel: 'silent',
  })
  const mod = { exports: {} as T }
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function('module', 'exports', 'require', out.outputFiles[0]!.text)(mod, mod.exports, require)
  return mod.exports
}

export function clientRouteTable(sharedDir: string): Record<string, ClientRoute> {
  const { routes } = load<{ routes?: Record<string, { method: string; path: string; auth: unknown }> }>(path.join(sharedDir, 'contract', 'routes'))
  if (!routes) throw new Error('shared/contract/routes exports no `routes`')
  return Object.fromEntries(Object.entries(routes).map(([name, r]) => [name, { method: r.method, path: r.path, public: r.auth === 'public' }]))
}

/** Each error code's Chinese wording: [for members, for staff when it differs]. */
export function clientErrorWords(sharedDir: string): Record<string, [string] | [string, string]> {
  const { ERRORS } = load<{ ERRORS?: Record<string, { member: string; staff?: string }> }>(path.join(sharedDir, 'contract', 'errors'))
  if (!ERRORS) throw new Error('shared/contract/errors exports no `ERRORS`')
  return Object.fromEntries(Object.entries(ERRORS).map(([code, e]) => [code, e.staff && e.staff !== e.member ? [e.member, e.staff] : [e.member]]))
}
