import { join } from 'node:path';

/**
 * Every page of the mini-program, as app.config.ts lists them (main package, then each subpackage's
 * pages under its root), so a browser test that walks the app covers a new page without being told.
 */
export function appPages(): string[] {
  const g = globalThis as { defineAppConfig?: (c: unknown) => unknown };
  const had = g.defineAppConfig;
  g.defineAppConfig = (c) => c;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const config = require(join(__dirname, '..', '..', 'miniapp', 'src', 'app.config.ts')).default as {
      pages: string[];
      subPackages?: { root: string; pages: string[] }[];
      subpackages?: { root: string; pages: string[] }[];
    };
    const subs = config.subPackages ?? config.subpackages ?? [];
    return [...config.pages, ...subs.flatMap((s) => s.pages.map((p) => `${s.root.replace(/\/$/, '')}/${p}`))];
  } finally {
    g.defineAppConfig = had;
  }
}
