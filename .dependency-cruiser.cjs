/**
 * The architecture rules (issue 14), checked by tests/unit/architecture.test.ts in `npm test`.
 * Layers, bottom up: shared/domain (pure rules) < shared/contract (zod schemas, routes, errors)
 * < functions/adapters (the only code that talks to DynamoDB and WeChat) < functions/lib, functions/core
 * < capability folders (functions/<capability>: routes, use cases, jobs). The mini-program sits beside the
 * functions and shares only shared/.
 */
const CAPABILITY = '^functions/(?!adapters/|lib/|core/)([^/]+)/';

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'No import cycle anywhere in our code.',
      severity: 'error',
      from: { pathNot: '^node_modules' },
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      comment: 'shared/domain imports nothing of ours outside shared/domain (and no I/O library).',
      severity: 'error',
      from: { path: '^shared/domain/' },
      to: { pathNot: ['^shared/domain/', '^node_modules/', '^(node:)?crypto$'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'contract-only-domain',
      comment: 'The contract imports only the domain (and zod).',
      severity: 'error',
      from: { path: '^shared/contract/' },
      to: { pathNot: ['^shared/contract/', '^shared/domain/', '^node_modules/zod/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'shared-is-shared',
      comment: 'shared/ is used by both halves: no AWS, no Taro, nothing from functions/ or miniapp/.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: ['^functions/', '^miniapp/', '^infra/', '^node_modules/(@aws-sdk|@tarojs|aws-lambda)/'] },
    },
    {
      name: 'adapters-below-use-cases',
      comment: 'Adapters never import use cases, the core or capabilities (only other adapters, lib and shared).',
      severity: 'error',
      from: { path: '^functions/adapters/' },
      to: { path: '^functions/', pathNot: ['^functions/adapters/', '^functions/lib/(config|logger|errors|clock)\\.ts$'] },
    },
    {
      name: 'lib-below-core',
      comment: 'functions/lib (HTTP wrapper, errors, session, config, clock, logger) knows no use case.',
      severity: 'error',
      from: { path: '^functions/lib/' },
      to: { path: '^functions/', pathNot: ['^functions/lib/', '^functions/adapters/'] },
    },
    {
      name: 'core-below-capabilities',
      comment: 'The core sits below every capability and imports none of them.',
      severity: 'error',
      from: { path: '^functions/core/' },
      to: { path: CAPABILITY },
    },
    {
      name: 'capabilities-collaborate-by-name',
      comment:
        "A capability imports another capability only through that capability's collaboration.ts " +
        '(an explicit, named collaboration), never its use cases.',
      severity: 'error',
      from: { path: CAPABILITY },
      to: { path: CAPABILITY, pathNot: ['^functions/$1/', '^functions/[^/]+/collaboration\\.ts$'] },
    },
    {
      name: 'functions-not-miniapp',
      comment: 'The backend and the mini-program share only shared/.',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: '^(miniapp|infra|tests)/' },
    },
    {
      name: 'miniapp-not-backend',
      severity: 'error',
      from: { path: '^miniapp/' },
      to: { path: '^(functions|infra|tests)/' },
    },
    {
      name: 'pages-stay-apart',
      comment: "A mini-program page never imports another page's files: shared UI lives in components/ or kit/.",
      severity: 'error',
      from: { path: '^miniapp/src/(pages|staff|admin|member)/([^/]+)/' },
      // Files at a package's root (e.g. admin/common.ts) are shared within that package.
      to: { path: '^miniapp/src/(pages|staff|admin|member)/[^/]+/', pathNot: '^miniapp/src/$1/$2/' },
    },
    {
      name: 'platform-wraps-apis-only',
      comment: 'miniapp/src/platform only wraps WeChat and H5 APIs: no UI components, no API calls.',
      severity: 'error',
      from: { path: '^miniapp/src/platform/' },
      to: { path: ['^miniapp/src/(api|components|kit|pages|staff|admin|member)/', '^node_modules/@tarojs/components/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^miniapp/dist', '\\.config\\.ts$', '\\.scss$'] },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    moduleSystems: ['es6', 'cjs'],
  },
};
